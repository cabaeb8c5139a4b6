// Specification of the core's log: src/raft/raft-log.ts (durable Storage + Unstable tail).
// After etcd-io/raft log_test.go (TestFindConflict, TestFindConflictByTerm, TestIsUpToDate,
// TestLogMaybeAppend, TestCommitTo, TestStableTo, TestStableToWithSnap, TestCompaction,
// TestLogRestore, TestSlice, TestNextCommittedEnts, TestTerm). Reference: Raft paper §5.3
// (log matching, AppendEntries consistency check) and §5.4 (election restriction, commit rule).
import { describe, expect, it } from 'vitest';
import { RaftInvariantError } from '../../../src/raft/errors.js';
import { RaftLog } from '../../../src/raft/raft-log.js';
import { ENTRY_OVERHEAD_BYTES, MemoryStorage } from '../../../src/raft/storage.js';
import { EMPTY_CONF_STATE, EntryType, type Entry, type Snapshot } from '../../../src/raft/types.js';
import { storageErrorCode } from './storage-error-code.js';

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

function e(index: number, term: number, payloadBytes = 0): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array(payloadBytes) };
}
/** Entries with consecutive indexes from `first`, with the given terms. */
function run(first: number, ...terms: number[]): Entry[] {
  return terms.map((t, i) => e(first + i, t));
}
const ids = (ents: readonly Entry[]): string[] => ents.map((x) => `${x.index}:${x.term}`);
function snap(index: number, term: number): Snapshot {
  return { metadata: { index, term, confState: EMPTY_CONF_STATE }, data: new Uint8Array() };
}
/** A log whose entries are all unstable (the usual state of a follower between Readies). */
function unstableLog(ents: Entry[], maxApplyBytes = NO_LIMIT): RaftLog {
  const log = new RaftLog(new MemoryStorage(), maxApplyBytes);
  log.append(ents);
  return log;
}
/** A log whose entries are all in Storage. */
function stableLog(ents: Entry[], snapshot?: Snapshot): RaftLog {
  const s = new MemoryStorage();
  if (snapshot !== undefined) s.applySnapshot(snapshot);
  s.append(ents);
  return new RaftLog(s, NO_LIMIT);
}

describe('RaftLog construction', () => {
  it('from a fresh storage: empty, nothing committed or applied', () => {
    const log = new RaftLog(new MemoryStorage(), NO_LIMIT);
    expect([log.firstIndex(), log.lastIndex(), log.committed, log.applied, log.lastTerm()]).toEqual([1, 0, 0, 0, 0]);
  });

  it('from a storage with a snapshot: committed and applied start at the snapshot', () => {
    const log = stableLog(run(101, 1, 1), snap(100, 1));
    expect([log.firstIndex(), log.lastIndex(), log.committed, log.applied]).toEqual([101, 102, 100, 100]);
    expect(log.unstable.offset).toBe(103);
  });
});

describe('RaftLog.term', () => {
  // etcd TestTerm: snapshot at 100 (term 100), entries 101..149 with term = index.
  const log = (): RaftLog => stableLog(Array.from({ length: 49 }, (_, i) => e(101 + i, 101 + i)), snap(100, 100));
  it.each([
    { name: 'before the snapshot: unknown', i: 99, want: undefined },
    { name: 'the snapshot index: its term', i: 100, want: 100 },
    { name: 'the first entry', i: 101, want: 101 },
    { name: 'the last entry', i: 149, want: 149 },
    { name: 'past the last entry: unknown', i: 150, want: undefined },
  ])('$name', ({ i, want }) => {
    expect(log().term(i)).toBe(want);
  });

  it('an unstable entry shadows a stale stored one at the same index', () => {
    const log = stableLog(run(1, 1, 1, 1));
    log.append([e(2, 2)]);
    expect([log.term(2), log.term(3), log.lastIndex()]).toEqual([2, undefined, 2]);
  });
});

