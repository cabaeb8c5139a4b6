/**
 * Encryption at rest inside the store: the Raft log (the whole compliance suite, sealed), the
 * vector state machine (records, HNSW checkpoints, snapshots between nodes with different keys,
 * rotation), the meta state and snapshot spools.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_CONF_STATE } from '../../src/raft/index.js';
import { EncryptionKey, KeyRing } from '../../src/security/encryption.js';
import { NodeEncryption } from '../../src/security/encryption-rotation.js';
import { openDataDirEncryption } from '../../src/security/encryption-marker.js';
import { MetaStateMachine } from '../../src/server/meta-state-machine.js';
import { SnapshotSpool } from '../../src/server/snapshot-spool.js';
import type { AtRestEncryption, Reencryptable } from '../../src/store/encryption-at-rest.js';
import { bootstrapWrite, LevelLogStorage, LogCorruptionError } from '../../src/store/log/index.js';
import { ents, logStorageCompliance, type LogStorageHarness } from './log/log-storage-compliance.js';
import { makeEnv, type TestEnv } from './vector/helpers.js';

/** Encryption with a fixed ring and a registry the test can drive. */
function atRest(ring: KeyRing): AtRestEncryption & { participants: Set<Reencryptable> } {
  const participants = new Set<Reencryptable>();
  return { cipher: ring, participants, register: (p) => { participants.add(p); return () => participants.delete(p); } };
}

async function rotateAll(enc: { participants: Set<Reencryptable> }): Promise<void> {
  for (const p of enc.participants) await p.reencrypt(() => undefined);
  for (const p of enc.participants) await p.afterRotation?.();
}

/** Every raw value under `db` (a classic-level / level instance), as Buffers. */
async function rawValues(db: { iterator(o: object): AsyncIterable<[unknown, Uint8Array]> }): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const [, v] of db.iterator({ keyEncoding: 'view', valueEncoding: 'view' })) out.push(Buffer.from(v));
  return out;
}

const keyA = EncryptionKey.generate();
const keyB = EncryptionKey.generate();

