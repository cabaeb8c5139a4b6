// Specification of MemoryStorage and limitSize: src/raft/storage.ts.
// After etcd-io/raft storage_test.go (TestStorageTerm, TestStorageEntries, TestStorageLastIndex,
// TestStorageFirstIndex, TestStorageCompact, TestStorageCreateSnapshot, TestStorageAppend,
// TestStorageApplySnapshot) and util_test.go (TestLimitSize).
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_INDEX, BOOTSTRAP_TERM, ENTRY_OVERHEAD_BYTES, MemoryStorage, entrySize, limitSize } from '../../../src/raft/storage.js';
import { EMPTY_CONF_STATE, EntryType, type ConfState, type Entry, type Snapshot } from '../../../src/raft/types.js';
import { storageErrorCode } from './storage-error-code.js';

function e(index: number, term: number, payloadBytes = 0): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array(payloadBytes) };
}
const ids = (ents: readonly Entry[]): string[] => ents.map((x) => `${x.index}:${x.term}`);
function snap(index: number, term: number, confState: ConfState = EMPTY_CONF_STATE): Snapshot {
  return { metadata: { index, term, confState }, data: new Uint8Array([index]) };
}
/** etcd's fixture: a snapshot at 3 (term 3) followed by entries 4:4 and 5:5. */
function storage345(): MemoryStorage {
  const s = new MemoryStorage();
  s.applySnapshot(snap(3, 3));
  s.append([e(4, 4), e(5, 5)]);
  return s;
}
/** The log as "index:term" from the placeholder (firstIndex-1) to lastIndex. */
function contents(s: MemoryStorage): string[] {
  const out: string[] = [];
  for (let i = s.firstIndex() - 1; i <= s.lastIndex(); i++) out.push(`${i}:${s.term(i)}`);
  return out;
}

