import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorStudioClient, VectorStudioError } from '../../src/client/index.js';
import { fail, FakeCluster } from './support/fake-cluster.js';

describe('VectorStudioClient typed errors', () => {
  let cluster: FakeCluster;
  let client: VectorStudioClient;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    client = await VectorStudioClient.connect({ endpoints: cluster.endpoints, timeoutMs: 2000 });
    await client.createCollection('demo', { dimension: 3 });
  });

  afterEach(() => {
    client.close();
    cluster.stop();
  });

  it('carries code, grpcCode, field and item index of INVALID_ARGUMENT', async () => {
    const e = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }, { id: 'b', vector: [1, 2] }]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VectorStudioError);
    const err = e as VectorStudioError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.grpcCode).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.field).toBe('items[1].record.vector');
    expect(err.itemIndex).toBe(1);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).toBe('INVALID_ARGUMENT: vector has 2 dimensions, collection "demo" expects 3');
  });

  it('names the field of a scripted INVALID_ARGUMENT from the vstudio-field trailer', async () => {
    cluster.node(0).script('Search', fail.invalidArgument('k must be at most 10000', 'k'));
    await expect(client.search('demo', [1, 2, 3], { k: 20000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'k' });
  });

  it('reports NOT_FOUND for an unknown collection', async () => {
    await expect(client.get('nope', ['a'])).rejects.toMatchObject({ code: 'NOT_FOUND', grpcCode: grpc.status.NOT_FOUND });
  });

  it('marks a write whose UNAVAILABLE carries vstudio-outcome: unknown as outcomeUnknown', async () => {
    cluster.node(0).script('Upsert', fail.outcomeUnknown());
    const e = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3], ifVersion: 0 }]).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UNAVAILABLE', outcomeUnknown: true });
  });

  it('does not mark a write whose server UNAVAILABLE lacks the outcome trailer', async () => {
    cluster.node(0).script('Upsert', fail.unavailable('no leader'));
    const e = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3], ifVersion: 0 }]).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UNAVAILABLE', outcomeUnknown: false });
  });

  it('fails with DEADLINE_EXCEEDED and outcomeUnknown when a write outlives its deadline', async () => {
    cluster.node(0).script('Upsert', fail.delay(3000));
    const started = Date.now();
    const e = await client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }], { timeoutMs: 150 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DEADLINE_EXCEEDED', outcomeUnknown: true });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('fails a read past its deadline with DEADLINE_EXCEEDED and no unknown outcome', async () => {
    cluster.node(0).script('Get', fail.delay(3000));
    await expect(client.get('demo', ['a'], { timeoutMs: 150 })).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED', outcomeUnknown: false });
  });

  it('names the deadline and the previous attempt when a retry runs into the deadline', async () => {
    cluster.node(0).script('Count', fail.unavailable('node is shutting down'), fail.delay(3000));
    const e = await client.count('demo', { timeoutMs: 300 }).catch((x: unknown) => x) as VectorStudioError;
    expect(e.code).toBe('DEADLINE_EXCEEDED');
    expect(e.message).toBe(`DEADLINE_EXCEEDED: deadline of 300 ms exceeded waiting for ${cluster.endpoints[0]} (attempt 2); `
      + 'attempt 1 failed with UNAVAILABLE: node is shutting down');
  });

  it('rejects an ack that is not a level or a positive integer before sending', async () => {
    await expect(client.upsert('demo', [{ id: 'a', vector: [1, 2, 3] }], { ack: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'ack' });
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(0);
  });
});
