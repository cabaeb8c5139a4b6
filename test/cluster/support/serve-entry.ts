/**
 * A node process for the integration tests: `node --import tsx serve-entry.ts '<NodeOptions JSON>'`.
 * It runs the same startNode() as `vstudio serve` and shuts down cleanly on SIGTERM.
 */
import { startNode } from '../../../src/server/start-node.js';
import type { NodeOptions } from '../../../src/server/node-options.js';

type Raw = Omit<NodeOptions, 'initialCluster' | 'peerRoutes'> & { initialCluster?: [number, string][]; peerRoutes?: [number, string][] };
const { initialCluster, peerRoutes, ...rest } = JSON.parse(process.argv[2] ?? '{}') as Raw;
const options: NodeOptions = {
  ...rest,
  ...(initialCluster !== undefined ? { initialCluster: new Map(initialCluster) } : {}),
  ...(peerRoutes !== undefined ? { peerRoutes: new Map(peerRoutes) } : {}),
};
const node = await startNode(options);
// A test runner killed hard (a timeout, kill -9) cannot stop its nodes: they stop themselves once orphaned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void node.shutdown().finally(() => process.exit(0));
}, 1_000).unref();
process.stdout.write(`LISTENING ${node.clientAddress}\n`);
process.on('SIGTERM', () => {
  // Exit once stdout has drained, so that the last log lines reach the test.
  void node.shutdown().then(() => process.stdout.write('', () => process.exit(0)), (e: unknown) => {
    process.stderr.write(`shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
});
