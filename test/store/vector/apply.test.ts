import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareIds } from '../../../src/store/vector/id-order.js';
import { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { bruteForce, deleteBytes, makeEnv, randomVector, rng, upsertBytes, type TestEnv } from './helpers.js';

const vec = (x: number): number[] => Array.from({ length: 8 }, (_, i) => x + i / 10);

describe('apply', () => {
  let env: TestEnv;
  let sm: VectorStateMachine;
  beforeEach(async () => {
    env = await makeEnv();
    sm = await env.open();
  });
  afterEach(async () => {
    await sm.close();
    await env.dispose();
  });

  it('is idempotent by Raft index, also across a restart', async () => {
    await sm.apply(1, upsertBytes(env.schema, [{ id: 'a', vector: vec(1), payload: { n: 1 } }]));
    await sm.apply(2, upsertBytes(env.schema, [{ id: 'b', vector: vec(2) }]));
    await sm.apply(5, deleteBytes(['b'])); // gaps are fine: not every Raft entry is a command
    const before = sm.get(['a', 'b']);
    expect(await sm.apply(2, upsertBytes(env.schema, [{ id: 'a', vector: vec(9) }]))).toEqual({ status: 'skipped', index: 2 });
    expect(await sm.apply(5, deleteBytes(['a']))).toEqual({ status: 'skipped', index: 5 });
    expect(sm.get(['a', 'b'])).toEqual(before);
    await sm.close({ checkpoint: false });
    sm = await env.open();
    expect(sm.appliedIndex).toBe(5);
    expect((await sm.apply(1, deleteBytes(['a']))).status).toBe('skipped');
    expect(sm.get(['a', 'b'])).toEqual(before);
    expect(before.records[0]?.version).toBe(1);
  });

  it('the applied index is written in the same batch as the data', async () => {
    await sm.apply(7, upsertBytes(env.schema, [{ id: 'a', vector: vec(1) }]));
    await sm.close({ checkpoint: false });
    // Reopen without the state machine's in-memory state: what LevelDB holds must agree.
    sm = await env.open();
    expect(sm.appliedIndex).toBe(7);
    expect(sm.get(['a']).records[0]?.version).toBe(7);
  });

  it('conditional writes: version 0 means absent; a failed condition is a per-item no-op', async () => {
    const r1 = await sm.apply(1, upsertBytes(env.schema, [{ id: 'a', vector: vec(1), ifVersion: 0 }]));
    expect(r1).toEqual({ status: 'applied', index: 1, results: [{ id: 'a', status: 'upserted', version: 1 }] });
    const r2 = await sm.apply(2, upsertBytes(env.schema, [
      { id: 'a', vector: vec(2), ifVersion: 0 }, // exists: fails
      { id: 'b', vector: vec(3), ifVersion: 7 }, // absent, wants 7: fails
      { id: 'c', vector: vec(4) },
    ]));
    expect(r2).toMatchObject({ results: [
      { id: 'a', status: 'condition_failed', version: 1 },
      { id: 'b', status: 'condition_failed', version: 0 },
      { id: 'c', status: 'upserted', version: 2 },
    ] });
    expect(sm.get(['a']).records[0]?.vector).toEqual(Float32Array.from(vec(1)));
    const r3 = await sm.apply(3, upsertBytes(env.schema, [{ id: 'a', vector: vec(5), payload: { v: 2 }, ifVersion: 1 }]));
    expect(r3).toMatchObject({ results: [{ status: 'upserted', version: 3 }] });
    const r4 = await sm.apply(4, deleteBytes([{ id: 'a', ifVersion: 1 }, { id: 'c', ifVersion: 2 }, { id: 'zz' }]));
    expect(r4).toMatchObject({ results: [
      { id: 'a', status: 'condition_failed', version: 3 },
      { id: 'c', status: 'deleted', version: 0 },
      { id: 'zz', status: 'not_found', version: 0 },
    ] });
    expect(sm.get(['a', 'c'])).toMatchObject({ records: [{ id: 'a', payload: { v: 2 }, version: 3 }], missing: ['c'] });
  });

  it('items of one batch apply in order and see each other', async () => {
    const r = await sm.apply(1, upsertBytes(env.schema, [
      { id: 'a', vector: vec(1) },
      { id: 'a', vector: vec(2), ifVersion: 1 },
      { id: 'a', vector: vec(3), ifVersion: 0 },
    ]));
    expect(r).toMatchObject({ results: [{ status: 'upserted' }, { status: 'upserted' }, { status: 'condition_failed', version: 1 }] });
    expect(sm.get(['a']).records[0]?.vector).toEqual(Float32Array.from(vec(2)));
    expect(sm.search({ vector: vec(2), k: 3 }).hits).toEqual([{ id: 'a', distance: 0 }]);
  });

  it('label slots are reused after delete: churn keeps the index bounded', async () => {
    const r = rng(7);
    let index = 0;
    const live = new Map<string, number[]>();
    let next = 0;
    const insert = async (n: number): Promise<void> => {
      const recs = Array.from({ length: n }, () => ({ id: `id-${next++}`, vector: randomVector(r, 8) }));
      for (const x of recs) live.set(x.id, x.vector);
      await sm.apply(++index, upsertBytes(env.schema, recs));
    };
    await insert(300);
    const peak = sm.indexStats;
    for (let round = 0; round < 25; round++) {
      const victims = [...live.keys()].filter(() => r() < 0.4).slice(0, 120);
      for (const id of victims) live.delete(id);
      await sm.apply(++index, deleteBytes(victims));
      await insert(victims.length);
    }
    expect(sm.count()).toBe(300);
    // 25 rounds wrote ~3,000 new ids through 300 slots.
    expect(next).toBeGreaterThan(2000);
    expect(sm.indexStats.slots).toBeLessThanOrEqual(300);
    expect(sm.indexStats.labelHighWater).toBeLessThanOrEqual(300);
    expect(sm.indexStats.capacity).toBe(peak.capacity);
    const q = randomVector(r, 8);
    const want = bruteForce('l2', [...live].map(([id, vector]) => ({ id, vector, payload: {} })), q, 10);
    const got = sm.search({ vector: q, k: 10, ef: 400 }).hits;
    expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
    // And the reuse survives a restart from checkpoint + tail.
    await sm.close({ checkpoint: false });
    sm = await env.open();
    expect(sm.search({ vector: q, k: 10, ef: 400 }).hits).toEqual(got);
  });

  it('the index grows ahead of need', async () => {
    const r = rng(3);
    let index = 0;
    for (let b = 0; b < 3; b++) {
      await sm.apply(++index, upsertBytes(env.schema, Array.from({ length: 500 }, (_, i) => ({ id: `${b}-${i}`, vector: randomVector(r, 8) }))));
    }
    expect(sm.count()).toBe(1500);
    expect(sm.indexStats.capacity).toBeGreaterThan(1500 / 0.9);
  });

  it('scan pages cover every id exactly once, in UTF-8 byte order', async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `k${(i * 7919) % 1000}`);
    ids.push('é', '😀', '\uE000', 'a/b', 'a0', 'Z', ' ');
    for (let i = 0; i < ids.length; i += 100) {
      await sm.apply(i + 1, upsertBytes(env.schema, ids.slice(i, i + 100).map((id, j) => ({ id, vector: vec(j), payload: { id } }))));
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await sm.scan(token === undefined ? { limit: 16 } : { limit: 16, pageToken: token });
      seen.push(...page.records.map((x) => x.id));
      for (const rec of page.records) expect(rec.payload).toEqual({ id: rec.id });
      token = page.nextPageToken;
      pages++;
    } while (token !== undefined);
    expect(seen).toEqual([...new Set(ids)].sort(compareIds));
    expect(pages).toBe(Math.ceil(ids.length / 16));
    await expect(sm.scan({ limit: 5, pageToken: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_SCAN' });
    await expect(sm.scan({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_SCAN', field: 'limit' });
  });

  it('checkpoints automatically every N entries, trimming the change log', async () => {
    await sm.close();
    sm = await env.open({ checkpointEveryEntries: 3 });
    for (let i = 1; i <= 7; i++) await sm.apply(i, upsertBytes(env.schema, [{ id: `x${i % 4}`, vector: vec(i) }]));
    await sm.close({ checkpoint: false });
    sm = await env.open();
    expect(sm.recovery).toMatchObject({ mode: 'checkpoint', checkpointIndex: 6, replayedEntries: 1 });
    expect(sm.count()).toBe(4);
  });

  it('groups sharing one database stay apart', async () => {
    const other = await VectorStateMachine.open({ db: env.db, prefix: 'g2', schema: env.schema, checkpointDir: `${env.dir}/ckpt-g2` });
    await sm.apply(1, upsertBytes(env.schema, [{ id: 'a', vector: vec(1) }]));
    await other.apply(1, upsertBytes(env.schema, [{ id: 'b', vector: vec(1) }]));
    expect(sm.get(['a', 'b']).missing).toEqual(['b']);
    expect((await other.scan({ limit: 10 })).records.map((x) => x.id)).toEqual(['b']);
    await other.close();
  });

  it('refuses a schema that disagrees with the stored one', async () => {
    await sm.close();
    await expect(VectorStateMachine.open({ db: env.db, prefix: 'g1', schema: { ...env.schema, dimension: 9 }, checkpointDir: `${env.dir}/ckpt-g1` }))
      .rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    sm = await env.open();
  });
});