describe('RaftLog.findConflict', () => {
  // etcd TestFindConflict on the log 1:1 2:2 3:3.
  it.each([
    { name: 'no entries: no conflict', ents: [], want: 0 },
    { name: 'all present: no conflict', ents: run(1, 1, 2, 3), want: 0 },
    { name: 'a present suffix: no conflict', ents: run(2, 2, 3), want: 0 },
    { name: 'the last entry only: no conflict', ents: run(3, 3), want: 0 },
    { name: 'new entries after all present ones: the first new index', ents: run(1, 1, 2, 3, 4, 4), want: 4 },
    { name: 'new entries after a present suffix', ents: run(2, 2, 3, 4, 4), want: 4 },
    { name: 'new entries after the last present one', ents: run(3, 3, 4, 4), want: 4 },
    { name: 'only new entries', ents: run(4, 4, 4), want: 4 },
    { name: 'a conflict at the first entry', ents: run(1, 4, 4), want: 1 },
    { name: 'a conflict in the middle', ents: run(2, 1, 4, 4), want: 2 },
    { name: 'a conflict at the last entry', ents: run(3, 1, 2, 4, 4), want: 3 },
  ])('$name', ({ ents, want }) => {
    expect(unstableLog(run(1, 1, 2, 3)).findConflict(ents)).toBe(want);
  });
});

describe('RaftLog.findConflictByTerm (fast backtracking hint)', () => {
  // Terms by index: 1:1 2:1 3:2 4:2 5:5 6:5 7:5.
  const terms = [1, 1, 2, 2, 5, 5, 5];
  it.each([
    { name: 'a higher term than ours: our last index', index: 7, term: 6, want: [7, 5] },
    { name: 'the same term: the index itself', index: 7, term: 5, want: [7, 5] },
    { name: 'a term between ours skips the whole term-5 run', index: 7, term: 4, want: [4, 2] },
    { name: 'a term equal to an older run: the end of that run', index: 7, term: 2, want: [4, 2] },
    { name: 'the lowest term: the end of the term-1 run', index: 7, term: 1, want: [2, 1] },
    { name: 'a term below everything: index 0', index: 7, term: 0, want: [0, 0] },
    { name: 'from the middle of the log', index: 4, term: 2, want: [4, 2] },
    { name: 'from the middle, a lower term', index: 3, term: 1, want: [2, 1] },
    { name: 'from index 0', index: 0, term: 3, want: [0, 0] },
    { name: 'past our last index: the index with an unknown term (0)', index: 10, term: 3, want: [10, 0] },
  ])('$name', ({ index, term, want }) => {
    expect(unstableLog(run(1, ...terms)).findConflictByTerm(index, term)).toEqual(want);
  });

  it('reaching a compacted index: that index with an unknown term (0)', () => {
    const log = stableLog(run(4, 2, 5, 5, 5), snap(3, 2));
    expect(log.findConflictByTerm(7, 1)).toEqual([2, 0]);
  });

  it('the term of the snapshot index is still used for matching', () => {
    const log = stableLog(run(4, 5, 5), snap(3, 2));
    expect(log.findConflictByTerm(5, 3)).toEqual([3, 2]);
  });
});

describe('RaftLog.isUpToDate (Raft §5.4.1 election restriction)', () => {
  // etcd TestIsUpToDate on the log 1:1 2:2 3:3 (last index 3, last term 3).
  it.each([
    { name: 'higher last term, shorter log: up to date', lasti: 2, term: 4, want: true },
    { name: 'higher last term, same length: up to date', lasti: 3, term: 4, want: true },
    { name: 'higher last term, longer log: up to date', lasti: 4, term: 4, want: true },
    { name: 'lower last term, shorter log: not', lasti: 2, term: 2, want: false },
    { name: 'lower last term, same length: not', lasti: 3, term: 2, want: false },
    { name: 'lower last term, longer log: not (the term decides first)', lasti: 4, term: 2, want: false },
    { name: 'same last term, shorter log: not', lasti: 2, term: 3, want: false },
    { name: 'same last term, same length: up to date', lasti: 3, term: 3, want: true },
    { name: 'same last term, longer log: up to date', lasti: 4, term: 3, want: true },
  ])('$name', ({ lasti, term, want }) => {
    expect(unstableLog(run(1, 1, 2, 3)).isUpToDate(lasti, term)).toBe(want);
  });
});

