import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/embedded/errors.js';
import { VectorStudio } from '../../src/embedded/vector-studio.js';
import { LevelLogStorage } from '../../src/store/log/index.js';
import { VectorStoreError } from '../../src/store/vector/index.js';
import { tempDir } from './temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openStore(options: { compactEveryEntries?: number; compactEveryBytes?: number } = {}): Promise<{ store: VectorStudio; dir: string; reopen: () => Promise<VectorStudio> }> {
  const { dir, dispose } = await tempDir();
  cleanups.push(dispose);
  let store = await VectorStudio.open({ dir, tickMs: 10, ...options });
  cleanups.push(() => store.close());
  const reopen = async (): Promise<VectorStudio> => {
    await store.close();
    store = await VectorStudio.open({ dir, tickMs: 10, ...options });
    return store;
  };
  return { store, dir, reopen };
}

describe('the embedded store', () => {
  it('upserts, gets and searches through a single-voter Raft group', async () => {
    const { store } = await openStore();
    await store.createCollection('demo', { dimension: 2 });
    const w = await store.upsert('demo', [
      { id: 'a', vector: [0, 0], payload: { lang: 'en' } },
      { id: 'b', vector: [1, 1], payload: { lang: 'fr' } },
    ]);
    expect(w.applied).toBe(2);
    const got = store.get('demo', ['a', 'zz']);
    expect(got.records.map((r) => [r.id, r.version])).toEqual([['a', w.index]]);
    expect(got.missing).toEqual(['zz']);
    const hits = store.search('demo', { vector: [0.9, 0.9], k: 1 }).hits;
    expect(hits.map((h) => h.id)).toEqual(['b']);
  });

  it('keeps acknowledged writes across a restart', async () => {
    const { store, reopen } = await openStore();
    await store.createCollection('demo', { dimension: 2, metric: 'cosine' });
    await store.upsert('demo', [{ id: 'a', vector: [1, 0] }]);
    await store.delete('demo', ['a']);
    await store.upsert('demo', [{ id: 'b', vector: [0, 1], payload: { n: 1 } }]);
    const again = await reopen();
    expect(again.listCollections().map((c) => [c.name, c.metric, c.count])).toEqual([['demo', 'cosine', 1]]);
    expect(again.get('demo', ['a', 'b']).records.map((r) => [r.id, r.payload])).toEqual([['b', { n: 1 }]]);
    await again.upsert('demo', [{ id: 'c', vector: [1, 1] }]);
    expect(again.count('demo')).toBe(2);
  });

  it('compacts the Raft log and still restarts to the same state', async () => {
    const { store, reopen } = await openStore({ compactEveryEntries: 20 });
    await store.createCollection('demo', { dimension: 3 });
    for (let i = 0; i < 60; i++) await store.upsert('demo', [{ id: `r${i % 25}`, vector: [i, 1, 2] }]);
    const again = await reopen();
    expect(again.count('demo')).toBe(25);
    expect(again.get('demo', ['r9']).records[0]!.vector[0]).toBe(59);
  });

  it('compacts the Raft log by bytes as well as by entries', async () => {
    const { store, dir, reopen } = await openStore({ compactEveryEntries: 1_000_000, compactEveryBytes: 2_000 });
    await store.createCollection('demo', { dimension: 64 });
    for (let i = 0; i < 20; i++) await store.upsert('demo', [{ id: `r${i}`, vector: new Array<number>(64).fill(i) }]);
    const again = await reopen();
    expect(again.count('demo')).toBe(20);
    // Each write is ~300 bytes: the log was compacted several times, so little of it is left.
    await again.close();
    const log = await LevelLogStorage.openAt(`${dir}/db`);
    try {
      const st = log.storage(1);
      expect(st.firstIndex()).toBeGreaterThan(10);
    } finally {
      await log.close();
    }
  });

  it('writes to several collections go through one synced batch per turn', async () => {
    const { store } = await openStore();
    for (const n of ['a', 'b', 'c']) await store.createCollection(n, { dimension: 2 });
    await Promise.all(['a', 'b', 'c'].map((n) => store.upsert(n, [{ id: 'x', vector: [1, 2] }])));
    for (const n of ['a', 'b', 'c']) expect(store.count(n)).toBe(1);
  });

  it('names the field of bad input and leaves stored records untouched', async () => {
    const { store } = await openStore();
    await store.createCollection('demo', { dimension: 2 });
    await store.upsert('demo', [{ id: 'a', vector: [1, 2] }]);
    const bad = [
      { id: 'b', vector: [1, 2, 3] },
      { id: 'b', vector: [1, Number.NaN] },
      { id: '', vector: [1, 2] },
      { id: 'x'.repeat(257), vector: [1, 2] },
    ];
    for (const record of bad) {
      const err = await store.upsert('demo', [{ id: 'a', vector: [9, 9] }, record]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VectorStoreError);
      expect((err as VectorStoreError).grpcStatus).toBe('INVALID_ARGUMENT');
      expect((err as VectorStoreError).message).toMatch(/records\[1\]/);
    }
    expect(store.get('demo', ['a']).records[0]!.vector).toEqual(new Float32Array([1, 2]));
    expect(store.count('demo')).toBe(1);
  });

  it('reports an unknown collection as NOT_FOUND and a duplicate as ALREADY_EXISTS', async () => {
    const { store } = await openStore();
    await store.createCollection('demo', { dimension: 2 });
    await expect(store.upsert('nope', [{ id: 'a', vector: [1, 2] }])).rejects.toMatchObject({ grpcStatus: 'NOT_FOUND' });
    await expect(store.createCollection('demo', { dimension: 2 })).rejects.toMatchObject({ grpcStatus: 'ALREADY_EXISTS' });
    await expect(store.createCollection('bad name!', { dimension: 2 })).rejects.toBeInstanceOf(CatalogError);
    await expect(store.createCollection('nodim', { dimension: 0 })).rejects.toMatchObject({ grpcStatus: 'INVALID_ARGUMENT' });
  });

  it('drops a collection and everything stored for it', async () => {
    const { store, reopen } = await openStore();
    await store.createCollection('a', { dimension: 2 });
    await store.createCollection('b', { dimension: 2 });
    await store.upsert('a', [{ id: 'x', vector: [1, 2] }]);
    await store.dropCollection('a');
    expect(store.listCollections().map((c) => c.name)).toEqual(['b']);
    const again = await reopen();
    expect(again.listCollections().map((c) => c.name)).toEqual(['b']);
    await again.createCollection('a', { dimension: 3 });
    expect(again.count('a')).toBe(0);
  });
});

