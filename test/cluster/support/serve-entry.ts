/**
 * A node process for the integration tests: `node --import tsx serve-entry.ts '<NodeOptions JSON>'`.
 * It runs the same startNode() as `vstudio serve` and shuts down cleanly on SIGTERM.
 */
import { startNode } from '../../../src/server/start-node.js';
import type { NodeOptions } from '../../../src/server/node-options.js';

const raw = JSON.parse(process.argv[2] ?? '{}') as Omit<NodeOptions, 'initialCluster'> & { initialCluster?: [number, string][] };
const { initialCluster, ...rest } = raw;
const options: NodeOptions = { ...rest, ...(initialCluster !== undefined ? { initialCluster: new Map(initialCluster) } : {}) };
const node = await startNode(options);
process.stdout.write(`LISTENING ${node.clientAddress}\n`);
process.on('SIGTERM', () => {
  void node.shutdown().then(() => process.exit(0), (e: unknown) => {
    process.stderr.write(`shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
});