describe('RaftLog.maybeAppend (AppendEntries receiver, Raft §5.3)', () => {
  // etcd TestLogMaybeAppend: the log 1:1 2:2 3:3 with commit 1.
  const lastIndex = 3;
  const lastTerm = 3;
  const commit = 1;
  it.each([
    { name: 'mismatch: the term at the previous index differs', index: 3, logTerm: 2, committed: 3, ents: [e(4, 4)], want: undefined, wCommit: 1 },
    { name: 'mismatch: the previous index is past our log', index: 4, logTerm: 3, committed: 3, ents: [e(5, 4)], want: undefined, wCommit: 1 },
    { name: 'match at the last entry, no entries: commit follows the leader', index: 3, logTerm: 3, committed: 3, ents: [], want: 3, wCommit: 3 },
    { name: 'commit never goes past the last new entry', index: 3, logTerm: 3, committed: 4, ents: [], want: 3, wCommit: 3 },
    { name: 'commit up to the leader\'s commit', index: 3, logTerm: 3, committed: 2, ents: [], want: 3, wCommit: 2 },
    { name: 'commit never decreases', index: 3, logTerm: 3, committed: 0, ents: [], want: 3, wCommit: commit },
    { name: 'a heartbeat-like append at index 0 matches and keeps commit', index: 0, logTerm: 0, committed: 3, ents: [], want: 0, wCommit: commit },
    { name: 'one new entry, commit to the last existing one', index: 3, logTerm: 3, committed: 3, ents: [e(4, 4)], want: 4, wCommit: 3 },
    { name: 'one new entry, commit to it', index: 3, logTerm: 3, committed: 4, ents: [e(4, 4)], want: 4, wCommit: 4 },
    { name: 'one new entry, commit capped at it', index: 3, logTerm: 3, committed: 5, ents: [e(4, 4)], want: 4, wCommit: 4 },
    { name: 'two new entries, commit to the second', index: 3, logTerm: 3, committed: 5, ents: [e(4, 4), e(5, 4)], want: 5, wCommit: 5 },
    { name: 'match in the middle, the entry after conflicts', index: 2, logTerm: 2, committed: 3, ents: [e(3, 4)], want: 3, wCommit: 3 },
    { name: 'match earlier, shorter overwrite', index: 1, logTerm: 1, committed: 3, ents: [e(2, 4)], want: 2, wCommit: 2 },
    { name: 'match earlier, overwrite and extend', index: 1, logTerm: 1, committed: 3, ents: [e(2, 4), e(3, 4)], want: 3, wCommit: 3 },
  ])('$name', ({ index, logTerm, committed, ents, want, wCommit }) => {
    const log = unstableLog(run(1, 1, 2, 3));
    log.commitTo(commit);
    expect(log.maybeAppend(index, logTerm, committed, ents)).toBe(want);
    expect(log.committed).toBe(wCommit);
    if (want !== undefined) {
      for (const x of ents) expect(log.term(x.index), `term(${x.index})`).toBe(x.term);
    }
    expect(lastIndex + lastTerm).toBe(6); // fixture sanity
  });

  it('a conflicting entry deletes it and everything that follows (§5.3)', () => {
    const log = stableLog(run(1, 1, 2, 3, 3, 3));
    expect(log.maybeAppend(2, 2, 0, [e(3, 4)])).toBe(3);
    expect([log.lastIndex(), log.term(3), log.term(4)]).toEqual([3, 4, undefined]);
    expect(ids(log.unstableEntries())).toEqual(['3:4']);
  });

  it('entries already present do not truncate the log (a delayed, duplicate append)', () => {
    const log = stableLog(run(1, 1, 2, 3, 3, 3));
    expect(log.maybeAppend(1, 1, 0, [e(2, 2)])).toBe(2);
    expect(log.lastIndex()).toBe(5);
    expect(log.unstableEntries()).toEqual([]);
  });

  it('only the entries from the first conflict on are appended', () => {
    const log = stableLog(run(1, 1, 2, 3));
    log.maybeAppend(1, 1, 0, [e(2, 2), e(3, 3), e(4, 3)]);
    expect(ids(log.unstableEntries())).toEqual(['4:3']);
  });

  it('a conflict with a committed entry throws RaftInvariantError (committed entries are never lost)', () => {
    const log = unstableLog(run(1, 1, 2, 3));
    log.commitTo(2);
    expect(() => log.maybeAppend(1, 1, 3, [e(2, 4)])).toThrow(RaftInvariantError);
  });

  it('append after an index below commit throws RaftInvariantError', () => {
    const log = unstableLog(run(1, 1, 2, 3));
    log.commitTo(2);
    expect(() => log.append([e(2, 4)])).toThrow(RaftInvariantError);
  });
});

