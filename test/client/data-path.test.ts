import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorStudioClient, VectorStudioError } from '../../src/client/index.js';
import { FakeCluster } from './support/fake-cluster.js';

describe('VectorStudioClient data path', () => {
  let cluster: FakeCluster;
  let client: VectorStudioClient;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    client = await VectorStudioClient.connect({ endpoints: cluster.endpoints, timeoutMs: 2000 });
    await client.createCollection('demo', { dimension: 3, metric: 'cosine' });
  });

  afterEach(() => {
    client.close();
    cluster.stop();
  });

  it('round-trips vectors as little-endian float32 and payloads as JSON', async () => {
    const payload = { lang: 'en', n: 3, ok: true, none: null, tags: ['a', 'b'], nested: { x: [1, { y: 'z' }] } };
    await client.upsert('demo', [
      { id: 'a', vector: [0.1, -2.5, 3e-7], payload },
      { id: 'b', vector: new Float32Array([1, 2, 3]) },
    ]);
    const got = await client.get('demo', ['a', 'b', 'nope']);
    expect(got.missing).toEqual(['nope']);
    expect(got.records.map((r) => r.id)).toEqual(['a', 'b']);
    expect(got.records[0]!.vector).toEqual(Float32Array.from([0.1, -2.5, 3e-7]));
    expect(got.records[0]!.payload).toEqual(payload);
    expect(got.records[1]!.payload).toEqual({});
    expect(got.records[1]!.version).toBeGreaterThan(0);
  });

  it('returns search hits nearest first with payloads, and vectors on request', async () => {
    await client.upsert('demo', [
      { id: 'far', vector: [9, 9, 9], payload: { k: 'far' } },
      { id: 'near', vector: [1, 0, 0], payload: { k: 'near' } },
    ]);
    const hits = await client.search('demo', [1, 0, 0], { k: 2, withVector: true });
    expect(hits.map((h) => h.id)).toEqual(['near', 'far']);
    expect(hits[0]!.score).toBeLessThan(hits[1]!.score);
    expect(hits[0]!.payload).toEqual({ k: 'near' });
    expect(hits[0]!.vector).toEqual(Float32Array.from([1, 0, 0]));
  });

  it('sends the search options and the filter as a Struct', async () => {
    await client.search('demo', [1, 0, 0], {
      k: 7, ef: 99, filter: { must: [{ key: 'lang', match: { value: 'en' } }] }, consistency: 'follower', maxStalenessMs: 250,
      withPayload: false,
    });
    const req = cluster.node(0).callsOf('Search')[0]!.request as Record<string, unknown>;
    expect(req).toMatchObject({ k: 7, ef: 99, withPayload: false, read: { consistency: 'CONSISTENCY_FOLLOWER', maxStalenessMs: 250 } });
    expect(req['filter']).toMatchObject({ fields: { must: { listValue: { values: [{ structValue: { fields: { key: { stringValue: 'lang' } } } }] } } } });
  });

  it('maps ack levels to the wire, a number as ACK_LEVEL_REPLICAS', async () => {
    await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }], { ack: 2 });
    await client.delete('demo', ['a'], { ack: 'all' });
    const up = cluster.node(0).callsOf('Upsert')[0]!.request;
    const del = cluster.node(0).callsOf('Delete')[0]!.request;
    expect(up).toMatchObject({ ack: 'ACK_LEVEL_REPLICAS', ackReplicas: 2 });
    expect(del).toMatchObject({ ack: 'ACK_LEVEL_ALL' });
  });

  it('reports per-item results of deletes and conditional upserts', async () => {
    const first = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }]);
    const stale = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3], ifVersion: first.index + 100 }]);
    expect(stale.results).toEqual([{ id: 'a', status: 'condition_failed', version: first.index }]);
    const del = await client.delete('demo', ['a', 'zzz']);
    expect(del.deleted).toBe(1);
    expect(del.results.map((r) => r.status)).toEqual(['deleted', 'not_found']);
  });

  it('counts, lists and describes collections', async () => {
    await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }, { id: 'b', vector: [1, 2, 3] }]);
    expect(await client.count('demo')).toBe(2);
    const info = await client.describeCollection('demo');
    expect(info).toMatchObject({ name: 'demo', dimension: 3, metric: 'cosine', m: 16, efConstruction: 200, ef: 64, count: 2 });
    expect((await client.listCollections()).map((c) => c.name)).toEqual(['demo']);
    await client.dropCollection('demo');
    expect(await client.listCollections()).toEqual([]);
  });

  it('returns cluster status in the shape of cluster status --json', async () => {
    const status = await client.clusterStatus();
    expect(status.metaGroupId).toBe(1);
    expect(status.nodes[0]).toEqual({ id: 1, clientAddress: '127.0.0.1:7001', peerAddress: '127.0.0.1:7101', zone: 'a', state: 'up', replicas: 2, leaders: 1 });
    expect(status.groups[1]).toEqual({
      id: 2, collection: 'demo', range: '', leader: 2, voters: [1, 2], learners: [], commitIndex: 7, appliedIndex: 6,
      lagEntries: { 1: 1 }, lagMs: { 1: 12 }, term: 3, shard: 0, epoch: 0, replicationFactor: 0, problems: [],
    });
  });

  it('sends the API key as a bearer token', async () => {
    const keyed = await VectorStudioClient.connect({ endpoints: cluster.endpoints, apiKey: 's3cret' });
    try {
      await keyed.count('demo');
    } finally {
      keyed.close();
    }
    expect(cluster.node(0).callsOf('Count')[0]!.metadata.get('authorization')).toEqual(['Bearer s3cret']);
  });

  it('fails with CANCELLED after close', async () => {
    client.close();
    await expect(client.count('demo')).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('refuses an endpoint that is not host:port', async () => {
    await expect(VectorStudioClient.connect({ endpoints: ['nohost'] })).rejects.toBeInstanceOf(VectorStudioError);
  });
});
