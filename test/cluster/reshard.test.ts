import { afterEach, describe, expect, it } from 'vitest';
import { VectorStudioClient } from '../../src/client/index.js';
import type { ListOperatorsResponse__Output } from '../../src/wire/gen/vstudio/v1/ListOperatorsResponse.js';
import { TestCluster } from './support/test-cluster.js';
import type { WireClient } from './support/wire-client.js';
import { waitUntil } from './support/wait-until.js';

const clusters: TestCluster[] = [];
const clients: VectorStudioClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const c of clusters.splice(0)) await c.close();
}, 60_000);

async function start(): Promise<{ cluster: TestCluster; sdk: VectorStudioClient }> {
  const cluster = await TestCluster.start({ nodes: 3 });
  clusters.push(cluster);
  const sdk = await VectorStudioClient.connect({ endpoints: cluster.nodes.map((n) => n.clientAddress) });
  clients.push(sdk);
  return { cluster, sdk };
}

async function reshardDone(c: WireClient): Promise<boolean> {
  const ops = await c.call<ListOperatorsResponse__Output>((o, cb) => c.admin.ListOperators({ planNow: false }, o, cb));
  return !ops.operators.some((o) => o.kind === 'reshard');
}

const id = (i: number): string => `k-${String(i).padStart(4, '0')}`;
const vec = (i: number): number[] => [i % 17, (i * 7) % 13, 1, 2];

/** Writes batches of fresh records until stopped; counts requests and keeps the acknowledged ids. */
function writer(sdk: VectorStudioClient, collection: string, from: number): { stop: () => Promise<{ ok: number; failed: number; acked: string[] }> } {
  let running = true;
  let ok = 0;
  let failed = 0;
  const acked: string[] = [];
  const loop = (async () => {
    for (let b = 0; running; b++) {
      const records = Array.from({ length: 5 }, (_, j) => from + b * 5 + j).map((i) => ({ id: id(i), vector: vec(i) }));
      try {
        await sdk.upsert(collection, records, { timeoutMs: 15_000 });
        ok++;
        acked.push(...records.map((r) => r.id));
      } catch {
        failed++;
      }
    }
  })();
  return { stop: async () => { running = false; await loop; return { ok, failed, acked }; } };
}

