import { describe, expect, it } from 'vitest';
import {
  EMPTY_CONF_STATE, EntryType, StorageError, type ConfState, type Entry, type HardState, type Snapshot,
} from '../../../src/raft/index.js';
import {
  LogWriteError, bootstrapWrite, type GroupCommitLimits, type GroupId, type LogStorage,
} from '../../../src/store/log/index.js';

/**
 * The behaviours every {@link LogStorage} must show, run against the in-memory store (the
 * simulator's MemoryStorage behind the write interface) and the LevelDB store. A "restart" is
 * close() then open() on the same durable state; a "crash" is crash() then open().
 */
export interface LogStorageHarness {
  /** Opens a store over the harness's durable state (empty the first time). */
  open(limits?: Partial<GroupCommitLimits>): Promise<LogStorage>;
  /** Synced batches that reached the durable medium so far, across reopens. */
  diskBatches(): number;
  /** Releases the durable state (temp dirs). Stores must be closed first. */
  dispose(): Promise<void>;
}

export type HarnessFactory = () => Promise<LogStorageHarness>;

const CONF: ConfState = { ...EMPTY_CONF_STATE, voters: [1, 2, 3] };
const G = 7;

export function ents(from: number, to: number, term: number, dataBytes = 8): Entry[] {
  const out: Entry[] = [];
  for (let i = from; i <= to; i++) {
    const data = new Uint8Array(dataBytes).fill((i * 31 + term) & 0xff);
    out.push({ index: i, term, type: i % 5 === 0 ? EntryType.ConfChange : EntryType.Normal, data });
  }
  return out;
}

/** The whole visible log of a group, for comparisons. */
export function dump(s: LogStorage, group: GroupId): {
  first: number; last: number; terms: number[]; entries: Entry[]; hardState: HardState;
  snapshot: Snapshot['metadata']; snapshotData: number[]; confState: ConfState; applied: number;
} {
  const st = s.storage(group);
  const first = st.firstIndex();
  const last = st.lastIndex();
  const terms: number[] = [];
  for (let i = first - 1; i <= last; i++) terms.push(st.term(i));
  const entries = st.entries(first, last + 1, Number.POSITIVE_INFINITY)
    .map((e) => ({ index: e.index, term: e.term, type: e.type, data: Uint8Array.from(e.data) }));
  const snap = st.snapshot();
  const init = st.initialState();
  return {
    first, last, terms, entries, hardState: { ...init.hardState }, snapshot: snap.metadata,
    snapshotData: [...snap.data], confState: init.confState, applied: s.applyState(group).applied,
  };
}

async function expectStorageError(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  let error: unknown = null;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    error = err;
  }
  expect(error, `expected StorageError ${code}`).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}

