// Specification of src/shard/hash-mod.ts: `hash` sharding, xxh64(utf8(id)) mod N over a fixed N.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashMod, hashModDescription } from '../../src/shard/hash-mod.js';
import { xxh64 } from '../../src/shard/hash64.js';
import { MAX_RANGES } from '../../src/shard/sharding-strategy.js';
import { anyUtf16Arb, idArb } from './support/arbitraries.js';

describe('hash sharding', () => {
  it('golden: known ids go to known slots (a change here would re-route stored data)', () => {
    const h = HashMod.create(16);
    expect(['a', 'user-42', '', '😀'].map((id) => h.rangeOf(id))).toEqual([11, 1, 9, 0]);
  });

  it('property: rangeOf(id) is xxh64(utf8(id)) mod N, for N up to the largest allowed', () => {
    const strategies = [1, 2, 3, 7, 16, 1000, 65_521, MAX_RANGES].map((n) => HashMod.create(n));
    fc.assert(fc.property(fc.constantFrom(...strategies), fc.oneof(idArb, anyUtf16Arb), (h, id) => {
      const n = BigInt(h.ranges().length);
      expect(h.rangeOf(id)).toBe(Number(xxh64(id) % n));
    }));
  });

  it('slots are the ranges in order, each with share 1/N', () => {
    const h = HashMod.create(4);
    expect(h.ranges()).toEqual([0, 1, 2, 3].map((slot) => ({ kind: 'hash', id: slot, epoch: 1, slot, share: 0.25 })));
  });

  it('range(id) finds a slot and answers undefined for anything else', () => {
    const h = HashMod.create(4);
    expect(h.range(2)?.slot).toBe(2);
    expect(h.range(4)).toBeUndefined();
    expect(h.range(-1)).toBeUndefined();
    expect(h.range(1.5)).toBeUndefined();
  });

  it('hashModDescription(N) lists slots 0..N-1 at epoch 1', () => {
    expect(hashModDescription(2)).toEqual({ kind: 'hash', hash: 'xxh64', ranges: [{ id: 0, epoch: 1 }, { id: 1, epoch: 1 }] });
  });
});
