import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorStudioClient, type VectorStudioError } from '../../src/client/index.js';
import { fail, FakeCluster } from './support/fake-cluster.js';

describe('VectorStudioClient retries', () => {
  let cluster: FakeCluster;
  let client: VectorStudioClient;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    client = await VectorStudioClient.connect({ endpoints: cluster.endpoints, timeoutMs: 2000, backoff: { baseMs: 20, capMs: 100 } });
    await client.createCollection('demo', { dimension: 3 });
  });

  afterEach(() => {
    client.close();
    cluster.stop();
  });

  it('retries a read that fails UNAVAILABLE twice, then succeeds', async () => {
    cluster.node(0).script('Get', fail.unavailable(), fail.unavailable());
    const got = await client.get('demo', ['a']);
    expect(got.missing).toEqual(['a']);
    expect(cluster.node(0).callsOf('Get')).toHaveLength(3);
  });

  it('retries an unconditional upsert on UNAVAILABLE', async () => {
    cluster.node(0).script('Upsert', fail.unavailable());
    const r = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }]);
    expect(r.upserted).toBe(1);
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(2);
  });

  it('retries a delete by id on UNAVAILABLE', async () => {
    cluster.node(0).script('Delete', fail.unavailable());
    await client.delete('demo', ['a']);
    expect(cluster.node(0).callsOf('Delete')).toHaveLength(2);
  });

  it('does not repeat an upsert whose outcome is unknown: a late duplicate could undo a later write to the same id', async () => {
    cluster.node(0).script('Upsert', fail.outcomeUnknown());
    await expect(client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }]))
      .rejects.toMatchObject({ code: 'UNAVAILABLE', outcomeUnknown: true });
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(1);
  });

  it('does not retry a conditional upsert', async () => {
    cluster.node(0).script('Upsert', fail.unavailable());
    await expect(client.upsert('demo', [{ id: 'a', vector: [1, 2, 3], ifVersion: 0 }])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(1);
  });

  it('does not retry a conditional delete', async () => {
    cluster.node(0).script('Delete', fail.unavailable());
    await expect(client.delete('demo', [{ id: 'a', ifVersion: 3 }])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(cluster.node(0).callsOf('Delete')).toHaveLength(1);
  });

  it('does not retry createCollection', async () => {
    cluster.node(0).script('CreateCollection', fail.unavailable());
    await expect(client.createCollection('other', { dimension: 2 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(cluster.node(0).callsOf('CreateCollection')).toHaveLength(2); // the beforeEach one and this one
  });

  it('retries a conditional upsert refused with vstudio-retryable: 1 (nothing was done)', async () => {
    cluster.node(0).script('Upsert', fail.notLeader());
    const r = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3], ifVersion: 0 }]);
    expect(r.upserted).toBe(1);
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(2);
  });

  it('retries createCollection refused with vstudio-retryable: 1', async () => {
    cluster.node(0).script('CreateCollection', fail.notLeader());
    await client.createCollection('other', { dimension: 2 });
    expect(cluster.node(0).callsOf('CreateCollection')).toHaveLength(3);
  });

  it('retries an unconditional upsert on the server\'s RESOURCE_EXHAUSTED backpressure', async () => {
    cluster.node(0).script('Upsert', fail.exhausted(), fail.exhausted());
    const r = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }]);
    expect(r.upserted).toBe(1);
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(3);
  });

  it('does not retry a conditional upsert on RESOURCE_EXHAUSTED', async () => {
    cluster.node(0).script('Upsert', fail.exhausted());
    await expect(client.upsert('demo', [{ id: 'a', vector: [1, 2, 3], ifVersion: 0 }])).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED', outcomeUnknown: false });
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(1);
  });

  it('does not retry other errors', async () => {
    cluster.node(0).script('Get', fail.invalidArgument('bad id', 'ids[0]'));
    await expect(client.get('demo', [''])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(cluster.node(0).callsOf('Get')).toHaveLength(1);
  });

  it('stops retrying at the deadline', async () => {
    cluster.node(0).script('Count', ...Array.from({ length: 500 }, () => fail.unavailable()));
    const started = Date.now();
    const e = await client.count('demo', { timeoutMs: 400 }).catch((x: unknown) => x) as VectorStudioError;
    // The last attempt either failed UNAVAILABLE with no time left for another, or ran into the deadline.
    expect(['UNAVAILABLE', 'DEADLINE_EXCEEDED']).toContain(e.code);
    expect(Date.now() - started).toBeLessThan(1500);
    const attempts = cluster.node(0).callsOf('Count').length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(100); // backed off, not a busy loop
  });
});
