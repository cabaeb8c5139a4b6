import { afterEach, describe, expect, it } from 'vitest';
import { VectorStudioClient } from '../../src/client/index.js';
import { TestCluster } from './support/test-cluster.js';

const clusters: TestCluster[] = [];
afterEach(async () => { for (const c of clusters.splice(0)) await c.close(); }, 60_000);

describe('reads during a reshard', () => {
  it('a record written before a split is never read as missing while the split commits', async () => {
    const cluster = await TestCluster.start({ nodes: 3 });
    clusters.push(cluster);
    const sdk = await VectorStudioClient.connect({ endpoints: cluster.nodes.map((n) => n.clientAddress) });
    try {
      await sdk.createCollection('r', { dimension: 2, sharding: 'range', splitKeys: ['k2'] });
      const ids = ['k0', 'k1', 'k2', 'k3', 'k4'];
      await sdk.upsert('r', ids.map((id, i) => ({ id, vector: [i, 0] })));
      let reading = true;
      const misses: string[] = [];
      const readers = ids.map(async (id) => {
        while (reading) {
          try {
            const got = await sdk.get('r', [id], { withVectors: false, timeoutMs: 10_000 });
            if (got.missing.length > 0) misses.push(`${id} at ${Date.now()}`);
          } catch {
            // unavailable for a moment: not a miss
          }
        }
      });
      await sdk.reshard('r', { split: { shard: 1, splitKey: 'k3' } });
      const until = Date.now() + 30_000;
      while (Date.now() < until && (await sdk.listOperators()).operators.length > 0) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_000));
      reading = false;
      await Promise.all(readers);
      expect((await sdk.describeCollection('r')).shards).toBe(3);
      expect(misses).toEqual([]);
    } finally {
      sdk.close();
    }
  }, 120_000);
});