describe('resharding while serving', () => {
  it('splits a range shard under a write load: every acknowledged record is found afterwards, in the shard its id falls in', async () => {
    const { cluster, sdk } = await start();
    await sdk.createCollection('byid', { dimension: 4, sharding: 'range' });
    await sdk.upsert('byid', Array.from({ length: 300 }, (_, i) => ({ id: id(i), vector: vec(i) })));
    const load = writer(sdk, 'byid', 300);
    await new Promise((r) => setTimeout(r, 500));
    const { operatorId } = await sdk.reshard('byid', { split: { shard: 0, splitKey: id(150) } });
    expect(operatorId).toBeGreaterThan(0);
    const admin = cluster.nodes[0]!.client;
    await waitUntil('the reshard finished', () => reshardDone(admin), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const { ok, failed, acked } = await load.stop();
    console.log(`split under load: ${ok + failed} write requests, ${failed} failed, ${acked.length} records acknowledged during the split`);
    const info = await sdk.describeCollection('byid');
    expect(info.shards).toBe(2);
    expect(JSON.parse(info.shardingJson)).toMatchObject({ kind: 'range', ranges: [{ id: 0, epoch: 2, start: '' }, { id: 1, epoch: 2, start: id(150) }] });
    const all = [...Array.from({ length: 300 }, (_, i) => id(i)), ...acked];
    for (let i = 0; i < all.length; i += 500) expect((await sdk.get('byid', all.slice(i, i + 500), { withVectors: false })).missing).toEqual([]);
    expect(await sdk.count('byid')).toBeGreaterThanOrEqual(all.length);
    expect(ok / (ok + failed)).toBeGreaterThanOrEqual(0.99);
    // The ids below the key live in shard 0's group, the others in shard 1's: each group holds only its own.
    const status = await sdk.clusterStatus();
    const groups = status.groups.filter((g) => g.collection === 'byid');
    expect(groups.map((g) => g.shard).sort()).toEqual([0, 1]);
  }, 150_000);

  it('grows a consistent collection from 4 to 5 shards: every record is still found and counted once', async () => {
    const { cluster, sdk } = await start();
    await sdk.createCollection('ring', { dimension: 4, shards: 4 });
    await sdk.upsert('ring', Array.from({ length: 400 }, (_, i) => ({ id: id(i), vector: vec(i) })));
    await sdk.reshard('ring', { addShard: true });
    await waitUntil('the reshard finished', () => reshardDone(cluster.nodes[1]!.client), 60_000);
    const info = await sdk.describeCollection('ring');
    expect(info.shards).toBe(5);
    expect((await sdk.get('ring', Array.from({ length: 400 }, (_, i) => id(i)), { withVectors: false })).missing).toEqual([]);
    expect(await sdk.count('ring')).toBe(400);
    const hits = await sdk.search('ring', vec(7), { k: 3, ef: 400 });
    expect(hits[0]!.score).toBe(0);
  }, 150_000);

  it('a split interrupted by killing the coordinator mid-copy is finished by the next one, and no record is lost', async () => {
    const { cluster, sdk } = await start();
    await sdk.createCollection('big', { dimension: 4, sharding: 'range' });
    const total = 3_000;
    for (let i = 0; i < total; i += 500) await sdk.upsert('big', Array.from({ length: 500 }, (_, j) => ({ id: id(i + j), vector: vec(i + j) })));
    const status = await sdk.clusterStatus();
    const coordinator = status.groups.find((g) => g.id === status.metaGroupId)!.leader;
    await sdk.reshard('big', { split: { shard: 0, splitKey: id(1_500) } });
    const asker = cluster.nodes.find((n) => n.id !== coordinator)!.client;
    await waitUntil('the copy started', async () => {
      const ops = await asker.call<ListOperatorsResponse__Output>((o, cb) => asker.admin.ListOperators({ planNow: false }, o, cb));
      return ops.operators.some((o) => o.kind === 'reshard' && (o.step === 'copying' || o.step === 'freezing'));
    }, 30_000);
    await cluster.node(coordinator).kill9();
    await waitUntil('the reshard finished under the next coordinator', () => reshardDone(asker), 90_000);
    const survivor = await VectorStudioClient.connect({ endpoints: cluster.nodes.filter((n) => n.running).map((n) => n.clientAddress) });
    clients.push(survivor);
    expect((await survivor.describeCollection('big')).shards).toBe(2);
    const ids = Array.from({ length: total }, (_, i) => id(i));
    for (let i = 0; i < total; i += 1_000) expect((await survivor.get('big', ids.slice(i, i + 1_000), { withVectors: false })).missing).toEqual([]);
    expect(await survivor.count('big')).toBe(total);
  }, 180_000);

  it('with --split-above, the coordinator splits a range shard that outgrows it at its median id', async () => {
    // 600 records of 4 dimensions weigh about 600 × 80 bytes: above 40,000, once; each half below.
    const cluster = await TestCluster.start({ nodes: 3, splitAboveBytes: 40_000 });
    clusters.push(cluster);
    const sdk = await VectorStudioClient.connect({ endpoints: cluster.nodes.map((n) => n.clientAddress) });
    clients.push(sdk);
    await sdk.createCollection('grows', { dimension: 4, sharding: 'range' });
    await sdk.upsert('grows', Array.from({ length: 600 }, (_, i) => ({ id: id(i), vector: vec(i) })));
    await waitUntil('the shard was split', async () => (await sdk.describeCollection('grows')).shards === 2 && await reshardDone(cluster.nodes[0]!.client), 60_000);
    const d = JSON.parse((await sdk.describeCollection('grows')).shardingJson) as { ranges: { start: string }[] };
    expect(d.ranges[1]!.start).toBe(id(300));
    expect((await sdk.get('grows', Array.from({ length: 600 }, (_, i) => id(i)), { withVectors: false })).missing).toEqual([]);
    expect(await sdk.count('grows')).toBe(600);
  }, 120_000);

    it('refuses a split key outside the shard, naming the field, and a split of a hashed collection', async () => {
    const { sdk } = await start();
    await sdk.createCollection('r2', { dimension: 4, sharding: 'range', splitKeys: ['m'] });
    await expect(sdk.reshard('r2', { split: { shard: 0, splitKey: 'z' } })).rejects.toMatchObject({ field: 'split.split_key' });
    await sdk.createCollection('h2', { dimension: 4, sharding: 'hash', shards: 2 });
    await expect(sdk.reshard('h2', { addShard: true })).rejects.toMatchObject({ grpcCode: 9 });
  }, 120_000);
});
