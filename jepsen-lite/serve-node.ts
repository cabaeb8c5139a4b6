/**
 * One node for jepsen-lite, started as `node --import tsx jepsen-lite/serve-node.ts <vstudio serve
 * flags>`: the same `startNode()` that `vstudio serve` runs, with the subset of its flags that
 * jepsen-lite passes (same spellings), and a clean shutdown on SIGTERM. `--serve entry` uses it
 * instead of `vstudio serve` (the default), to keep a run independent of the CLI's module tree.
 */
import { parseArgs } from 'node:util';
import { parseAddress, parseInitialCluster, type NodeOptions } from '../src/server/node-options.js';
import { startNode } from '../src/server/start-node.js';

const { values } = parseArgs({
  options: {
    'node-id': { type: 'string' }, data: { type: 'string' }, listen: { type: 'string' }, 'peer-listen': { type: 'string' },
    'initial-cluster': { type: 'string' }, 'peer-route': { type: 'string' }, 'log-level': { type: 'string' }, 'tick-ms': { type: 'string' },
  },
});
const routes = new Map<number, string>();
for (const part of (values['peer-route'] ?? '').split(',').filter((s) => s !== '')) {
  const [id, addr] = part.split('=');
  routes.set(Number(id), parseAddress('--peer-route', addr ?? ''));
}
const options: NodeOptions = {
  nodeId: Number(values['node-id']),
  dataDir: values.data ?? '',
  listen: parseAddress('--listen', values.listen ?? ''),
  peerListen: parseAddress('--peer-listen', values['peer-listen'] ?? ''),
  ...(values['initial-cluster'] !== undefined ? { initialCluster: parseInitialCluster(values['initial-cluster']) } : {}),
  peerRoutes: routes,
  logLevel: values['log-level'] ?? 'info',
  ...(values['tick-ms'] !== undefined ? { tickMs: Number(values['tick-ms']) } : {}),
};
const node = await startNode(options);
process.stderr.write(`vstudio: node ${node.nodeId} serving clients on ${node.clientAddress}, peers on ${node.peerAddress}\n`);
process.on('SIGTERM', () => {
  void node.shutdown().then(() => process.exit(0), (e: unknown) => {
    process.stderr.write(`shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
});
