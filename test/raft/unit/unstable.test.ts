// Specification of the unstable part of the log: src/raft/unstable.ts.
// After etcd-io/raft log_unstable_test.go (TestUnstableMaybeFirstIndex, TestMaybeLastIndex,
// TestUnstableMaybeTerm, TestUnstableRestore, TestUnstableStableTo, TestUnstableTruncateAndAppend).
import { describe, expect, it } from 'vitest';
import { EMPTY_CONF_STATE, EntryType, type Entry, type Snapshot } from '../../../src/raft/types.js';
import { Unstable } from '../../../src/raft/unstable.js';

/** `e('5:1')` is the entry at index 5 with term 1. */
function e(spec: string): Entry {
  const [index, term] = spec.split(':').map(Number) as [number, number];
  return { index, term, type: EntryType.Normal, data: new Uint8Array() };
}
const es = (...specs: string[]): Entry[] => specs.map(e);
const ids = (ents: readonly Entry[]): string[] => ents.map((x) => `${x.index}:${x.term}`);
function snap(index: number, term: number): Snapshot {
  return { metadata: { index, term, confState: EMPTY_CONF_STATE }, data: new Uint8Array() };
}
function unstable(entries: Entry[], offset: number, snapshot: Snapshot | null = null): Unstable {
  const u = new Unstable(offset);
  u.entries = entries;
  u.snapshot = snapshot;
  return u;
}

describe('Unstable indexes and terms', () => {
  it.each([
    { name: 'entries without snapshot: unknown', u: () => unstable(es('5:1'), 5), want: undefined },
    { name: 'nothing at all: unknown', u: () => unstable([], 0), want: undefined },
    { name: 'snapshot with entries: snapshot index + 1', u: () => unstable(es('5:1'), 5, snap(4, 1)), want: 5 },
    { name: 'snapshot only: snapshot index + 1', u: () => unstable([], 5, snap(4, 1)), want: 5 },
  ])('maybeFirstIndex, $name', ({ u, want }) => {
    expect(u().maybeFirstIndex()).toBe(want);
  });

  it.each([
    { name: 'the last entry', u: () => unstable(es('5:1'), 5), want: 5 },
    { name: 'the last entry even with a snapshot', u: () => unstable(es('5:1'), 5, snap(4, 1)), want: 5 },
    { name: 'the snapshot index without entries', u: () => unstable([], 5, snap(4, 1)), want: 4 },
    { name: 'unknown when empty', u: () => unstable([], 0), want: undefined },
  ])('maybeLastIndex: $name', ({ u, want }) => {
    expect(u().maybeLastIndex()).toBe(want);
  });

  it.each([
    { name: 'an unstable entry', u: () => unstable(es('5:1'), 5), i: 5, want: 1 },
    { name: 'past the last entry', u: () => unstable(es('5:1'), 5), i: 6, want: undefined },
    { name: 'before the offset without snapshot', u: () => unstable(es('5:1'), 5), i: 4, want: undefined },
    { name: 'an entry after a snapshot', u: () => unstable(es('5:1'), 5, snap(4, 1)), i: 5, want: 1 },
    { name: 'the snapshot index itself', u: () => unstable(es('5:1'), 5, snap(4, 1)), i: 4, want: 1 },
    { name: 'before the snapshot', u: () => unstable(es('5:1'), 5, snap(4, 1)), i: 3, want: undefined },
    { name: 'snapshot only, at its index', u: () => unstable([], 5, snap(4, 1)), i: 4, want: 1 },
    { name: 'snapshot only, past its index', u: () => unstable([], 5, snap(4, 1)), i: 5, want: undefined },
    { name: 'nothing at all', u: () => unstable([], 0), i: 5, want: undefined },
  ])('maybeTerm: $name', ({ u, i, want }) => {
    expect(u().maybeTerm(i)).toBe(want);
  });
});

describe('Unstable.restore and stableSnapTo', () => {
  it('restore replaces entries by the snapshot and moves the offset past it', () => {
    const u = unstable(es('5:1'), 5, snap(4, 1));
    const s = snap(6, 2);
    u.restore(s);
    expect([u.offset, u.entries, u.snapshot]).toEqual([7, [], s]);
  });

  it('stableSnapTo the snapshot\'s index drops it', () => {
    const u = unstable([], 5, snap(4, 1));
    u.stableSnapTo(4);
    expect(u.snapshot).toBeNull();
  });

  it('stableSnapTo another index keeps it (an older snapshot became durable)', () => {
    const u = unstable([], 5, snap(4, 1));
    u.stableSnapTo(3);
    expect(u.snapshot).not.toBeNull();
  });
});

