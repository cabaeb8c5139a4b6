import { ClassicLevel } from 'classic-level';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_CONF_STATE, StorageError } from '../../../src/raft/index.js';
import {
  KeyKind, LevelLogStorage, LogCorruptionError, bootstrapWrite, entryKey, groupKeyRange, metaKey,
} from '../../../src/store/log/index.js';
import { levelHarness, type LevelHarness } from './level-harness.js';
import { ents, logStorageCompliance } from './log-storage-compliance.js';

logStorageCompliance('LevelLogStorage', levelHarness);

const CONF = { ...EMPTY_CONF_STATE, voters: [1, 2, 3] };
const BYTES = { keyEncoding: 'view', valueEncoding: 'view' } as const;

describe('LevelLogStorage on disk', () => {
  let h: LevelHarness | null = null;
  afterEach(async () => {
    await h?.dispose();
    h = null;
  });

  /** Opens the raw LevelDB of the harness (the store must be closed), runs `body`, closes it. */
  async function rawDb<T>(body: (db: ClassicLevel<Uint8Array, Uint8Array>) => Promise<T>): Promise<T> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(h!.dir, 'db'), BYTES);
    await db.open();
    try {
      return await body(db);
    } finally {
      await db.close();
    }
  }

  async function entryKeyCount(group: number): Promise<number> {
    return rawDb(async (db) => {
      let n = 0;
      for await (const key of db.keys({ ...groupKeyRange(group) })) if (key[9] === KeyKind.Entry) n++;
      return n;
    });
  }

  async function seed(): Promise<void> {
    h = await levelHarness();
    const s = await h.open();
    await s.write(1, bootstrapWrite(CONF));
    await s.write(1, { entries: ents(2, 9, 2, 64), hardState: { term: 2, vote: 1, commit: 5 } });
    await s.write(2, bootstrapWrite(CONF));
    await s.write(2, { entries: ents(2, 4, 2), hardState: { term: 2, vote: 2, commit: 3 } });
    await s.close();
  }

  it('keeps exactly the live entries on disk after overwrites, compaction and snapshots', async () => {
    await seed();
    let s = await h!.open();
    await s.write(1, { entries: ents(4, 5, 3) }); // overwrite 4..9 with 4..5
    await s.createSnapshot(1, 3, CONF, new Uint8Array());
    await s.compact(1, 3);
    await s.close();
    expect(await entryKeyCount(1)).toBe(2); // 4 and 5
    s = await h!.open();
    await s.write(2, { snapshot: { metadata: { index: 50, term: 5, confState: CONF }, data: new Uint8Array() } });
    await s.close();
    expect(await entryKeyCount(2)).toBe(0);
    expect(await entryKeyCount(1)).toBe(2);
  });

  it('a flipped byte in a stored entry is reported on reopen with its group and index; other groups work', async () => {
    await seed();
    await rawDb(async (db) => {
      const key = entryKey(1, 6);
      const value = Uint8Array.from((await db.get(key))!);
      value[value.length - 3]! ^= 0x10;
      await db.put(key, value);
    });
    const s = await h!.open();
    try {
      const [c] = s.corruptions();
      expect(c).toBeInstanceOf(LogCorruptionError);
      expect(c).toBeInstanceOf(StorageError);
      expect(c).toMatchObject({ code: 'CORRUPTION', group: 1, index: 6, record: 'entry' });
      expect(c!.message).toMatch(/group 1 entry 6 .*checksum mismatch/);
      // Reading or writing the stopped group names the corruption; nothing of it is served.
      expect(() => s.storage(1)).toThrow(LogCorruptionError);
      await expect(s.write(1, { hardState: { term: 3, vote: 0, commit: 5 } })).rejects.toMatchObject({ code: 'GROUP_STOPPED' });
      expect(s.storage(2).lastIndex()).toBe(4);
      await s.write(2, { entries: ents(5, 5, 2) });
      // Dropping the group (the operator removes the replica) clears it.
      await s.dropGroup(1);
      expect(s.corruptions()).toEqual([]);
      expect(s.storage(1).lastIndex()).toBe(0);
    } finally {
      await s.close();
    }
    const s2 = await h!.open();
    expect(s2.corruptions()).toEqual([]);
    expect(s2.groups()).toEqual([2]);
    await s2.close();
  });

  it('a flipped byte in the hard state is reported as hard-state corruption of its group', async () => {
    await seed();
    await rawDb(async (db) => {
      const key = metaKey(2, KeyKind.HardState);
      const value = Uint8Array.from((await db.get(key))!);
      value[8]! ^= 0x01;
      await db.put(key, value);
    });
    const s = await h!.open();
    expect(s.corruptions()).toHaveLength(1);
    expect(s.corruptions()[0]).toMatchObject({ code: 'CORRUPTION', group: 2, index: null, record: 'hard-state' });
    expect(() => s.storage(2)).toThrow(/CORRUPTION: group 2 hard-state/);
    expect(s.storage(1).lastIndex()).toBe(9);
    await s.close();
  });

  it('detects an entry value stored under another index, a missing entry and snapshot metadata damage', async () => {
    await seed();
    await rawDb(async (db) => {
      // A misdirected write: entry 3's (valid) value under entry 4's key.
      await db.put(entryKey(1, 4), (await db.get(entryKey(1, 3)))!);
      await db.del(entryKey(2, 3)); // a hole in group 2's log
    });
    let s = await h!.open();
    expect(s.corruptions().map((c) => [c.group, c.record, c.index])).toEqual([[1, 'entry', 4], [2, 'entry', 4]]);
    expect(s.corruptions()[1]!.message).toMatch(/entry 3 is missing/);
    await s.dropGroup(1);
    await s.dropGroup(2);
    await s.write(3, bootstrapWrite(CONF));
    await s.close();
    await rawDb(async (db) => {
      const key = metaKey(3, KeyKind.SnapshotMeta);
      const value = Uint8Array.from((await db.get(key))!);
      value[value.length - 1]! ^= 0x01; // autoLeave flag
      await db.put(key, value);
    });
    s = await h!.open();
    expect(s.corruptions().map((c) => [c.group, c.record])).toEqual([[3, 'snapshot-meta']]);
    await s.close();
  });

  it('an I/O failure of a synced batch fails its writes and every later one (WRITE_FAILED)', async () => {
    h = await levelHarness();
    const s = await h.open();
    await s.write(1, bootstrapWrite(CONF));
    const db = s.database as unknown as { batch: (...args: unknown[]) => Promise<void> };
    db.batch = () => Promise.reject(new Error('EIO'));
    await expect(s.write(1, { entries: ents(2, 2, 2) })).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(s.storage(1).lastIndex()).toBe(1); // never made visible
    await expect(s.write(2, bootstrapWrite(CONF))).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    await s.close();
  });

  it('shares a database with other key spaces and leaves their keys alone', async () => {
    h = await levelHarness();
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(h.dir, 'shared'), BYTES);
    await db.put(Uint8Array.of(0x02, 1), Uint8Array.of(42)); // e.g. a state-machine record
    const s = await LevelLogStorage.open(db);
    await s.write(1, bootstrapWrite(CONF));
    await s.dropGroup(1);
    await s.close();
    expect(Uint8Array.from((await db.get(Uint8Array.of(0x02, 1)))!)).toEqual(Uint8Array.of(42));
    const s2 = await LevelLogStorage.open(db);
    expect(s2.corruptions()).toEqual([]);
    expect(s2.groups()).toEqual([]);
    await s2.close();
    await db.close();
  });
});