/** Runs the compliance suite against stores made by `factory`. */
export function logStorageCompliance(name: string, factory: HarnessFactory): void {
  describe(`LogStorage compliance: ${name}`, () => {
    /** Runs `body` with a fresh harness and store; closes and disposes whatever is left. */
    async function withStore(body: (h: LogStorageHarness, s: LogStorage, reopen: (how?: 'close' | 'crash') => Promise<LogStorage>) => Promise<void>,
      limits?: Partial<GroupCommitLimits>): Promise<void> {
      const h = await factory();
      let store = await h.open(limits);
      let open = true;
      const reopen = async (how: 'close' | 'crash' = 'close'): Promise<LogStorage> => {
        open = false;
        await (how === 'close' ? store.close() : store.crash());
        store = await h.open(limits);
        open = true;
        return store;
      };
      try {
        await body(h, store, reopen);
      } finally {
        if (open) await store.close();
        await h.dispose();
      }
    }

    it('an unknown group reads as an empty log', () => withStore(async (_h, s) => {
      const st = s.storage(G);
      expect([st.firstIndex(), st.lastIndex(), st.term(0)]).toEqual([1, 0, 0]);
      expect(st.initialState().hardState).toEqual({ term: 0, vote: 0, commit: 0 });
      expect(st.snapshot().metadata.index).toBe(0);
      expect(st.entries(1, 1, 100)).toEqual([]);
      expect(s.applyState(G)).toEqual({ applied: 0, confState: EMPTY_CONF_STATE });
      expect(s.groups()).toEqual([]);
    }));

    it('bootstrap, append and read back; the same after a restart', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF, Uint8Array.of(9, 9)));
      await s0.write(G, { entries: ents(2, 6, 2), hardState: { term: 2, vote: 1, commit: 4 } });
      const check = (s: LogStorage): void => {
        const st = s.storage(G);
        expect([st.firstIndex(), st.lastIndex()]).toEqual([2, 6]);
        expect(st.term(1)).toBe(1);
        expect(st.term(6)).toBe(2);
        expect(st.entries(2, 7, Infinity)).toEqual(ents(2, 6, 2));
        expect(st.initialState()).toEqual({ hardState: { term: 2, vote: 1, commit: 4 }, confState: CONF });
        expect(st.snapshot()).toEqual({ metadata: { index: 1, term: 1, confState: CONF }, data: Uint8Array.of(9, 9) });
        expect(s.applyState(G)).toEqual({ applied: 1, confState: CONF });
        expect(s.groups()).toEqual([G]);
      };
      check(s0);
      check(await reopen());
    }));

    it('an overwrite replaces the conflicting suffix, and no stale entry beyond the new tail survives a restart', () =>
      withStore(async (_h, s0, reopen) => {
        await s0.write(G, bootstrapWrite(CONF));
        await s0.write(G, { entries: ents(2, 10, 2) });
        await s0.write(G, { entries: ents(5, 6, 3) });
        const check = (s: LogStorage): void => {
          const st = s.storage(G);
          expect(st.lastIndex()).toBe(6);
          expect(st.entries(2, 7, Infinity)).toEqual([...ents(2, 4, 2), ...ents(5, 6, 3)]);
          expect(() => st.term(7)).toThrow(StorageError);
        };
        check(s0);
        const s1 = await reopen();
        check(s1);
        // Extending again must not bring back the old 7..10 of term 2.
        await s1.write(G, { entries: ents(7, 7, 3) });
        const s2 = await reopen('crash');
        expect(s2.storage(G).lastIndex()).toBe(7);
        expect(s2.storage(G).entries(7, 8, Infinity)).toEqual(ents(7, 7, 3));
      }));

    it('entries at or before the compacted prefix are skipped by an append', () => withStore(async (_h, s) => {
      await s.write(G, bootstrapWrite(CONF));
      await s.write(G, { entries: ents(2, 8, 2) });
      await s.createSnapshot(G, 5, CONF, new Uint8Array());
      await s.compact(G, 5);
      await s.write(G, { entries: ents(3, 7, 2) }); // 3..5 compacted, 6..7 overwrite 6..8
      expect([s.storage(G).firstIndex(), s.storage(G).lastIndex()]).toEqual([6, 7]);
      await s.write(G, { entries: ents(2, 4, 2) }); // entirely compacted: a no-op
      expect(s.storage(G).lastIndex()).toBe(7);
    }));

    it('a write that leaves a gap is refused whole: nothing of it is stored', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF));
      await s0.write(G, { entries: ents(2, 4, 2) });
      await expectStorageError(s0.write(G, { entries: ents(6, 7, 2), hardState: { term: 9, vote: 2, commit: 3 } }), 'UNAVAILABLE');
      for (const s of [s0, await reopen()]) {
        expect(s.storage(G).lastIndex()).toBe(4);
        expect(s.storage(G).initialState().hardState.term).toBe(1);
      }
    }));

    it('entries() honours maxBytes (always at least one entry) and its bounds', () => withStore(async (_h, s) => {
      await s.write(G, bootstrapWrite(CONF));
      await s.write(G, { entries: ents(2, 11, 2, 100) });
      const st = s.storage(G);
      const perEntry = 100 + 16; // entrySize: data plus ENTRY_OVERHEAD_BYTES
      expect(st.entries(2, 12, 0).map((e) => e.index)).toEqual([2]);
      expect(st.entries(2, 12, 2 * perEntry).map((e) => e.index)).toEqual([2, 3]);
      expect(st.entries(2, 12, 3 * perEntry - 1).map((e) => e.index)).toEqual([2, 3]);
      expect(st.entries(4, 12, Infinity)).toHaveLength(8);
      expect(st.entries(5, 5, 0)).toEqual([]);
      await expectStorageError(() => st.entries(1, 3, Infinity), 'COMPACTED');
      await expectStorageError(() => st.entries(2, 13, Infinity), 'UNAVAILABLE');
      await expectStorageError(() => st.term(0), 'COMPACTED');
      await expectStorageError(() => st.term(12), 'UNAVAILABLE');
    }));

    it('createSnapshot and compact, before and after a restart', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF));
      await s0.write(G, { entries: [...ents(2, 5, 2), ...ents(6, 9, 3)] });
      const cs2: ConfState = { ...CONF, learners: [4] };
      const snap = await s0.createSnapshot(G, 7, cs2, Uint8Array.of(1, 2, 3));
      expect(snap.metadata).toEqual({ index: 7, term: 3, confState: cs2 });
      await expectStorageError(s0.createSnapshot(G, 7, cs2, new Uint8Array()), 'COMPACTED');
      await expectStorageError(s0.createSnapshot(G, 10, cs2, new Uint8Array()), 'UNAVAILABLE');
      await expectStorageError(s0.compact(G, 8), 'UNAVAILABLE'); // past the snapshot
      await s0.compact(G, 6);
      await s0.compact(G, 4); // already compacted: a no-op
      for (const s of [s0, await reopen()]) {
        const st = s.storage(G);
        expect([st.firstIndex(), st.lastIndex(), st.term(6), st.term(7)]).toEqual([7, 9, 3, 3]);
        await expectStorageError(() => st.entries(6, 8, Infinity), 'COMPACTED');
        expect(st.entries(7, 10, Infinity)).toEqual(ents(7, 9, 3));
        expect(st.snapshot()).toEqual({ metadata: { index: 7, term: 3, confState: cs2 }, data: Uint8Array.of(1, 2, 3) });
        // createSnapshot does not change the recorded membership: the host records that.
        expect(st.initialState().confState).toEqual(CONF);
      }
    }));

    it('compaction up to the last index leaves an empty log whose last term is known', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF));
      await s0.write(G, { entries: ents(2, 4, 2) });
      await s0.createSnapshot(G, 4, CONF, new Uint8Array());
      await s0.compact(G, 4);
      for (const s of [s0, await reopen()]) {
        expect([s.storage(G).firstIndex(), s.storage(G).lastIndex(), s.storage(G).term(4)]).toEqual([5, 4, 2]);
      }
    }));

    it('an installed snapshot replaces the log, membership and applied index', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF));
      await s0.write(G, { entries: ents(2, 30, 2) });
      const cs: ConfState = { ...CONF, voters: [1, 2, 3, 4] };
      const snapshot: Snapshot = { metadata: { index: 20, term: 4, confState: cs }, data: Uint8Array.of(7) };
      await s0.write(G, { snapshot, entries: ents(21, 22, 4), hardState: { term: 4, vote: 0, commit: 20 } });
      const s1 = await reopen();
      for (const s of [s1]) {
        const st = s.storage(G);
        expect([st.firstIndex(), st.lastIndex(), st.term(20), st.term(22)]).toEqual([21, 22, 4, 4]);
        expect(st.snapshot()).toEqual(snapshot);
        expect(st.initialState()).toEqual({ hardState: { term: 4, vote: 0, commit: 20 }, confState: cs });
        expect(s.applyState(G)).toEqual({ applied: 20, confState: cs });
      }
      await expectStorageError(s1.write(G, { snapshot: { ...snapshot, metadata: { ...snapshot.metadata, index: 20 } } }), 'COMPACTED');
      // A snapshot into an empty replica (one added later) works the same.
      await s1.write(99, { snapshot });
      expect([s1.storage(99).firstIndex(), s1.storage(99).lastIndex()]).toEqual([21, 20]);
    }));

    it('hard state and apply state persist on their own', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, { hardState: { term: 5, vote: 3, commit: 0 } }); // a fresh replica that voted
      const cs: ConfState = { voters: [1, 2], learners: [3], votersOutgoing: [1, 2, 4], learnersNext: [4], autoLeave: true };
      await s0.write(G + 1, bootstrapWrite(CONF));
      await s0.write(G + 1, { applyState: { applied: 1, confState: cs } });
      const s1 = await reopen();
      expect(s1.storage(G).initialState().hardState).toEqual({ term: 5, vote: 3, commit: 0 });
      expect(s1.storage(G).lastIndex()).toBe(0);
      expect(s1.applyState(G + 1)).toEqual({ applied: 1, confState: cs });
      expect(s1.storage(G + 1).initialState().confState).toEqual(cs);
    }));

    it('groups are isolated: writes, overwrites, compaction and drop of one leave the others alone', () =>
      withStore(async (_h, s0, reopen) => {
        const groups = [1, 2, 2 ** 40 + 3];
        for (const [n, g] of groups.entries()) {
          await s0.write(g, bootstrapWrite(CONF));
          await s0.write(g, { entries: ents(2, 10 + n, 2 + n), hardState: { term: 2 + n, vote: n, commit: 3 } });
        }
        await s0.write(1, { entries: ents(4, 5, 9) });
        await s0.createSnapshot(2, 6, CONF, new Uint8Array());
        await s0.compact(2, 6);
        await s0.dropGroup(groups[2]!);
        const s1 = await reopen();
        expect(s1.groups()).toEqual([1, 2]);
        expect([s1.storage(1).firstIndex(), s1.storage(1).lastIndex(), s1.storage(1).term(3), s1.storage(1).term(5)]).toEqual([2, 5, 2, 9]);
        expect([s1.storage(2).firstIndex(), s1.storage(2).lastIndex(), s1.storage(2).term(11)]).toEqual([7, 11, 3]);
        expect(s1.storage(2).initialState().hardState).toEqual({ term: 3, vote: 1, commit: 3 });
        const dropped = s1.storage(groups[2]!);
        expect([dropped.firstIndex(), dropped.lastIndex(), dropped.initialState().hardState.term]).toEqual([1, 0, 0]);
      }));

    it('a group dropped and re-created in one turn keeps only the new writes', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF));
      await s0.write(G, { entries: ents(2, 9, 2), hardState: { term: 2, vote: 1, commit: 5 } });
      await Promise.all([s0.dropGroup(G), s0.write(G, bootstrapWrite(CONF, Uint8Array.of(5)))]);
      for (const s of [s0, await reopen()]) {
        const st = s.storage(G);
        expect([st.firstIndex(), st.lastIndex(), st.initialState().hardState.term]).toEqual([2, 1, 1]);
        expect(st.snapshot().data).toEqual(Uint8Array.of(5));
      }
    }));

    it('group commit: writes of many groups submitted in one turn go to disk in one synced batch', () =>
      withStore(async (h, s) => {
        for (let g = 1; g <= 5; g++) await s.write(g, bootstrapWrite(CONF));
        const before = h.diskBatches();
        await Promise.all([1, 2, 3, 4, 5].map((g) => s.write(g, { entries: ents(2, 4, 2), hardState: { term: 2, vote: g, commit: 1 } })));
        expect(h.diskBatches() - before).toBe(1);
        expect(s.stats().maxWritesPerBatch).toBe(5);
        // Two writes of one group in one turn: two batches, applied in submission order.
        const mid = h.diskBatches();
        await Promise.all([s.write(1, { entries: ents(5, 9, 2) }), s.write(1, { entries: ents(7, 7, 3) })]);
        expect(h.diskBatches() - mid).toBe(2);
        expect(s.storage(1).lastIndex()).toBe(7);
        expect(s.storage(1).term(7)).toBe(3);
      }));

    it('a write becomes visible to reads only once durable', () => withStore(async (_h, s) => {
      await s.write(G, bootstrapWrite(CONF));
      const st = s.storage(G);
      const p = s.write(G, { entries: ents(2, 3, 2), hardState: { term: 2, vote: 1, commit: 1 } });
      expect(st.lastIndex()).toBe(1);
      expect(st.initialState().hardState.term).toBe(1);
      await p;
      expect(st.lastIndex()).toBe(3);
      expect(s.storage(G)).toBe(st); // the core keeps the same view object
    }));

    it('a crash loses only the writes not yet synced', () => withStore(async (_h, s0, reopen) => {
      await s0.write(G, bootstrapWrite(CONF));
      await s0.write(G, { entries: ents(2, 3, 2), hardState: { term: 2, vote: 1, commit: 2 } });
      const lost = s0.write(G, { entries: ents(4, 6, 2), hardState: { term: 3, vote: 2, commit: 3 } });
      const lostOther = s0.write(G + 1, bootstrapWrite(CONF));
      const rejected = Promise.allSettled([lost, lostOther]);
      const s1 = await reopen('crash');
      for (const r of await rejected) {
        expect(r.status).toBe('rejected');
        expect(((r as PromiseRejectedResult).reason as LogWriteError).code).toBe('CRASHED');
      }
      expect(s1.storage(G).lastIndex()).toBe(3);
      expect(s1.storage(G).initialState().hardState).toEqual({ term: 2, vote: 1, commit: 2 });
      expect(s1.groups()).toEqual([G]);
    }));

    it('the write queue is bounded: beyond it writes are refused with QUEUE_FULL until it drains', () =>
      withStore(async (_h, s) => {
        const pending = [1, 2, 3].map((g) => s.write(g, bootstrapWrite(CONF)));
        const refused = s.write(4, bootstrapWrite(CONF));
        await expect(refused).rejects.toMatchObject({ code: 'QUEUE_FULL' });
        await s.whenWritable();
        await Promise.all(pending);
        await s.write(4, bootstrapWrite(CONF));
        expect(s.groups()).toEqual([1, 2, 3, 4]);
      }, { maxQueuedWrites: 3 }));

    it('close() flushes queued writes; a closed store refuses writes', () => withStore(async (_h, s0, reopen) => {
      const p = s0.write(G, bootstrapWrite(CONF));
      const s1 = await reopen('close');
      await p;
      await expect(s0.write(G, { hardState: { term: 2, vote: 0, commit: 1 } })).rejects.toMatchObject({ code: 'CLOSED' });
      expect(s1.storage(G).lastIndex()).toBe(1);
    }));
  });
}