describe('RaftLog.commitTo and appliedTo', () => {
  it.each([
    { name: 'forward', to: 3, want: 3 },
    { name: 'never backward', to: 1, want: 2 },
  ])('commitTo moves $name', ({ to, want }) => {
    const log = unstableLog(run(1, 1, 2, 3));
    log.commitTo(2);
    log.commitTo(to);
    expect(log.committed).toBe(want);
  });

  it('commitTo past the last index throws RaftInvariantError (the log was lost or truncated)', () => {
    const log = unstableLog(run(1, 1, 2, 3));
    expect(() => log.commitTo(4)).toThrow(RaftInvariantError);
    expect(log.committed).toBe(0);
  });

  it('appliedTo within [applied, committed] moves applied', () => {
    const log = unstableLog(run(1, 1, 2, 3));
    log.commitTo(3);
    log.appliedTo(2);
    expect(log.applied).toBe(2);
  });

  it.each([
    { name: 'past committed', to: 3 },
    { name: 'below applied', to: 1 },
  ])('appliedTo $name throws RaftInvariantError', ({ to }) => {
    const log = unstableLog(run(1, 1, 2, 3));
    log.commitTo(2);
    log.appliedTo(2);
    expect(() => log.appliedTo(to)).toThrow(RaftInvariantError);
  });
});

describe('RaftLog.maybeCommit (Raft §5.4.2: only entries of the current term are committed by counting)', () => {
  it.each([
    { name: 'an entry of the current term commits', maxIndex: 3, term: 3, want: true, wCommit: 3 },
    { name: 'an entry of an older term does not commit', maxIndex: 2, term: 3, want: false, wCommit: 0 },
    { name: 'an index not past commit does not move it', maxIndex: 0, term: 0, want: false, wCommit: 0 },
  ])('$name', ({ maxIndex, term, want, wCommit }) => {
    const log = unstableLog(run(1, 1, 2, 3));
    expect(log.maybeCommit(maxIndex, term)).toBe(want);
    expect(log.committed).toBe(wCommit);
  });
});

describe('RaftLog.stableTo', () => {
  // etcd TestStableTo: the log 1:1 2:2 (unstable).
  it.each([
    { name: 'to the first entry', i: 1, t: 1, wOffset: 2 },
    { name: 'to the last entry', i: 2, t: 2, wOffset: 3 },
    { name: 'with a stale term: ignored', i: 2, t: 1, wOffset: 1 },
    { name: 'past the last entry: ignored', i: 3, t: 1, wOffset: 1 },
  ])('$name', ({ i, t, wOffset }) => {
    const log = unstableLog(run(1, 1, 2));
    log.stableTo(i, t);
    expect(log.unstable.offset).toBe(wOffset);
  });

  it('after a Ready\'s entries were replaced meanwhile, stableTo(their last) is ignored: nothing is marked stable', () => {
    const s = new MemoryStorage();
    const log = new RaftLog(s, NO_LIMIT);
    log.append(run(1, 1, 1));
    const persisted = log.unstableEntries().slice();
    log.append([e(2, 2)]); // a new leader overwrote index 2 meanwhile
    s.append(persisted);
    log.stableTo(2, 1);
    expect(ids(log.unstableEntries())).toEqual(['1:1', '2:2']);
    expect(log.term(2)).toBe(2);
  });

  // etcd TestStableToWithSnap: snapshot at 5 (term 2).
  it.each([
    { name: 'the snapshot index itself: ignored', i: 5, t: 2, ents: [] as Entry[], wOffset: 6 },
    { name: 'below the snapshot: ignored', i: 4, t: 2, ents: [] as Entry[], wOffset: 6 },
    { name: 'an entry after the snapshot', i: 6, t: 2, ents: [e(6, 2)], wOffset: 7 },
    { name: 'an entry after the snapshot, stale term: ignored', i: 6, t: 3, ents: [e(6, 2)], wOffset: 6 },
  ])('with a snapshot, $name', ({ i, t, ents, wOffset }) => {
    const log = stableLog([], snap(5, 2));
    log.append(ents);
    log.stableTo(i, t);
    expect(log.unstable.offset).toBe(wOffset);
  });
});

