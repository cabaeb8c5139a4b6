import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorStudioClient, VectorStudioError } from '../../src/client/index.js';
import { TestCluster } from './support/test-cluster.js';

// The TypeScript SDK against real node processes.
let cluster: TestCluster;
let client: VectorStudioClient;
const C = 'sdk';

beforeAll(async () => {
  cluster = await TestCluster.start({ nodes: 3 });
  client = await VectorStudioClient.connect({ endpoints: cluster.nodes.map((n) => n.clientAddress), timeoutMs: 15_000 });
  await client.createCollection(C, { dimension: 8 });
}, 120_000);

afterAll(async () => {
  client?.close();
  await cluster?.close();
}, 60_000);

function* records(n: number, prefix: string): Generator<{ id: string; vector: number[]; payload: { i: number } }> {
  for (let i = 0; i < n; i++) yield { id: `${prefix}-${i}`, vector: Array.from({ length: 8 }, (_, j) => Math.sin(i + j)), payload: { i } };
}

describe('the client SDK against a cluster', () => {
  it('upsertAll sends large inputs in batches, and every record is then counted and found', async () => {
    const progress: number[] = [];
    const r = await client.upsertAll(C, records(1_500, 'bulk'), { batchSize: 256, concurrency: 4, onProgress: (n) => progress.push(n) });
    expect(r.records).toBe(1_500);
    expect(r.batches).toBe(6);
    expect(progress.at(-1)).toBe(1_500);
    expect(await client.count(C)).toBe(1_500);
    const hits = await client.search(C, [...records(1, 'bulk')][0]!.vector, { k: 3, withPayload: true });
    expect(hits[0]!.id).toBe('bulk-0');
    expect(hits[0]!.payload).toEqual({ i: 0 });
  });

  it('learns which node leads the collection and sends writes there first', async () => {
    await client.upsert(C, [...records(1, 'cache')]);
    const leader = await cluster.leaderOf(2);
    expect(client.cachedLeader(C)).toBe(leader.clientAddress);
  });

  it('writes go on across a kill -9 of the leader; none acknowledged is lost', async () => {
    const leader = await cluster.leaderOf(2);
    const batches = [...records(200, 'failover')];
    const outcomes: Promise<{ ok: boolean; outcomeUnknown: boolean }>[] = [];
    for (let i = 0; i < batches.length; i += 10) {
      outcomes.push(client.upsert(C, batches.slice(i, i + 10)).then(
        () => ({ ok: true, outcomeUnknown: false }),
        (e: unknown) => ({ ok: false, outcomeUnknown: e instanceof VectorStudioError && e.outcomeUnknown }),
      ));
      if (i === 50) await leader.kill9();
      await new Promise((r) => setTimeout(r, 10));
    }
    const settled = await Promise.all(outcomes);
    const acked = settled.flatMap((o, k) => (o.ok ? batches.slice(k * 10, k * 10 + 10).map((b) => b.id) : []));
    // Writes that met the dead leader mid-flight fail (as outcome unknown, or definitely when
    // nothing was done); they are not repeated behind the caller's back. The cluster carries on.
    expect(acked.length).toBeGreaterThan(0);
    // The cluster carries on: once a new leader is elected, writes through the same client succeed.
    expect((await client.upsert(C, [...records(1, 'after-failover')])).upserted).toBe(1);
    const got = await client.get(C, acked);
    expect(got.missing).toEqual([]);
    await leader.restart();
  }, 120_000);
});
