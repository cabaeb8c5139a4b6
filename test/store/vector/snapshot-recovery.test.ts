import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeStoredRecord } from '../../../src/store/vector/record-codec.js';
import { deserializeChunk, serializeChunk, type SnapshotChunk } from '../../../src/store/vector/snapshot-stream.js';
import { generationRange, recordKey } from '../../../src/store/vector/store-layout.js';
import type { SearchRequest } from '../../../src/store/vector/search.js';
import type { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { deleteBytes, makeEnv, randomVector, rng, upsertBytes, type TestEnv } from './helpers.js';

const DIM = 8;

/** Applies `n` entries of mixed upserts, updates and deletes; returns the next index. */
async function churn(sm: VectorStateMachine, env: TestEnv, seed: number, n: number): Promise<void> {
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const index = sm.appliedIndex + 1;
    if (i % 4 === 3) {
      await sm.apply(index, deleteBytes(Array.from({ length: 3 }, () => `id-${Math.floor(r() * 60)}`)));
    } else {
      const recs = Array.from({ length: 5 }, () => ({ id: `id-${Math.floor(r() * 60)}`, vector: randomVector(r, DIM), payload: { g: Math.floor(r() * 3), i } }));
      await sm.apply(index, upsertBytes(env.schema, recs));
    }
  }
}

const queries: SearchRequest[] = Array.from({ length: 8 }, (_, i) => ({
  vector: randomVector(rng(100 + i), DIM),
  k: 7,
  ef: 200,
  withPayload: true,
  ...(i % 2 === 0 ? { filter: { must: [{ key: 'g', match: { value: i % 3 } }] } } : {}),
}));

const allIds = Array.from({ length: 60 }, (_, i) => `id-${i}`);

/** Everything a client can observe. */
async function observe(sm: VectorStateMachine): Promise<unknown> {
  const pages = [];
  let token: string | undefined;
  do {
    const p = await sm.scan(token === undefined ? { limit: 25 } : { limit: 25, pageToken: token });
    pages.push(...p.records);
    token = p.nextPageToken;
  } while (token !== undefined);
  return {
    applied: sm.appliedIndex,
    count: sm.count(),
    get: sm.get(allIds),
    scan: pages,
    search: queries.map((q) => sm.search(q).hits),
  };
}

async function collect(sm: VectorStateMachine): Promise<{ chunks: SnapshotChunk[]; index: number }> {
  const snap = await sm.createSnapshot();
  const chunks: SnapshotChunk[] = [];
  for await (const c of snap.chunks()) chunks.push(c);
  await snap.close();
  return { chunks, index: snap.appliedIndex };
}