describe('RaftLog.slice across Storage and Unstable', () => {
  // etcd TestSlice: snapshot at 100; 101..149 in Storage; 150..199 unstable. Empty payloads, so
  // every entry is ENTRY_OVERHEAD_BYTES.
  const offset = 100;
  const half = 150;
  const last = 199;
  const size = ENTRY_OVERHEAD_BYTES;
  function log(): RaftLog {
    const l = stableLog(Array.from({ length: half - offset - 1 }, (_, i) => e(offset + 1 + i, offset + 1 + i)), snap(offset, offset));
    l.append(Array.from({ length: last - half + 1 }, (_, i) => e(half + i, half + i)));
    return l;
  }
  const range = (lo: number, hi: number): string[] => Array.from({ length: hi - lo }, (_, i) => `${lo + i}:${lo + i}`);

  it('the fixture: Storage ends at 149, unstable starts at 150', () => {
    const l = log();
    expect([l.firstIndex(), l.unstable.offset, l.lastIndex()]).toEqual([offset + 1, half, last]);
  });

  it.each([
    { name: 'from before the snapshot: COMPACTED', lo: offset - 1, hi: offset + 1 },
    { name: 'from the snapshot index: COMPACTED', lo: offset, hi: offset + 1 },
  ])('$name', ({ lo, hi }) => {
    expect(storageErrorCode(() => log().slice(lo, hi, NO_LIMIT))).toBe('COMPACTED');
  });

  it.each([
    { name: 'within Storage', lo: offset + 1, hi: offset + 3, max: NO_LIMIT, want: range(offset + 1, offset + 3) },
    { name: 'across the boundary', lo: half - 1, hi: half + 1, max: NO_LIMIT, want: range(half - 1, half + 1) },
    { name: 'within Unstable', lo: half, hi: half + 1, max: NO_LIMIT, want: range(half, half + 1) },
    { name: 'up to the last entry', lo: last - 1, hi: last + 1, max: NO_LIMIT, want: range(last - 1, last + 1) },
    { name: 'the whole log', lo: offset + 1, hi: last + 1, max: NO_LIMIT, want: range(offset + 1, last + 1) },
    { name: 'an empty range', lo: half, hi: half, max: NO_LIMIT, want: [] },
    { name: 'limit 0 in Storage: one entry', lo: half - 1, hi: half + 1, max: 0, want: range(half - 1, half) },
    { name: 'limit 0 in Unstable: one entry', lo: half, hi: half + 2, max: 0, want: range(half, half + 1) },
    { name: 'limit of one entry across the boundary: only the stored one', lo: half - 1, hi: half + 1, max: size, want: range(half - 1, half) },
    { name: 'limit of two entries across the boundary: both', lo: half - 1, hi: half + 1, max: 2 * size, want: range(half - 1, half + 1) },
    { name: 'limit of two entries, three asked across the boundary: two', lo: half - 1, hi: half + 2, max: 2 * size, want: range(half - 1, half + 1) },
    { name: 'limit of three entries, from two before the boundary', lo: half - 2, hi: half + 2, max: 3 * size, want: range(half - 2, half + 1) },
    { name: 'limit just short of two entries within Unstable: one', lo: half, hi: half + 2, max: 2 * size - 1, want: range(half, half + 1) },
    { name: 'limit of one entry within Storage', lo: offset + 1, hi: offset + 5, max: size, want: range(offset + 1, offset + 2) },
  ])('$name', ({ lo, hi, max, want }) => {
    expect(ids(log().slice(lo, hi, max))).toEqual(want);
  });

  it('a range past the last index throws RaftInvariantError', () => {
    expect(() => log().slice(last, last + 2, NO_LIMIT)).toThrow(RaftInvariantError);
  });

  it('lo > hi throws RaftInvariantError', () => {
    expect(() => log().slice(half + 1, half, NO_LIMIT)).toThrow(RaftInvariantError);
  });

  it('entriesFrom past the last index is empty, from inside it runs to the end', () => {
    const l = log();
    expect(l.entriesFrom(last + 1, NO_LIMIT)).toEqual([]);
    expect(ids(l.entriesFrom(last - 1, NO_LIMIT))).toEqual(range(last - 1, last + 1));
  });
});

