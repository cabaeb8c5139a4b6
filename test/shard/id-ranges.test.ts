// Specification of src/shard/id-ranges.ts: `range` sharding, ordered id ranges by UTF-8 byte
// order, split at a chosen key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdRanges, idRangesDescription } from '../../src/shard/id-ranges.js';
import { isShardingError } from '../../src/shard/sharding-error.js';
import type { IdRange } from '../../src/shard/sharding-strategy.js';
import { compareIds } from '../../src/shard/utf8-keys.js';
import { anyUtf16Arb, idArb, idRangesDescriptionArb, keyArb, keyCharArb } from './support/arbitraries.js';

/** Ids drawn near the split keys (same small alphabet) as well as anywhere. */
const nearIdArb = fc.oneof(fc.string({ unit: keyCharArb, maxLength: 5 }), idArb);

function contains(r: IdRange, id: string): boolean {
  return compareIds(r.start, id) <= 0 && (r.end === null || compareIds(id, r.end) < 0);
}

function splitError(f: () => unknown): { code: string; field: string | undefined } {
  try {
    f();
  } catch (e) {
    if (isShardingError(e)) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('expected a ShardingError');
}

describe('range sharding: mapping', () => {
  it('property: every id lies in exactly one range, the one rangeOf names', () => {
    fc.assert(fc.property(idRangesDescriptionArb, nearIdArb, (desc, id) => {
      const s = IdRanges.fromDescription(desc);
      const holders = s.ranges().filter((r) => contains(r, id)).map((r) => r.id);
      expect(holders).toEqual([s.rangeOf(id)]);
    }));
  });

  it('property: ranges are ordered by start, each ending where the next starts, the first at "" and the last unbounded', () => {
    fc.assert(fc.property(idRangesDescriptionArb, (desc) => {
      const rs = IdRanges.fromDescription(desc).ranges();
      expect(rs[0]?.start).toBe('');
      expect(rs[rs.length - 1]?.end).toBeNull();
      rs.forEach((r, i) => {
        const next = rs[i + 1];
        if (next !== undefined) {
          expect(r.end).toBe(next.start);
          expect(compareIds(r.start, next.start)).toBeLessThan(0);
        }
      });
    }));
  });

  it('orders by UTF-8 bytes: U+FFFF sorts below an astral character (JavaScript < says the opposite)', () => {
    const s = IdRanges.create(['\uffff']);
    expect(s.rangeOf('\ufffe')).toBe(0);
    expect(s.rangeOf('\uffff')).toBe(1);
    expect(s.rangeOf('😀')).toBe(1);
  });

  it('an id equal to a start goes to that range; the id just below it to the previous one', () => {
    const s = IdRanges.create(['g', 'p']);
    expect(['', 'a', 'f', 'fzzz', 'g', 'g0', 'o', 'p', 'zz'].map((id) => s.rangeOf(id))).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2]);
  });

  it('property: every string, even one with lone surrogates or longer than the scratch buffer, has a range', () => {
    const s = IdRanges.create(['b', 'é', '😀']);
    fc.assert(fc.property(fc.oneof(anyUtf16Arb, fc.string({ minLength: 400, maxLength: 2000 })), (id) => {
      expect([0, 1, 2, 3]).toContain(s.rangeOf(id));
    }));
  });
});

