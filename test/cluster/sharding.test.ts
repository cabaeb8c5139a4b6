import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterStatusResponse__Output } from '../../src/wire/gen/vstudio/v1/ClusterStatusResponse.js';
import type { CollectionInfo__Output } from '../../src/wire/gen/vstudio/v1/CollectionInfo.js';
import type { DescribeCollectionResponse__Output } from '../../src/wire/gen/vstudio/v1/DescribeCollectionResponse.js';
import type { CreateCollectionResponse__Output } from '../../src/wire/gen/vstudio/v1/CreateCollectionResponse.js';
import type { GetResponse__Output } from '../../src/wire/gen/vstudio/v1/GetResponse.js';
import type { SearchResponse__Output } from '../../src/wire/gen/vstudio/v1/SearchResponse.js';
import type { UpsertResponse__Output } from '../../src/wire/gen/vstudio/v1/UpsertResponse.js';
import { bytesToVector, vectorToBytes } from '../../src/wire/vectors.js';
import { compareIds } from '../../src/store/vector/id-order.js';
import { TestCluster } from './support/test-cluster.js';
import { callError, type WireClient } from './support/wire-client.js';

const DIM = 16;
const RECORDS = 400;
const C = 'sharded';

/** A deterministic pseudo-random vector per record (an LCG: the test needs no seed to replay). */
function vectorOf(i: number): number[] {
  let x = (i + 1) * 2654435761 % 4294967296;
  return Array.from({ length: DIM }, () => {
    x = (x * 1664525 + 1013904223) % 4294967296;
    return x / 4294967296;
  });
}

const ids = Array.from({ length: RECORDS }, (_, i) => `rec-${i}`);

async function createCollection(c: WireClient, req: Record<string, unknown>): Promise<{ collection: CollectionInfo__Output }> {
  const res = await c.call<CreateCollectionResponse__Output>((o, cb) => c.vector.CreateCollection({ dimension: DIM, ...req }, o, cb), 30_000);
  return { collection: res.collection! };
}

function upsert(c: WireClient, collection: string, at: readonly number[]): Promise<UpsertResponse__Output> {
  return c.call((o, cb) => c.vector.Upsert({ collection, items: at.map((i) => ({ record: { id: ids[i], vector: vectorToBytes(vectorOf(i)) } })) }, o, cb), 20_000);
}

function search(c: WireClient, collection: string, query: number[], k: number, extra: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<SearchResponse__Output> {
  return c.call((o, cb) => c.vector.Search({ collection, vector: vectorToBytes(query), k, ef: 400, ...extra }, o, cb), timeoutMs);
}

function statusOf(c: WireClient): Promise<ClusterStatusResponse__Output> {
  return c.call((o, cb) => c.admin.ClusterStatus({}, o, cb), 10_000);
}

/** Exact top-k by squared l2 in float64 over the float32 values, ties by id: what one store answers. */
function exactTopK(query: number[], k: number): string[] {
  const q = Float32Array.from(query);
  return ids.map((id, i) => {
    const v = Float32Array.from(vectorOf(i));
    let d = 0;
    for (let j = 0; j < DIM; j++) d += (v[j]! - q[j]!) ** 2;
    return { id, d };
  }).sort((a, b) => a.d - b.d || compareIds(a.id, b.id)).slice(0, k).map((h) => h.id);
}

describe('a collection of 8 shards x 3 replicas on 5 nodes', () => {
  let cluster: TestCluster;
  let client: WireClient;

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 5 });
    client = cluster.nodes[0]!.client;
    await createCollection(client, { name: C, shards: 8, replicas: 3 });
    for (let i = 0; i < RECORDS; i += 100) await upsert(cluster.nodes[(i / 100) % 5]!.client, C, Array.from({ length: 100 }, (_, j) => i + j));
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it('is described with its 8 shards, 8 groups and the strategy', async () => {
    const info = (await client.call<DescribeCollectionResponse__Output>((o, cb) => client.vector.DescribeCollection({ name: C }, o, cb))).collection!;
    expect(info).toMatchObject({ shards: 8, sharding: 'consistent', replicas: 3, count: RECORDS });
    expect(info.groupIds).toHaveLength(8);
    expect(JSON.parse(info.shardingJson)).toMatchObject({ kind: 'consistent', ranges: Array.from({ length: 8 }, (_, id) => ({ id, epoch: 1 })) });
  });

  it('spreads the 24 replicas evenly: 4 or 5 on every node, 3 distinct nodes per shard', async () => {
    const s = await statusOf(client);
    const shards = s.groups.filter((g) => g.collection === C);
    expect(shards.map((g) => g.shard).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const perNode = new Map<number, number>();
    for (const g of shards) {
      expect(new Set(g.voters).size).toBe(3);
      for (const v of g.voters) perNode.set(Number(v), (perNode.get(Number(v)) ?? 0) + 1);
    }
    expect([...perNode.values()].sort()).toEqual([4, 5, 5, 5, 5]);
  });

  it('writes land on several shards: more than one group applied entries', async () => {
    const s = await statusOf(client);
    const written = s.groups.filter((g) => g.collection === C && Number(g.appliedIndex) > 2);
    expect(written.length).toBeGreaterThan(4);
  });

  it('finds every record through any node, in request order, and counts them all', async () => {
    for (const n of cluster.nodes) {
      const got = await n.client.call<GetResponse__Output>((o, cb) => n.client.vector.Get({ collection: C, ids: [...ids, 'absent'], withoutVectors: false }, o, cb), 20_000);
      expect(got.missing).toEqual(['absent']);
      expect(got.records.map((r) => r.id)).toEqual(ids);
      expect([...bytesToVector(got.records[7]!.vector)!]).toEqual([...Float32Array.from(vectorOf(7))]);
    }
    const counted = await client.call<{ count: number }>((o, cb) => client.vector.Count({ collection: C }, o, cb));
    expect(Number(counted.count)).toBe(RECORDS);
  });

  it('answers a multi-shard upsert batch with one result per item, in request order', async () => {
    const at = [3, 150, 7, 399, 42];
    const r = await upsert(cluster.nodes[2]!.client, C, at);
    expect(r.upserted).toBe(5);
    expect(r.results.map((x) => x.id)).toEqual(at.map((i) => ids[i]));
    expect(r.results.every((x) => x.status === 'ITEM_STATUS_UPSERTED')).toBe(true);
  });

  it('search merges the shards into exactly the top k of one store (20 queries, k = 10)', async () => {
    for (let q = 0; q < 20; q++) {
      const query = vectorOf(10_000 + q);
      const res = await search(cluster.nodes[q % 5]!.client, C, query, 10);
      expect(res.missingShards).toEqual([]);
      expect(res.hits.map((h) => h.id)).toEqual(exactTopK(query, 10));
      const scores = res.hits.map((h) => h.score);
      expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    }
  });

  it('with two replicas of a shard down, search fails naming a shard without a quorum, unless allow_partial, which lists exactly those as missing', async () => {
    const s = await statusOf(client);
    const victim = s.groups.find((g) => g.collection === C && !g.voters.map(Number).includes(1))!;
    const [a, b] = victim.voters.map(Number);
    const lost = s.groups.filter((g) => g.collection === C && g.voters.map(Number).filter((v) => v === a || v === b).length >= 2)
      .map((g) => `shard ${g.shard} (group ${Number(g.id)})`).sort();
    await cluster.node(a!).kill9();
    await cluster.node(b!).kill9();
    try {
      const query = vectorOf(20_000);
      const err = await callError(search(client, C, query, 10, {}, 4_000));
      expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).toContain(err.code);
      if (err.code === status.UNAVAILABLE) expect(lost).toContain(/shard \d+ \(group \d+\)/.exec(err.details)?.[0]);
      const started = Date.now();
      const partial = await search(client, C, query, 10, { allowPartial: true }, 8_000);
      expect(Date.now() - started).toBeLessThan(7_000);
      expect(partial.missingShards.map((m) => `shard ${m.shard} (group ${Number(m.groupId)})`).sort()).toEqual(lost);
      expect(partial.hits.length).toBe(10);
    } finally {
      cluster.node(a!).start();
      cluster.node(b!).start();
      await cluster.waitReady();
    }
  });
});