describe('RaftLog compaction', () => {
  // etcd TestCompaction / TestCompactionSideEffects.
  function compacted(): { log: RaftLog; storage: MemoryStorage } {
    const storage = new MemoryStorage();
    storage.append(run(1, 1, 1, 2, 2, 3, 3));
    const log = new RaftLog(storage, NO_LIMIT);
    log.commitTo(6);
    log.appliedTo(4);
    storage.compact(4);
    return { log, storage };
  }

  it('moves the first index past the compaction point and keeps the last index', () => {
    const { log } = compacted();
    expect([log.firstIndex(), log.lastIndex()]).toEqual([5, 6]);
  });

  it('compacted entries are COMPACTED for slice() and unknown for term(), except the compaction point\'s term', () => {
    const { log } = compacted();
    expect(storageErrorCode(() => log.slice(4, 6, NO_LIMIT))).toBe('COMPACTED');
    expect(storageErrorCode(() => log.entriesFrom(2, NO_LIMIT))).toBe('COMPACTED');
    expect([log.term(3), log.term(4), log.term(5)]).toEqual([undefined, 2, 3]);
  });

  it('matching at the compaction point still works (its term is kept)', () => {
    const { log } = compacted();
    expect(log.maybeAppend(4, 2, 6, [e(5, 3), e(6, 3), e(7, 3)])).toBe(7);
    expect(log.lastIndex()).toBe(7);
  });
});

describe('RaftLog.restore (installing a snapshot)', () => {
  // etcd TestLogRestore.
  function restored(): RaftLog {
    const log = unstableLog(run(1, 1, 1, 1));
    log.restore(snap(1000, 1000));
    return log;
  }

  it('the log ends at the snapshot and continues after it', () => {
    const log = restored();
    expect([log.firstIndex(), log.lastIndex(), log.lastTerm(), log.term(1000)]).toEqual([1001, 1000, 1000, 1000]);
  });

  it('commits up to the snapshot and drops the old unstable entries', () => {
    const log = restored();
    expect(log.committed).toBe(1000);
    expect([log.unstable.offset, log.unstableEntries()]).toEqual([1001, []]);
  });

  it('hands out no committed entries until the snapshot is applied and stable', () => {
    const log = restored();
    expect(log.hasNextCommittedEntries()).toBe(false);
    expect(log.nextCommittedEntries()).toEqual([]);
    expect(log.snapshot().metadata.index).toBe(1000);
  });

  it('entries before the snapshot are unknown', () => {
    expect(restored().term(999)).toBeUndefined();
  });

  it('new entries append after the snapshot index', () => {
    const log = restored();
    log.append([e(1001, 1000)]);
    expect(log.lastIndex()).toBe(1001);
    expect(log.isUpToDate(1001, 1000)).toBe(true);
  });
});

describe('RaftLog.nextCommittedEntries', () => {
  // etcd TestNextCommittedEnts / TestNextEnts with a byte bound (maxCommittedSizePerReady).
  const payload = 84; // 84 + 16 = 100 bytes per entry
  function log(maxApplyBytes: number): RaftLog {
    const l = unstableLog(Array.from({ length: 5 }, (_, i) => e(i + 1, 1, payload)), maxApplyBytes);
    l.commitTo(5);
    return l;
  }
  const idx = (ents: readonly Entry[]): number[] => ents.map((x) => x.index);

  it('returns the committed, not yet applied entries (also the not yet stable ones)', () => {
    expect(idx(log(NO_LIMIT).nextCommittedEntries())).toEqual([1, 2, 3, 4, 5]);
  });

  it('is bounded by maxApplyBytes', () => {
    expect(idx(log(250).nextCommittedEntries())).toEqual([1, 2]);
  });

  it('continues after the applied index', () => {
    const l = log(250);
    l.appliedTo(2);
    expect(idx(l.nextCommittedEntries())).toEqual([3, 4]);
  });

  it('returns at least one entry even when it alone exceeds the bound', () => {
    expect(idx(log(1).nextCommittedEntries())).toEqual([1]);
  });

  it('stops at the commit index', () => {
    const l = unstableLog(run(1, 1, 1, 1));
    l.commitTo(2);
    expect(idx(l.nextCommittedEntries())).toEqual([1, 2]);
  });

  it('is empty once everything committed is applied', () => {
    const l = log(NO_LIMIT);
    l.appliedTo(5);
    expect([l.hasNextCommittedEntries(), l.nextCommittedEntries()]).toEqual([false, []]);
  });

  it('starts after the snapshot when applied is behind it', () => {
    const l = stableLog(run(11, 1, 1), snap(10, 1));
    l.commitTo(12);
    expect(idx(l.nextCommittedEntries())).toEqual([11, 12]);
  });
});