describe('MemoryStorage, a new one', () => {
  it('is empty: firstIndex 1, lastIndex 0, term(0) = 0', () => {
    const s = new MemoryStorage();
    expect([s.firstIndex(), s.lastIndex(), s.term(0)]).toEqual([1, 0, 0]);
  });

  it('bootstrap records the founding membership as a committed snapshot at BOOTSTRAP_INDEX/TERM', () => {
    const cs: ConfState = { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
    const data = new Uint8Array([7]);
    const s = MemoryStorage.bootstrap(cs, data);
    expect(s.initialState()).toEqual({ hardState: { term: BOOTSTRAP_TERM, vote: 0, commit: BOOTSTRAP_INDEX }, confState: cs });
    expect(s.snapshot()).toEqual({ metadata: { index: BOOTSTRAP_INDEX, term: BOOTSTRAP_TERM, confState: cs }, data });
  });

  it('bootstrap: the log is empty after the bootstrap snapshot, whose term is known', () => {
    const s = MemoryStorage.bootstrap({ voters: [1], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false });
    expect([s.firstIndex(), s.lastIndex(), s.term(BOOTSTRAP_INDEX)]).toEqual([BOOTSTRAP_INDEX + 1, BOOTSTRAP_INDEX, BOOTSTRAP_TERM]);
    expect(storageErrorCode(() => s.entries(BOOTSTRAP_INDEX, BOOTSTRAP_INDEX + 1, Infinity))).toBe('COMPACTED');
  });

  it('setHardState and setConfState are reported by initialState', () => {
    const s = new MemoryStorage();
    const cs: ConfState = { voters: [1], learners: [2], votersOutgoing: [], learnersNext: [], autoLeave: false };
    s.setHardState({ term: 3, vote: 1, commit: 2 });
    s.setConfState(cs);
    expect(s.initialState()).toEqual({ hardState: { term: 3, vote: 1, commit: 2 }, confState: cs });
    expect(s.hardStateNow()).toEqual({ term: 3, vote: 1, commit: 2 });
  });
});

describe('MemoryStorage.term', () => {
  it.each([
    { i: 2, want: 'COMPACTED' },
    { i: 3, want: 3 },
    { i: 4, want: 4 },
    { i: 5, want: 5 },
    { i: 6, want: 'UNAVAILABLE' },
  ])('term($i) = $want', ({ i, want }) => {
    const s = storage345();
    if (typeof want === 'string') expect(storageErrorCode(() => s.term(i))).toBe(want);
    else expect(s.term(i)).toBe(want);
  });
});

describe('MemoryStorage.entries', () => {
  const size = ENTRY_OVERHEAD_BYTES; // all payloads are empty: every entry counts this much
  it.each([
    { name: 'before the snapshot: COMPACTED', lo: 2, hi: 6, max: Infinity, want: 'COMPACTED' },
    { name: 'at the snapshot index: COMPACTED', lo: 3, hi: 4, max: Infinity, want: 'COMPACTED' },
    { name: 'one entry', lo: 4, hi: 5, max: Infinity, want: ['4:4'] },
    { name: 'two entries', lo: 4, hi: 6, max: Infinity, want: ['4:4', '5:5'] },
    { name: 'past the last index: UNAVAILABLE', lo: 4, hi: 7, max: Infinity, want: 'UNAVAILABLE' },
    { name: 'an empty range', lo: 5, hi: 5, max: Infinity, want: [] },
    { name: 'a byte limit of 0 still returns one entry', lo: 4, hi: 6, max: 0, want: ['4:4'] },
    { name: 'a byte limit of exactly one entry', lo: 4, hi: 6, max: size, want: ['4:4'] },
    { name: 'a byte limit just short of two entries', lo: 4, hi: 6, max: 2 * size - 1, want: ['4:4'] },
    { name: 'a byte limit of exactly two entries', lo: 4, hi: 6, max: 2 * size, want: ['4:4', '5:5'] },
  ])('$name', ({ lo, hi, max, want }) => {
    const s = storage345();
    if (typeof want === 'string') expect(storageErrorCode(() => s.entries(lo, hi, max))).toBe(want);
    else expect(ids(s.entries(lo, hi, max))).toEqual(want);
  });

  it('the returned array is a copy: a later append does not change it', () => {
    const s = storage345();
    const got = s.entries(4, 6, Infinity);
    s.append([e(5, 6)]);
    expect(ids(got)).toEqual(['4:4', '5:5']);
  });
});

describe('MemoryStorage.append', () => {
  // etcd TestStorageAppend, on the 3:3 4:4 5:5 fixture.
  it.each([
    { name: 'entries that are all compacted are skipped', add: [e(1, 1), e(2, 2)], want: ['3:3', '4:4', '5:5'] },
    { name: 'the same entries again: no change', add: [e(3, 3), e(4, 4), e(5, 5)], want: ['3:3', '4:4', '5:5'] },
    { name: 'conflicting entries overwrite the stored ones', add: [e(3, 3), e(4, 6), e(5, 6)], want: ['3:3', '4:6', '5:6'] },
    { name: 'a longer log extends the stored one', add: [e(3, 3), e(4, 4), e(5, 5), e(6, 5)], want: ['3:3', '4:4', '5:5', '6:5'] },
    { name: 'compacted incoming entries are dropped, the rest overwrite', add: [e(2, 3), e(3, 3), e(4, 5)], want: ['3:3', '4:5'] },
    { name: 'overwriting in the middle truncates the stored tail', add: [e(4, 5)], want: ['3:3', '4:5'] },
    { name: 'direct append after the last index', add: [e(6, 5)], want: ['3:3', '4:4', '5:5', '6:5'] },
    { name: 'an empty append changes nothing', add: [], want: ['3:3', '4:4', '5:5'] },
  ])('$name', ({ add, want }) => {
    const s = storage345();
    s.append(add);
    expect(contents(s)).toEqual(want);
  });

  it('an append that leaves a gap after the last index is refused with UNAVAILABLE', () => {
    const s = storage345();
    expect(storageErrorCode(() => s.append([e(7, 5)]))).toBe('UNAVAILABLE');
    expect(contents(s)).toEqual(['3:3', '4:4', '5:5']);
  });
});

describe('MemoryStorage.compact', () => {
  // etcd TestStorageCompact.
  it.each([
    { name: 'before the snapshot: no change', i: 2, want: ['3:3', '4:4', '5:5'] },
    { name: 'at the snapshot: no change', i: 3, want: ['3:3', '4:4', '5:5'] },
    { name: 'one entry: it becomes the placeholder', i: 4, want: ['4:4', '5:5'] },
    { name: 'up to the last index: only the placeholder remains', i: 5, want: ['5:5'] },
  ])('$name', ({ i, want }) => {
    const s = storage345();
    s.compact(i);
    expect(contents(s)).toEqual(want);
  });

  it('compacting past the last index is refused with UNAVAILABLE', () => {
    expect(storageErrorCode(() => storage345().compact(6))).toBe('UNAVAILABLE');
  });

  it('compacted entries are COMPACTED for entries(), and the placeholder keeps its term', () => {
    const s = storage345();
    s.compact(4);
    expect(storageErrorCode(() => s.entries(4, 6, Infinity))).toBe('COMPACTED');
    expect(s.term(4)).toBe(4);
    expect(ids(s.entries(5, 6, Infinity))).toEqual(['5:5']);
  });
});

describe('MemoryStorage.createSnapshot', () => {
  const cs: ConfState = { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };

  it.each([
    { i: 4, term: 4 },
    { i: 5, term: 5 },
  ])('at $i: records index, the entry\'s term $term, membership and data', ({ i, term }) => {
    const s = storage345();
    const data = new Uint8Array([9, 9]);
    const got = s.createSnapshot(i, cs, data);
    expect(got).toEqual({ metadata: { index: i, term, confState: cs }, data });
    expect(s.snapshot()).toBe(got);
  });

  it('keeps the entries until compact()', () => {
    const s = storage345();
    s.createSnapshot(5, cs, new Uint8Array());
    expect(contents(s)).toEqual(['3:3', '4:4', '5:5']);
  });

  it('a snapshot not newer than the stored one is refused with COMPACTED', () => {
    const s = storage345();
    expect(storageErrorCode(() => s.createSnapshot(3, cs, new Uint8Array()))).toBe('COMPACTED');
    s.createSnapshot(4, cs, new Uint8Array());
    expect(storageErrorCode(() => s.createSnapshot(4, cs, new Uint8Array()))).toBe('COMPACTED');
  });

  it('a snapshot past the last index is refused with UNAVAILABLE', () => {
    expect(storageErrorCode(() => storage345().createSnapshot(6, cs, new Uint8Array()))).toBe('UNAVAILABLE');
  });
});

describe('MemoryStorage.applySnapshot', () => {
  const cs: ConfState = { voters: [1, 2], learners: [3], votersOutgoing: [], learnersNext: [], autoLeave: false };

  it('replaces the whole log: firstIndex = index+1, lastIndex = index, term(index) known', () => {
    const s = storage345();
    s.append([e(6, 5), e(7, 5)]);
    s.applySnapshot(snap(10, 6, cs));
    expect([s.firstIndex(), s.lastIndex(), s.term(10)]).toEqual([11, 10, 6]);
    expect(storageErrorCode(() => s.term(7))).toBe('COMPACTED');
  });

  it('adopts the snapshot\'s membership as the initial state', () => {
    const s = storage345();
    s.applySnapshot(snap(10, 6, cs));
    expect(s.initialState().confState).toEqual(cs);
    expect(s.snapshot().metadata.index).toBe(10);
  });

  it('a snapshot behind the log (inside it) still replaces it', () => {
    const s = storage345();
    s.applySnapshot(snap(4, 4));
    expect(contents(s)).toEqual(['4:4']);
  });

  it.each([
    { name: 'older than the stored snapshot', index: 2 },
    { name: 'equal to the stored snapshot', index: 3 },
  ])('a snapshot $name is refused with COMPACTED', ({ index }) => {
    const s = storage345();
    expect(storageErrorCode(() => s.applySnapshot(snap(index, 3)))).toBe('COMPACTED');
    expect(contents(s)).toEqual(['3:3', '4:4', '5:5']);
  });

  it('after it, appends continue from index+1', () => {
    const s = new MemoryStorage();
    s.applySnapshot(snap(10, 6));
    s.append([e(11, 6)]);
    expect(ids(s.entries(11, 12, Infinity))).toEqual(['11:6']);
  });
});

describe('limitSize', () => {
  // etcd TestLimitSize: entries 4, 5, 6 with payloads of different sizes.
  const ents = [e(4, 4, 10), e(5, 5, 20), e(6, 6, 30)];
  const [s4, s5, s6] = ents.map(entrySize) as [number, number, number];

  it('an entry counts its payload plus a fixed overhead', () => {
    expect(s4).toBe(10 + ENTRY_OVERHEAD_BYTES);
  });

  it.each([
    { name: 'no limit: all', max: Number.MAX_SAFE_INTEGER, want: 3 },
    { name: 'zero: still the first entry', max: 0, want: 1 },
    { name: 'less than the first entry: still the first entry', max: s4 - 1, want: 1 },
    { name: 'exactly two entries', max: s4 + s5, want: 2 },
    { name: 'two and a half entries', max: s4 + s5 + s6 / 2, want: 2 },
    { name: 'one byte short of three', max: s4 + s5 + s6 - 1, want: 2 },
    { name: 'exactly three', max: s4 + s5 + s6, want: 3 },
  ])('$name', ({ max, want }) => {
    expect(limitSize(ents, max)).toEqual(ents.slice(0, want));
  });

  it('an empty list stays empty', () => {
    expect(limitSize([], 0)).toEqual([]);
  });
});