describe('the embedded store across awkward moments', () => {
  it('opens after a crash between recording a log snapshot and compacting up to it', async () => {
    const { store, dir } = await openStore();
    await store.createCollection('demo', { dimension: 2 });
    for (let i = 0; i < 10; i++) await store.upsert('demo', [{ id: `r${i}`, vector: [i, 1] }]);
    await store.close();
    // The first of compaction's two writes happened; the crash came before the second.
    const log = await LevelLogStorage.openAt(`${dir}/db`);
    const st = log.storage(1);
    await log.createSnapshot(1, st.lastIndex(), { voters: [1], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false }, new Uint8Array());
    await log.close();
    const again = await VectorStudio.open({ dir, compactEveryEntries: 2 });
    cleanups.push(() => again.close());
    expect(again.count('demo')).toBe(10);
    await again.upsert('demo', [{ id: 'after', vector: [0, 0] }]);
    expect(again.count('demo')).toBe(11);
  });

  it('refuses a second concurrent createCollection of the same name', async () => {
    const { store } = await openStore();
    const results = await Promise.allSettled([
      store.createCollection('x', { dimension: 3 }),
      store.createCollection('x', { dimension: 2 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ grpcStatus: 'ALREADY_EXISTS' });
    expect(store.describeCollection('x').dimension).toBe(3);
  });
});
