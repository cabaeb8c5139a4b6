import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorStudioClient } from '../../src/client/index.js';
import { deadEndpoint, FakeCluster } from './support/fake-cluster.js';

describe('VectorStudioClient leader caching', () => {
  let cluster: FakeCluster;
  let client: VectorStudioClient | undefined;

  beforeEach(async () => {
    cluster = await FakeCluster.start(2);
  });

  afterEach(() => {
    client?.close();
    cluster.stop();
  });

  async function connect(endpoints: string[]): Promise<VectorStudioClient> {
    client = await VectorStudioClient.connect({ endpoints, timeoutMs: 2000, backoff: { baseMs: 10, capMs: 50 } });
    return client;
  }

  it('sends writes to the endpoint named by vstudio-served-by', async () => {
    const [a, b] = [cluster.node(0), cluster.node(1)];
    a.servedBy = b.address; // a forwards to the leader b
    const c = await connect([a.address, b.address]);
    await c.createCollection('demo', { dimension: 3 });
    await c.upsert('demo', [{ id: 'x', vector: [1, 2, 3] }]);
    expect(c.cachedLeader('demo')).toBe(b.address);
    const before = a.calls.length;
    await c.upsert('demo', [{ id: 'y', vector: [1, 2, 3] }]);
    await c.get('demo', ['y']);
    expect(a.calls.length).toBe(before);
    expect(b.callsOf('Get')).toHaveLength(1);
  });

  it('spreads follower reads instead of pinning them to the leader', async () => {
    const [a, b] = [cluster.node(0), cluster.node(1)];
    a.servedBy = b.address;
    b.servedBy = b.address;
    const c = await connect([a.address, b.address]);
    await c.createCollection('demo', { dimension: 3 });
    for (let i = 0; i < 4; i++) await c.get('demo', ['x'], { consistency: 'follower' });
    expect(a.callsOf('Get').length).toBeGreaterThan(0);
    expect(b.callsOf('Get').length).toBeGreaterThan(0);
  });

  it('forgets a leader that fails UNAVAILABLE and falls back to the other endpoints', async () => {
    const [a, b] = [cluster.node(0), cluster.node(1)];
    a.servedBy = b.address;
    const c = await connect([a.address, b.address]);
    await c.createCollection('demo', { dimension: 3 });
    await c.upsert('demo', [{ id: 'x', vector: [1, 2, 3] }]);
    expect(c.cachedLeader('demo')).toBe(b.address);
    b.stop();
    a.servedBy = null;
    const before = a.callsOf('Upsert').length;
    const r = await c.upsert('demo', [{ id: 'y', vector: [1, 2, 3] }]);
    expect(r.upserted).toBe(1);
    expect(c.cachedLeader('demo')).toBeUndefined();
    expect(a.callsOf('Upsert')).toHaveLength(before + 1);
  });

  it('fails a conditional write over to the next endpoint when the first cannot be reached', async () => {
    const dead = await deadEndpoint();
    const c = await connect([dead, cluster.node(0).address]);
    await c.createCollection('demo', { dimension: 3 });
    const r = await c.upsert('demo', [{ id: 'x', vector: [1, 2, 3], ifVersion: 0 }]);
    expect(r.upserted).toBe(1);
  });

  it('adds a served-by address outside the endpoint list to the pool', async () => {
    const [a, b] = [cluster.node(0), cluster.node(1)];
    a.servedBy = b.address;
    const c = await connect([a.address]);
    await c.createCollection('demo', { dimension: 3 });
    await c.upsert('demo', [{ id: 'x', vector: [1, 2, 3] }]);
    expect(c.endpoints).toEqual([a.address, b.address]);
    const before = b.callsOf('Upsert').length;
    await c.upsert('demo', [{ id: 'y', vector: [1, 2, 3] }]);
    expect(b.callsOf('Upsert')).toHaveLength(before + 1);
    expect(a.callsOf('Upsert').length + b.callsOf('Upsert').length).toBe(2);
  });

  it('ignores a wildcard served-by address', async () => {
    const a = cluster.node(0);
    a.servedBy = '0.0.0.0:7001';
    const c = await connect([a.address]);
    await c.createCollection('demo', { dimension: 3 });
    await c.upsert('demo', [{ id: 'x', vector: [1, 2, 3] }]);
    expect(c.cachedLeader('demo')).toBeUndefined();
    expect(c.endpoints).toEqual([a.address]);
  });

  it('routes transferLeader to the endpoint that served the group (vstudio-group)', async () => {
    const [a, b] = [cluster.node(0), cluster.node(1)];
    a.servedBy = b.address;
    a.group = 7;
    const c = await connect([a.address, b.address]);
    await c.createCollection('demo', { dimension: 3 });
    await c.upsert('demo', [{ id: 'x', vector: [1, 2, 3] }]);
    expect(await c.transferLeader(7, 2)).toBe(2);
    expect(b.callsOf('TransferLeader')).toHaveLength(1);
    expect(a.callsOf('TransferLeader')).toHaveLength(0);
  });
});