describe('hash and range sharding', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 3 });
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it('range sharding sends each id to the range it falls in: ids before the split key never touch the upper group', async () => {
    const c = cluster.nodes[0]!.client;
    const info = (await createCollection(c, { name: 'byrange', sharding: 'range', splitKeys: ['rec-5'] })).collection;
    expect(info).toMatchObject({ shards: 2, sharding: 'range' });
    // The upper group's first entries (its leader's no-op) settle before it is watched.
    let upper = (await statusOf(c)).groups.find((g) => Number(g.id) === Number(info.groupIds[1]))!;
    for (let settled = 0; settled < 3;) {
      await new Promise((r) => setTimeout(r, 200));
      const now = (await statusOf(c)).groups.find((g) => Number(g.id) === Number(info.groupIds[1]))!;
      settled = Number(now.appliedIndex) === Number(upper.appliedIndex) && Number(now.leader) !== 0 ? settled + 1 : 0;
      upper = now;
    }
    // rec-0 .. rec-4 and rec-10 .. rec-49 sort before "rec-5".
    await upsert(c, 'byrange', [0, 1, 2, 3, 4, 10, 11, 49]);
    const after = await statusOf(c);
    expect(Number(after.groups.find((g) => Number(g.id) === Number(upper.id))!.appliedIndex)).toBe(Number(upper.appliedIndex));
    await upsert(c, 'byrange', [5, 6]);
    const got = await c.call<GetResponse__Output>((o, cb) => c.vector.Get({ collection: 'byrange', ids: ['rec-0', 'rec-49', 'rec-5', 'rec-6'] }, o, cb));
    expect(got.records.map((r) => r.id)).toEqual(['rec-0', 'rec-49', 'rec-5', 'rec-6']);
  });

  it('hash sharding with 4 shards holds and finds every record', async () => {
    const c = cluster.nodes[1]!.client;
    expect((await createCollection(c, { name: 'byhash', sharding: 'hash', shards: 4 })).collection).toMatchObject({ shards: 4, sharding: 'hash' });
    await upsert(c, 'byhash', Array.from({ length: 100 }, (_, i) => i));
    const counted = await c.call<{ count: number }>((o, cb) => c.vector.Count({ collection: 'byhash' }, o, cb));
    expect(Number(counted.count)).toBe(100);
  });

  it('refuses bad sharding options naming the field', async () => {
    const c = cluster.nodes[0]!.client;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x1', sharding: 'modulo' }, 'sharding'],
      [{ name: 'x2', shards: 100_000 }, 'shards'],
      [{ name: 'x3', sharding: 'range', splitKeys: ['b', 'a'] }, 'split_keys[1]'],
      [{ name: 'x4', sharding: 'hash', splitKeys: ['a'] }, 'split_keys'],
    ];
    for (const [req, field] of cases) {
      const err = await callError(createCollection(c, req));
      expect(err.code, JSON.stringify(req)).toBe(status.INVALID_ARGUMENT);
      expect(err.metadata.get('vstudio-field'), JSON.stringify(req)).toEqual([field]);
    }
  });
});