describe('Unstable.stableTo', () => {
  // etcd TestUnstableStableTo.
  it.each([
    { name: 'empty: nothing to do', ents: [], offset: 0, snapshot: null, i: 5, t: 1, wOffset: 0, wLen: 0 },
    { name: 'to the only entry', ents: ['5:1'], offset: 5, snapshot: null, i: 5, t: 1, wOffset: 6, wLen: 0 },
    { name: 'to the first of two entries', ents: ['5:1', '6:1'], offset: 5, snapshot: null, i: 5, t: 1, wOffset: 6, wLen: 1 },
    { name: 'term mismatch (the entry was replaced meanwhile): ignored', ents: ['6:2'], offset: 6, snapshot: null, i: 6, t: 1, wOffset: 6, wLen: 1 },
    { name: 'an index before the offset: ignored', ents: ['5:1'], offset: 5, snapshot: null, i: 4, t: 1, wOffset: 5, wLen: 1 },
    { name: 'an index before the offset, other term: ignored', ents: ['5:1'], offset: 5, snapshot: null, i: 4, t: 2, wOffset: 5, wLen: 1 },
    { name: 'an index past the last entry: ignored', ents: ['5:1'], offset: 5, snapshot: null, i: 6, t: 1, wOffset: 5, wLen: 1 },
    { name: 'with snapshot, to the first entry', ents: ['5:1'], offset: 5, snapshot: snap(4, 1), i: 5, t: 1, wOffset: 6, wLen: 0 },
    { name: 'with snapshot, to the first of two', ents: ['5:1', '6:1'], offset: 5, snapshot: snap(4, 1), i: 5, t: 1, wOffset: 6, wLen: 1 },
    { name: 'with snapshot, term mismatch: ignored', ents: ['6:2'], offset: 6, snapshot: snap(5, 1), i: 6, t: 1, wOffset: 6, wLen: 1 },
    { name: 'to the snapshot index (not an entry): ignored', ents: ['5:1'], offset: 5, snapshot: snap(4, 1), i: 4, t: 1, wOffset: 5, wLen: 1 },
    { name: 'to an old entry under the snapshot: ignored', ents: ['5:2'], offset: 5, snapshot: snap(4, 2), i: 4, t: 1, wOffset: 5, wLen: 1 },
  ])('$name', ({ ents, offset, snapshot, i, t, wOffset, wLen }) => {
    const u = unstable(es(...ents), offset, snapshot);
    u.stableTo(i, t);
    expect([u.offset, u.entries.length]).toEqual([wOffset, wLen]);
  });
});

describe('Unstable.truncateAndAppend', () => {
  // etcd TestUnstableTruncateAndAppend.
  it.each([
    { name: 'append at the end', ents: ['5:1'], offset: 5, add: ['6:1', '7:1'], wOffset: 5, want: ['5:1', '6:1', '7:1'] },
    { name: 'replace every unstable entry from the offset', ents: ['5:1'], offset: 5, add: ['5:2', '6:2'], wOffset: 5, want: ['5:2', '6:2'] },
    { name: 'replace from before the offset (stable entries are overwritten on write)', ents: ['5:1'], offset: 5, add: ['4:2', '5:2', '6:2'], wOffset: 4, want: ['4:2', '5:2', '6:2'] },
    { name: 'truncate the tail and append', ents: ['5:1', '6:1', '7:1'], offset: 5, add: ['6:2'], wOffset: 5, want: ['5:1', '6:2'] },
    { name: 'truncate the last entry and append', ents: ['5:1', '6:1', '7:1'], offset: 5, add: ['7:2', '8:2'], wOffset: 5, want: ['5:1', '6:1', '7:2', '8:2'] },
  ])('$name', ({ ents, offset, add, wOffset, want }) => {
    const u = unstable(es(...ents), offset);
    u.truncateAndAppend(es(...add));
    expect(u.offset).toBe(wOffset);
    expect(ids(u.entries)).toEqual(want);
  });

  it('does not alias the caller\'s array', () => {
    const u = unstable(es('5:1'), 5);
    const add = es('4:2', '5:2');
    u.truncateAndAppend(add);
    add.push(e('6:2'));
    expect(ids(u.entries)).toEqual(['4:2', '5:2']);
  });

  it('slice returns [lo, hi) by index', () => {
    const u = unstable(es('5:1', '6:1', '7:2'), 5);
    expect(ids(u.slice(6, 8))).toEqual(['6:1', '7:2']);
    expect(ids(u.slice(5, 5))).toEqual([]);
  });
});