logStorageCompliance('LevelLogStorage, encrypted', async (): Promise<LogStorageHarness> => {
  const dir = await mkdtemp(join(tmpdir(), 'vstudio-log-enc-'));
  const encryption = atRest(new KeyRing(keyA));
  let batches = 0;
  return {
    open: async (limits) => {
      const store = await LevelLogStorage.openAt(join(dir, 'db'), { encryption, ...(limits ? { limits } : {}) });
      const db = store.database;
      const batch = db.batch.bind(db) as (...args: unknown[]) => unknown;
      // Count the calls that reach LevelDB, as level-harness.ts does.
      (db as unknown as { batch: (...args: unknown[]) => unknown }).batch = (...args: unknown[]) => {
        if (args.length > 0) batches++;
        return batch(...args);
      };
      return store;
    },
    diskBatches: () => batches,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('the Raft log, encrypted', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'vstudio-log-enc-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const marker = Buffer.from('entry-payload-marker');
  function markedEntries(): ReturnType<typeof ents> {
    return ents(1, 10, 1).map((e) => ({ ...e, data: Buffer.concat([marker, Buffer.from(e.data)]) }));
  }

  it('stores no entry or snapshot data in plaintext', async () => {
    const store = await LevelLogStorage.openAt(join(dir, 'db'), { encryption: atRest(new KeyRing(keyA)) });
    await store.write(7, bootstrapWrite({ ...EMPTY_CONF_STATE, voters: [1] }, Buffer.from('snapshot-data-marker')));
    await store.write(7, { entries: markedEntries() });
    const values = await rawValues(store.database);
    await store.close();
    expect(values.some((v) => v.includes(marker) || v.includes(Buffer.from('snapshot-data-marker')))).toBe(false);
  });

  it('stops a group whose values it cannot open, naming the record, rather than serving garbage', async () => {
    const store = await LevelLogStorage.openAt(join(dir, 'db'), { encryption: atRest(new KeyRing(keyA)) });
    await store.write(7, { entries: markedEntries() });
    await store.close();
    const other = await LevelLogStorage.openAt(join(dir, 'db'), { encryption: atRest(new KeyRing(keyB)) });
    const [c] = other.corruptions();
    await other.close();
    expect(c).toBeInstanceOf(LogCorruptionError);
    expect(c!.message).toContain('group 7 entry 1');
    expect(c!.message).toContain(`data does not decrypt: value is sealed under key ${keyA.id}`);
  });

  it('rotation rewrites every entry under the current key; the old key is then not needed', async () => {
    const store = await LevelLogStorage.openAt(join(dir, 'db'), { encryption: atRest(new KeyRing(keyA)) });
    await store.write(7, { entries: markedEntries() });
    await store.close();
    const both = atRest(new KeyRing(keyB, [keyA]));
    const rotating = await LevelLogStorage.openAt(join(dir, 'db'), { encryption: both });
    await rotateAll(both);
    const values = await rawValues(rotating.database);
    await rotating.close();
    expect(values.some((v) => v.includes(Buffer.from(keyA.id, 'hex')))).toBe(false);
    const after = await LevelLogStorage.openAt(join(dir, 'db'), { encryption: atRest(new KeyRing(keyB)) });
    expect(after.corruptions()).toEqual([]);
    expect(after.storage(7).entries(1, 11, Infinity).map((e) => Buffer.from(e.data).subarray(0, marker.length).toString())).toEqual(Array(10).fill(marker.toString()));
    await after.close();
  });
});

describe('the vector state machine, encrypted', () => {
  let env: TestEnv;
  const CANARY = 'record-payload-canary';
  const VECTOR = [1234.5677, -8765.4316, 31337.25, 0.012345678, 1, 2, 3, 4];
  const VECTOR_BYTES = Buffer.from(new Float32Array(VECTOR).buffer);

  beforeEach(async () => { env = await makeEnv(); });
  afterEach(async () => { await env.dispose(); });

  async function filesUnder(dir: string): Promise<Buffer[]> {
    const names = await readdir(dir);
    return Promise.all(names.map((n) => readFile(join(dir, n))));
  }

  async function seeded(ring: KeyRing): Promise<Awaited<ReturnType<TestEnv['open']>>> {
    const sm = await env.open({ encryption: atRest(ring) });
    const { validateUpsertBatch } = await import('../../src/store/vector/validation.js');
    await sm.apply(1, validateUpsertBatch(env.schema, [{ id: 'a', vector: VECTOR, payload: { secret: CANARY } }, { id: 'b', vector: [1, 1, 1, 1, 1, 1, 1, 1] }]).bytes);
    return sm;
  }

  it('stores record values sealed: neither payload nor vector bytes are in LevelDB', async () => {
    const sm = await seeded(new KeyRing(keyA));
    await sm.close();
    const values = await rawValues(env.db);
    expect(values.some((v) => v.includes(Buffer.from(CANARY)) || v.includes(VECTOR_BYTES))).toBe(false);
  });

  it('writes HNSW checkpoints sealed, and restarts from them', async () => {
    const sm = await seeded(new KeyRing(keyA));
    await sm.close();
    const files = await filesUnder(join(env.dir, 'ckpt-g1'));
    expect(files.some((f) => f.includes(VECTOR_BYTES))).toBe(false);
    expect(files.some((f) => f.subarray(0, 8).toString() === 'VSSEALF1')).toBe(true);
    const again = await env.open({ encryption: atRest(new KeyRing(keyA)) });
    expect(again.recovery.mode).toBe('checkpoint');
    expect(again.get(['a']).records[0]!.payload).toEqual({ secret: CANARY });
    await again.close();
  });

  it('refuses to serve records it cannot open: STORAGE_CORRUPT naming the id', async () => {
    const sm = await seeded(new KeyRing(keyA));
    await sm.close();
    await expect(env.open({ encryption: atRest(new KeyRing(keyB)) })).rejects.toThrow(`record "a" does not decrypt: value is sealed under key ${keyA.id}`);
  });

  it('streams a snapshot that a replica with another key restores', async () => {
    const sm = await seeded(new KeyRing(keyA));
    const snap = await sm.createSnapshot();
    const chunks = [];
    for await (const c of snap.chunks()) chunks.push(c);
    await sm.close();
    const otherDir = await mkdtemp(join(tmpdir(), 'vstudio-vector-b-'));
    const { Level } = await import('level');
    const db = new Level<string, Uint8Array>(join(otherDir, 'db'), { valueEncoding: 'view' });
    const { VectorStateMachine } = await import('../../src/store/vector/vector-state-machine.js');
    try {
      const replica = await VectorStateMachine.open({ db, prefix: 'g1', schema: env.schema, checkpointDir: join(otherDir, 'ckpt'), checkpointEveryEntries: 0, encryption: atRest(new KeyRing(keyB)) });
      await replica.restore(chunks);
      expect(replica.get(['a', 'b']).missing).toEqual([]);
      expect(replica.search({ vector: VECTOR, k: 1 }).hits[0]!.id).toBe('a');
      await replica.close();
      expect((await rawValues(db)).some((v) => v.includes(Buffer.from(keyB.id, 'hex')))).toBe(true);
      expect((await filesUnder(join(otherDir, 'ckpt'))).some((f) => f.includes(VECTOR_BYTES))).toBe(false);
    } finally {
      await db.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('rotation rewrites every record and the checkpoint under the current key', async () => {
    const sm = await seeded(new KeyRing(keyA));
    await sm.close();
    const both = atRest(new KeyRing(keyB, [keyA]));
    const rotating = await env.open({ encryption: both });
    await rotateAll(both);
    await rotating.close();
    const oldId = Buffer.from(keyA.id, 'hex');
    expect((await rawValues(env.db)).some((v) => v.includes(oldId))).toBe(false);
    expect((await filesUnder(join(env.dir, 'ckpt-g1'))).some((f) => f.includes(oldId))).toBe(false);
    const after = await env.open({ encryption: atRest(new KeyRing(keyB)) });
    expect(after.recovery.mode).toBe('checkpoint');
    expect(after.get(['a']).records[0]!.payload).toEqual({ secret: CANARY });
    await after.close();
  });
});

describe('the meta state and snapshot spools, encrypted', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'vstudio-meta-enc-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('stores the cluster map sealed (collection names and addresses are not on disk)', async () => {
    const { Level } = await import('level');
    const db = new Level<string, Uint8Array>(join(dir, 'db'), { valueEncoding: 'view' });
    const meta = db.sublevel<string, Uint8Array>('meta', { valueEncoding: 'view' });
    const enc = atRest(new KeyRing(keyA));
    const map = Buffer.from(JSON.stringify({ nodes: [{ id: 1, clientAddress: 'secret-host:7001', peerAddress: 'secret-host:7101', zone: '' }], collections: [], groups: [], nextGroupId: 2 }));
    const sm = await MetaStateMachine.open(meta, () => undefined, enc);
    await sm.restoreSnapshot({ metadata: { index: 3, term: 1, confState: EMPTY_CONF_STATE }, data: map });
    const reopened = await MetaStateMachine.open(meta, () => undefined, enc);
    const values = await rawValues(db);
    await db.close();
    expect(reopened.map.nodes.get(1)?.clientAddress).toBe('secret-host:7001');
    expect(values.some((v) => v.includes(Buffer.from('secret-host')))).toBe(false);
  });

  it('seals spool frames and reads them back', async () => {
    const spool = await SnapshotSpool.open(join(dir, 'in', 't-1'), new KeyRing(keyA));
    await spool.append(Buffer.from('spooled-chunk-canary'));
    await spool.close();
    expect((await readFile(join(dir, 'in', 't-1'))).includes(Buffer.from('spooled-chunk-canary'))).toBe(false);
    const again = await SnapshotSpool.open(join(dir, 'in', 't-1'), new KeyRing(keyA));
    expect(Buffer.from(await again.read(0)).toString()).toBe('spooled-chunk-canary');
    await again.close();
  });

  it('drops spool frames sealed under an older key on open (they are sent again), so a spool never needs a retired key', async () => {
    const spool = await SnapshotSpool.open(join(dir, 'in', 't-2'), new KeyRing(keyA));
    await spool.append(Buffer.from('old'));
    await spool.close();
    const again = await SnapshotSpool.open(join(dir, 'in', 't-2'), new KeyRing(keyB, [keyA]));
    expect(again.frames).toBe(0);
    await again.close();
  });
});

describe('a node\'s rotation', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'vstudio-rotation-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('rotates participants that enrol while it runs, then retires the older keys in the marker', async () => {
    await openDataDirEncryption(dir, { current: keyA, previous: [] });
    const opened = await openDataDirEncryption(dir, { current: keyB, previous: [keyA] });
    const node = new NodeEncryption(dir, opened.ring, opened.retiredKeyIds);
    const rotated: string[] = [];
    node.register({ name: 'first', reencrypt: async (progress) => {
      node.register({ name: 'late', reencrypt: async () => { rotated.push('late'); } });
      rotated.push('first');
      progress(5);
    } });
    expect(node.rotate()).toMatchObject({ rotation: 'running', retiredKeyIds: [keyA.id] });
    await node.idle();
    expect(rotated).toEqual(['first', 'late']);
    expect(node.status()).toMatchObject({ rotation: 'done', retiredKeyIds: [], stepsDone: 2, valuesRewritten: 5 });
    expect((await openDataDirEncryption(dir, { current: keyB, previous: [] })).retiredKeyIds).toEqual([]);
  });

  it('keeps the older keys when a participant fails, and says why', async () => {
    await openDataDirEncryption(dir, { current: keyA, previous: [] });
    const opened = await openDataDirEncryption(dir, { current: keyB, previous: [keyA] });
    const node = new NodeEncryption(dir, opened.ring, opened.retiredKeyIds);
    node.register({ name: 'broken', reencrypt: () => Promise.reject(new Error('disk full')) });
    node.rotate();
    await node.idle();
    expect(node.status()).toMatchObject({ rotation: 'failed', error: 'disk full', retiredKeyIds: [keyA.id] });
    await expect(openDataDirEncryption(dir, { current: keyB, previous: [] })).rejects.toThrow(`still holds values sealed under key ${keyA.id}`);
  });
});