describe('range sharding: split', () => {
  it('property: after a split every id lies in exactly one range, the one rangeOf names', () => {
    fc.assert(fc.property(idRangesDescriptionArb, fc.nat(), keyArb, fc.array(nearIdArb, { maxLength: 30 }), (desc, which, key, ids) => {
      const before = IdRanges.fromDescription(desc);
      const target = before.ranges()[which % before.ranges().length] as IdRange;
      fc.pre(compareIds(key, target.start) > 0 && (target.end === null || compareIds(key, target.end) < 0));
      const after = IdRanges.fromDescription(before.split(target.id, key));
      for (const id of [...ids, key, target.start]) {
        expect(after.ranges().filter((r) => contains(r, id)).map((r) => r.id)).toEqual([after.rangeOf(id)]);
      }
    }));
  });

  it('property: ids below the split key stay, ids at or above it (in the old range) move to the new range, others do not move', () => {
    fc.assert(fc.property(idRangesDescriptionArb, fc.nat(), keyArb, fc.array(nearIdArb, { maxLength: 30 }), (desc, which, key, ids) => {
      const before = IdRanges.fromDescription(desc);
      const target = before.ranges()[which % before.ranges().length] as IdRange;
      fc.pre(compareIds(key, target.start) > 0 && (target.end === null || compareIds(key, target.end) < 0));
      const after = IdRanges.fromDescription(before.split(target.id, key));
      const child = desc.nextRangeId;
      for (const id of [...ids, key]) {
        const was = before.rangeOf(id), is = after.rangeOf(id);
        if (was !== target.id) expect(is).toBe(was);
        else expect(is).toBe(compareIds(id, key) < 0 ? target.id : child);
      }
    }));
  });

  it('property: a split leaves the ranges ordered by key with the new range right after its parent', () => {
    fc.assert(fc.property(idRangesDescriptionArb, fc.nat(), keyArb, (desc, which, key) => {
      const before = IdRanges.fromDescription(desc);
      const index = which % before.ranges().length;
      const target = before.ranges()[index] as IdRange;
      fc.pre(compareIds(key, target.start) > 0 && (target.end === null || compareIds(key, target.end) < 0));
      const rs = IdRanges.fromDescription(before.split(target.id, key)).ranges();
      expect(rs.map((r) => r.id)).toEqual([
        ...before.ranges().slice(0, index + 1).map((r) => r.id), desc.nextRangeId, ...before.ranges().slice(index + 1).map((r) => r.id),
      ]);
      expect(rs[index]).toMatchObject({ start: target.start, end: key });
      expect(rs[index + 1]).toMatchObject({ start: key, end: target.end });
    }));
  });

  it('both halves get the parent\'s epoch + 1; other ranges keep theirs; nextRangeId advances', () => {
    const s = IdRanges.create(['g', 'p']);
    const d = s.split(1, 'k');
    expect(d).toEqual({
      kind: 'range', nextRangeId: 4,
      ranges: [{ id: 0, epoch: 1, start: '' }, { id: 1, epoch: 2, start: 'g' }, { id: 3, epoch: 2, start: 'k' }, { id: 2, epoch: 1, start: 'p' }],
    });
    const again = IdRanges.fromDescription(d).split(3, 'm');
    expect(again.ranges.map((r) => [r.id, r.epoch])).toEqual([[0, 1], [1, 2], [3, 3], [4, 3], [2, 1]]);
  });

  it('the last range (unbounded) splits at any key above its start', () => {
    const d = IdRanges.create(['g']).split(1, '\u{10ffff}');
    expect(IdRanges.fromDescription(d).rangeOf('\u{10ffff}zz')).toBe(2);
  });

  it.each([
    { name: 'at the range\'s start', rangeId: 1, key: 'g' },
    { name: 'below the range\'s start', rangeId: 1, key: 'f' },
    { name: 'at the range\'s end (the next start)', rangeId: 1, key: 'p' },
    { name: 'above the range\'s end', rangeId: 1, key: 'q' },
    { name: 'below the first range\'s end yet empty', rangeId: 0, key: '' },
    { name: 'with a lone surrogate', rangeId: 2, key: 'q\ud800' },
    { name: 'longer than the longest id', rangeId: 2, key: 'q'.repeat(257) },
  ])('refuses a split key $name (INVALID_SPLIT_KEY, field atKey)', ({ rangeId, key }) => {
    const s = IdRanges.create(['g', 'p']);
    expect(splitError(() => s.split(rangeId, key))).toEqual({ code: 'INVALID_SPLIT_KEY', field: 'atKey' });
  });

  it('refuses a split key that is not a string (from untyped callers)', () => {
    const s = IdRanges.create();
    expect(splitError(() => s.split(0, 42 as unknown as string))).toEqual({ code: 'INVALID_SPLIT_KEY', field: 'atKey' });
  });

  it('refuses to split a range it does not have (RANGE_NOT_FOUND, field rangeId)', () => {
    expect(splitError(() => IdRanges.create(['g']).split(7, 'k'))).toEqual({ code: 'RANGE_NOT_FOUND', field: 'rangeId' });
  });

  it('idRangesDescription(keys) cuts ranges 0..n at the keys, epoch 1', () => {
    expect(idRangesDescription(['k'])).toEqual({ kind: 'range', nextRangeId: 2, ranges: [{ id: 0, epoch: 1, start: '' }, { id: 1, epoch: 1, start: 'k' }] });
  });
});
