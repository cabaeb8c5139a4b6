import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorStudioClient, VectorStudioError, type UpsertRecord } from '../../src/client/index.js';
import { fail, FakeCluster } from './support/fake-cluster.js';

function* records(n: number, dimension = 3, bad?: number): Generator<UpsertRecord> {
  for (let i = 0; i < n; i++) {
    yield { id: `r${i}`, vector: Array.from({ length: i === bad ? dimension - 1 : dimension }, (_, j) => i + j), payload: { i } };
  }
}

describe('VectorStudioClient.upsertAll', () => {
  let cluster: FakeCluster;
  let client: VectorStudioClient;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    client = await VectorStudioClient.connect({ endpoints: cluster.endpoints, timeoutMs: 5000 });
    await client.createCollection('demo', { dimension: 3 });
  });

  afterEach(() => {
    client.close();
    cluster.stop();
  });

  it('sends batches of batchSize and reports progress after each', async () => {
    const progress: number[] = [];
    const r = await client.upsertAll('demo', records(1000), { batchSize: 256, concurrency: 1, onProgress: (n) => progress.push(n) });
    expect(r).toEqual({ records: 1000, upserted: 1000, accepted: 0, batches: 4 });
    expect(progress).toEqual([256, 512, 768, 1000]);
    expect(cluster.node(0).callsOf('Upsert').map((c) => (c.request as { items: unknown[] }).items.length)).toEqual([256, 256, 256, 232]);
    expect(await client.count('demo')).toBe(1000);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    cluster.node(0).script('Upsert', ...Array.from({ length: 3 }, () => fail.delay(200)));
    const r = await client.upsertAll('demo', records(100), { batchSize: 10, concurrency: 3 });
    expect(r.batches).toBe(10);
    expect(cluster.node(0).maxInFlight).toBe(3);
  });

  it('reads an async iterable', async () => {
    async function* source(): AsyncGenerator<UpsertRecord> {
      yield* records(5);
    }
    const r = await client.upsertAll('demo', source(), { batchSize: 2 });
    expect(r).toMatchObject({ records: 5, batches: 3 });
  });

  it('throws the first failure with itemIndex counted from the start of the input', async () => {
    const e = await client.upsertAll('demo', records(1000, 3, 600), { batchSize: 256, concurrency: 2 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VectorStudioError);
    expect((e as VectorStudioError).itemIndex).toBe(600);
    expect((e as VectorStudioError).code).toBe('INVALID_ARGUMENT');
  });

  it('stops reading the source after a failure', async () => {
    let read = 0;
    function* counted(): Generator<UpsertRecord> {
      for (const r of records(10_000, 3, 5)) {
        read++;
        yield r;
      }
    }
    await expect(client.upsertAll('demo', counted(), { batchSize: 10, concurrency: 1 })).rejects.toBeInstanceOf(VectorStudioError);
    expect(read).toBeLessThan(100);
  });

  it('passes a source error on after the requests in flight settle', async () => {
    function* broken(): Generator<UpsertRecord> {
      yield* records(20);
      throw new Error('disk on fire');
    }
    await expect(client.upsertAll('demo', broken(), { batchSize: 8 })).rejects.toThrow('disk on fire');
    expect(await client.count('demo')).toBe(16);
  });

  it('counts async acks as accepted', async () => {
    const r = await client.upsertAll('demo', records(10), { ack: 'async' });
    expect(r).toMatchObject({ upserted: 0, accepted: 10 });
  });
});
