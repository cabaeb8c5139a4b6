// Specification of the seeded generator: src/raft/rng.ts. One seed must replay a run exactly
// (STYLE.md: "One seed replays a simulation exactly"), so the sequence depends on the seed only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../../src/raft/rng.js';

function draw(seed: number, n: number, f: (r: SeededRng) => number): number[] {
  const r = new SeededRng(seed);
  return Array.from({ length: n }, () => f(r));
}

describe('SeededRng', () => {
  it('property: the same seed gives the same sequence', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (seed) => {
      expect(draw(seed, 50, (r) => r.nextUint32())).toEqual(draw(seed, 50, (r) => r.nextUint32()));
    }));
  });

  it('different seeds give different sequences', () => {
    const seqs = [0, 1, 2, 42, 0xffff_ffff].map((s) => draw(s, 8, (r) => r.nextUint32()).join(','));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('a seed is taken modulo 2^32 (as an unsigned 32-bit integer)', () => {
    expect(draw(-1, 10, (r) => r.nextUint32())).toEqual(draw(0xffff_ffff, 10, (r) => r.nextUint32()));
  });

  it('nextUint32 is an integer in [0, 2^32)', () => {
    for (const x of draw(7, 1000, (r) => r.nextUint32())) {
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    }
  });

  it('property: nextInt(n) is an integer in [0, n)', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 31 }), (seed, n) => {
      for (const x of draw(seed, 20, (r) => r.nextInt(n))) {
        expect(Number.isInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(n);
      }
    }));
  });

  it('nextInt(1) is always 0', () => {
    expect(new Set(draw(3, 100, (r) => r.nextInt(1)))).toEqual(new Set([0]));
  });

  it('nextInt(10) hits every value, roughly uniformly (election timeouts spread out)', () => {
    const counts = new Array<number>(10).fill(0);
    for (const x of draw(12345, 10_000, (r) => r.nextInt(10))) counts[x]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    for (const c of counts) expect(c).toBeLessThan(1200);
  });

  it.each([0, -1, Number.NaN])('nextInt(%d) throws RangeError', (n) => {
    expect(() => new SeededRng(1).nextInt(n)).toThrow(RangeError);
  });

  it('nextFloat is in [0, 1)', () => {
    for (const x of draw(9, 1000, (r) => r.nextFloat())) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