describe('snapshots', () => {
  let src: TestEnv;
  let dst: TestEnv;
  let a: VectorStateMachine;
  let b: VectorStateMachine;
  beforeEach(async () => {
    src = await makeEnv({ dimension: DIM, metric: 'cosine' });
    dst = await makeEnv({ dimension: DIM, metric: 'cosine' });
    a = await src.open();
    b = await dst.open();
    await churn(a, src, 1, 40);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await src.dispose();
    await dst.dispose();
  });

  it('snapshot → restore into a fresh state machine gives identical results, also after more applies', async () => {
    const { chunks, index } = await collect(a);
    expect(index).toBe(40);
    expect(chunks.map((c) => deserializeChunk(serializeChunk(c)))).toEqual(chunks);
    const report = await b.restore(chunks);
    expect(report).toEqual({ appliedIndex: 40, records: a.count() });
    expect(await observe(b)).toEqual(await observe(a));
    await churn(a, src, 2, 12);
    await churn(b, dst, 2, 12);
    expect(await observe(b)).toEqual(await observe(a));
    // And the restored state survives a restart (its checkpoint came with the snapshot).
    await b.close({ checkpoint: false });
    b = await dst.open();
    expect(b.recovery).toMatchObject({ mode: 'checkpoint', checkpointIndex: 40, replayedEntries: 12 });
    expect(await observe(b)).toEqual(await observe(a));
  });

  it('the snapshot is a consistent view: applies after capture are not in it', async () => {
    const snap = await a.createSnapshot();
    await churn(a, src, 3, 8);
    const chunks: SnapshotChunk[] = [];
    for await (const c of snap.chunks()) chunks.push(c);
    await snap.close();
    await b.restore(chunks);
    expect(b.appliedIndex).toBe(40);
    await churn(b, dst, 3, 8);
    expect(await observe(b)).toEqual(await observe(a));
  });

  it('a flipped byte in any chunk is detected and named; the old state stays', async () => {
    await churn(b, dst, 9, 5);
    const before = await observe(b);
    const { chunks } = await collect(a);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < chunks.length; i++) {
      const bad = chunks.map((c) => ({ ...c, data: c.data.slice() }));
      const data = (bad[i] as SnapshotChunk).data;
      const at = Math.floor(data.length / 2);
      data[at] = (data[at] as number) ^ 0x10;
      await expect(b.restore(bad)).rejects.toMatchObject({ code: 'SNAPSHOT_CORRUPT', grpcStatus: 'DATA_LOSS', message: `snapshot chunk ${i} fails its CRC32C check` });
      expect(await observe(b)).toEqual(before);
    }
    const missing = chunks.filter((_, i) => i !== 1);
    await expect(b.restore(missing)).rejects.toMatchObject({ code: 'SNAPSHOT_CORRUPT', message: /chunk 1 is missing or out of order/ });
    await expect(b.restore(chunks.slice(0, -1))).rejects.toMatchObject({ code: 'SNAPSHOT_INCOMPLETE' });
    expect(await observe(b)).toEqual(before);
    // Nothing staged leaked into the next open either.
    await b.close({ checkpoint: false });
    b = await dst.open();
    expect(await observe(b)).toEqual(before);
    expect(b.recovery.mode).toBe('checkpoint');
  });

  it('a stream that fails mid-way leaves the old state', async () => {
    await churn(b, dst, 9, 5);
    const before = await observe(b);
    const { chunks } = await collect(a);
    async function* dying(): AsyncGenerator<SnapshotChunk> {
      yield* chunks.slice(0, 2);
      throw new Error('connection reset');
    }
    await expect(b.restore(dying())).rejects.toThrow('connection reset');
    expect(await observe(b)).toEqual(before);
    expect((await readdir(join(dst.dir, 'ckpt-g1'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a crash during restore (staged generation left behind) reopens to the old state', async () => {
    await churn(b, dst, 9, 5);
    const before = await observe(b);
    await b.close();
    // What a crash after staging records of generation 2, before the flip, leaves behind.
    const group = dst.db.sublevel<string, Uint8Array>('g1', { keyEncoding: 'utf8', valueEncoding: 'view' });
    await group.put(recordKey(2, 'ghost'), encodeStoredRecord({ version: 99, label: 0, vector: new Float32Array(DIM), payload: {} }));
    b = await dst.open();
    expect(await observe(b)).toEqual(before);
    expect(await group.keys(generationRange(2)).all()).toEqual([]);
  });
});

describe('restart recovery', () => {
  let env: TestEnv;
  let sm: VectorStateMachine;
  const lines: string[] = [];
  beforeEach(async () => {
    env = await makeEnv({ dimension: DIM, metric: 'l2' });
    sm = await env.open({ log: (l) => lines.push(l) });
    await churn(sm, env, 4, 30);
    await sm.checkpoint();
    await churn(sm, env, 5, 20);
  });
  afterEach(async () => {
    await sm.close();
    await env.dispose();
  });

  it('loads the checkpoint and replays only the tail', async () => {
    const before = await observe(sm);
    await sm.close({ checkpoint: false });
    sm = await env.open();
    expect(sm.recovery).toEqual({ mode: 'checkpoint', checkpointIndex: 30, appliedIndex: 50, replayedEntries: 20, replayedLabels: expect.any(Number) });
    expect(await observe(sm)).toEqual(before);
    // A clean close checkpoints, so the next open replays nothing.
    await sm.close();
    sm = await env.open();
    expect(sm.recovery).toMatchObject({ mode: 'checkpoint', checkpointIndex: 50, replayedEntries: 0 });
    expect(await observe(sm)).toEqual(before);
  });

  it('rebuilds from LevelDB when the checkpoint fails its checksum, and says why', async () => {
    const before = await observe(sm);
    await sm.close({ checkpoint: false });
    const dir = join(env.dir, 'ckpt-g1');
    const file = (await readdir(dir)).find((f) => f.startsWith('hnsw-')) as string;
    const bytes = await readFile(join(dir, file));
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 1;
    await writeFile(join(dir, file), bytes);
    lines.length = 0;
    sm = await env.open({ log: (l) => lines.push(l) });
    expect(sm.recovery).toMatchObject({ mode: 'rebuild', reason: expect.stringMatching(/fails its checksum/) });
    expect(lines.join('\n')).toMatch(/rebuilding HNSW index from \d+ records: checkpoint file .* fails its checksum/);
    expect(await observe(sm)).toEqual(before);
  });

  it('a damaged stored record is detected on open, naming the record', async () => {
    await sm.close();
    const group = env.db.sublevel<string, Uint8Array>('g1', { keyEncoding: 'utf8', valueEncoding: 'view' });
    const [key, value] = (await group.iterator({ gte: 'd/', lt: 'd0', limit: 1 }).all())[0] as [string, Uint8Array];
    const damaged = Uint8Array.from(value);
    damaged[9] = (damaged[9] as number) ^ 4;
    await group.put(key, damaged);
    await expect(env.open()).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringMatching(/record "id-\d+" does not decode: checksum mismatch/) });
    await group.put(key, value);
    sm = await env.open();
  });

  it('rebuilds when the checkpoint is missing', async () => {
    const before = await observe(sm);
    await sm.close({ checkpoint: false });
    const dir = join(env.dir, 'ckpt-g1');
    for (const f of await readdir(dir)) if (f.startsWith('checkpoint-')) await writeFile(join(dir, f), '{"body": "x"}');
    sm = await env.open();
    expect(sm.recovery).toMatchObject({ mode: 'rebuild', reason: expect.stringMatching(/manifest is damaged/) });
    expect(await observe(sm)).toEqual(before);
  });
});
