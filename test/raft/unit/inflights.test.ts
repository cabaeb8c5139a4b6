// Specification of the inflight window: src/raft/tracker/inflights.ts.
// After etcd-io/raft tracker/inflights_test.go (TestInflightsAdd, TestInflightsFreeTo,
// TestInflightsFull). The window bounds the App messages pipelined to one follower in
// replicate state, both in count and in bytes.
import { describe, expect, it } from 'vitest';
import { Inflights } from '../../../src/raft/tracker/inflights.js';

/** Bytes recorded for the message ending at `index`: distinct per index so the sum shows which were freed. */
const bytesOf = (index: number): number => 100 + index;
const sumBytes = (indexes: readonly number[]): number => indexes.reduce((s, i) => s + bytesOf(i), 0);
const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

function addAll(w: Inflights, indexes: readonly number[]): void {
  for (const i of indexes) w.add(i, bytesOf(i));
}

describe('Inflights', () => {
  it('starts empty and not full', () => {
    const w = new Inflights(4, 0);
    expect([w.size(), w.sizeBytes(), w.full()]).toEqual([0, 0, false]);
  });

  it('add counts messages and their bytes', () => {
    const w = new Inflights(10, 0);
    addAll(w, range(0, 4));
    expect(w.size()).toBe(5);
    expect(w.sizeBytes()).toBe(sumBytes(range(0, 4)));
  });

  it('is full by count once maxMsgs messages are in flight', () => {
    const w = new Inflights(3, 0);
    addAll(w, [1, 2]);
    expect(w.full()).toBe(false);
    w.add(3, 1);
    expect(w.full()).toBe(true);
  });

  it('add on a full window throws (the caller must check full() first)', () => {
    const w = new Inflights(2, 0);
    addAll(w, [1, 2]);
    expect(() => w.add(3, 1)).toThrow(RangeError);
  });

  it.each([
    { name: 'below the byte limit: not full', sizes: [600, 399], want: false },
    { name: 'exactly at the byte limit: full', sizes: [600, 400], want: true },
    { name: 'one message larger than the limit: full', sizes: [5000], want: true },
  ])('by bytes (limit 1000): $name', ({ sizes, want }) => {
    const w = new Inflights(100, 1000);
    sizes.forEach((b, i) => w.add(i + 1, b));
    expect(w.full()).toBe(want);
  });

  it('maxBytes 0 means no byte limit', () => {
    const w = new Inflights(3, 0);
    w.add(1, Number.MAX_SAFE_INTEGER / 4);
    expect(w.full()).toBe(false);
  });

  it('freeLE frees every message whose last index is ≤ the acknowledged index, and no other', () => {
    const w = new Inflights(10, 0);
    addAll(w, range(0, 9));
    w.freeLE(3);
    expect(w.size()).toBe(6);
    expect(w.sizeBytes()).toBe(sumBytes(range(4, 9)));
    w.freeLE(8);
    expect(w.size()).toBe(1);
    expect(w.sizeBytes()).toBe(sumBytes([9]));
    w.freeLE(9);
    expect([w.size(), w.sizeBytes()]).toEqual([0, 0]);
  });

  it('freeLE below the oldest message frees nothing (a stale ack)', () => {
    const w = new Inflights(10, 0);
    addAll(w, range(5, 7));
    w.freeLE(4);
    expect(w.size()).toBe(3);
    expect(w.sizeBytes()).toBe(sumBytes(range(5, 7)));
  });

  it('freeLE beyond the newest message frees everything', () => {
    const w = new Inflights(10, 0);
    addAll(w, range(5, 7));
    w.freeLE(100);
    expect([w.size(), w.sizeBytes(), w.full()]).toEqual([0, 0, false]);
  });

  it('the ring buffer wraps: adds after frees reuse the slots at the front', () => {
    const w = new Inflights(10, 0);
    addAll(w, range(0, 6));
    w.freeLE(3); // 4..6 remain in slots 4..6
    addAll(w, range(7, 13)); // 7..9 in slots 7..9, 10..13 wrap into slots 0..3
    expect(w.size()).toBe(10);
    expect(w.full()).toBe(true);
    expect(w.sizeBytes()).toBe(sumBytes(range(4, 13)));
    w.freeLE(8);
    expect(w.size()).toBe(5);
    expect(w.sizeBytes()).toBe(sumBytes(range(9, 13)));
    w.freeLE(11); // frees across the wrap point
    expect(w.size()).toBe(2);
    expect(w.sizeBytes()).toBe(sumBytes([12, 13]));
    addAll(w, range(14, 21));
    expect(w.full()).toBe(true);
    w.freeLE(21);
    expect([w.size(), w.sizeBytes()]).toEqual([0, 0]);
  });

  it('a window full by bytes accepts messages again once acks free enough bytes', () => {
    const w = new Inflights(100, 1000);
    w.add(1, 500);
    w.add(2, 500);
    expect(w.full()).toBe(true);
    w.freeLE(1);
    expect(w.full()).toBe(false);
    expect(w.sizeBytes()).toBe(500);
  });

  it('freeFirstOne frees exactly the oldest message, also across the wrap point', () => {
    const w = new Inflights(3, 0);
    addAll(w, [1, 2, 3]);
    w.freeLE(2);
    addAll(w, [4, 5]); // 3 in the last slot, 4 and 5 wrapped to the front
    w.freeFirstOne();
    expect([w.size(), w.sizeBytes()]).toEqual([2, sumBytes([4, 5])]);
    w.freeFirstOne();
    expect([w.size(), w.sizeBytes()]).toEqual([1, sumBytes([5])]);
  });

  it('freeFirstOne on an empty window does nothing', () => {
    const w = new Inflights(3, 0);
    w.freeFirstOne();
    expect([w.size(), w.sizeBytes()]).toEqual([0, 0]);
  });

  it('reset empties the window', () => {
    const w = new Inflights(3, 1000);
    addAll(w, [1, 2, 3]);
    w.reset();
    expect([w.size(), w.sizeBytes(), w.full()]).toEqual([0, 0, false]);
    addAll(w, [4, 5, 6]);
    expect(w.size()).toBe(3);
  });

  it('clone copies the window (also when wrapped) and is independent of the original', () => {
    const w = new Inflights(4, 0);
    addAll(w, [1, 2, 3]);
    w.freeLE(2);
    addAll(w, [4, 5, 6]); // wrapped
    const c = w.clone();
    expect([c.size(), c.sizeBytes(), c.full()]).toEqual([w.size(), w.sizeBytes(), w.full()]);
    c.freeLE(4);
    expect(c.sizeBytes()).toBe(sumBytes([5, 6]));
    expect(w.sizeBytes()).toBe(sumBytes([3, 4, 5, 6]));
  });
});
