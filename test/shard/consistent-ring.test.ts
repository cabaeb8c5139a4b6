// Specification of src/shard/consistent-ring.ts: a hash ring of ranges with virtual nodes.
// Range r's vnode v sits at xxh64("r#v") and owns the positions up to the next vnode; an id goes
// to the owner of xxh64(id). Growing N → N+1 moves only ids of the arcs the new range cuts off.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arcContains, ConsistentRing, consistentDescription, DEFAULT_VNODES } from '../../src/shard/consistent-ring.js';
import { hashPointOf } from '../../src/shard/hash64.js';
import { isShardingError } from '../../src/shard/sharding-error.js';
import { MAX_RANGE_ID } from '../../src/shard/sharding-strategy.js';
import { anyUtf16Arb, idArb } from './support/arbitraries.js';

const ring8 = ConsistentRing.create(8);
const ring9 = ConsistentRing.fromDescription(ring8.addShard());

describe('consistent ring: mapping', () => {
  it('golden: known ids go to known ranges (a change here would re-route stored data)', () => {
    // Pinned when the ring was written: XXH64 positions, "r#v" vnode labels, 1024 vnodes.
    expect(ring8.vnodes).toBe(DEFAULT_VNODES);
    expect(hashPointOf('0#0')).toBe('046c38d682ae569a');
    const routes = Object.fromEntries(['a', 'user-42', '3817aa70-ada9-4ce7-8bb1-05ce3eb9ca79', 'документ-7', '😀', ''].map((id) => [id, ring8.rangeOf(id)]));
    expect(routes).toEqual({ a: 0, 'user-42': 5, '3817aa70-ada9-4ce7-8bb1-05ce3eb9ca79': 1, 'документ-7': 4, '😀': 3, '': 3 });
  });

  it('property: every id, even one with lone surrogates, maps to one of the ranges', () => {
    const ids = new Set(ring8.ranges().map((r) => r.id));
    fc.assert(fc.property(fc.oneof(idArb, anyUtf16Arb), (id) => {
      expect(ids.has(ring8.rangeOf(id))).toBe(true);
    }));
  });

  it('shares of the hash space sum to 1 and each is near 1/N', () => {
    const shares = ring8.ranges().map((r) => r.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (const s of shares) expect(s * 8).toBeGreaterThan(0.85);
  });

  it('a ring with one range sends every id to it', () => {
    const one = ConsistentRing.create(1, 3);
    fc.assert(fc.property(idArb, (id) => { expect(one.rangeOf(id)).toBe(0); }));
    expect(one.ranges()[0]?.share).toBeCloseTo(1, 12);
  });

  it('range(id) finds a range by id and answers undefined for an unknown one', () => {
    expect(ring8.range(3)).toMatchObject({ kind: 'consistent', id: 3, epoch: 1 });
    expect(ring8.range(8)).toBeUndefined();
  });

  it('property: rangeOf(id) is the range whose arcs hold xxh64(id), also for ids longer than the scratch buffer', () => {
    // Diffing against a ring of one other range lists every range's arcs: an independent path.
    const all = ConsistentRing.fromDescription({ kind: 'consistent', hash: 'xxh64', vnodes: 1, nextRangeId: 100, ranges: [{ id: 99, epoch: 1 }] });
    const arcsOf = ring8.ownershipChangesTo(all);
    expect(arcsOf.map((c) => c.from)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const longIdArb = fc.string({ unit: 'binary', minLength: 400, maxLength: 3000 });
    fc.assert(fc.property(fc.oneof(idArb, longIdArb), (id) => {
      const point = hashPointOf(id);
      const owners = arcsOf.filter((c) => c.arcs.some((a) => arcContains(a, point))).map((c) => c.from);
      expect(owners).toEqual([ring8.rangeOf(id)]);
    }));
  });
});

describe('consistent ring: adding a shard (N → N+1)', () => {
  it('addShard adds range nextRangeId and advances nextRangeId', () => {
    const desc = ring9.description();
    expect(desc.ranges.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(desc.nextRangeId).toBe(9);
    expect(desc.vnodes).toBe(ring8.vnodes);
  });

  it('property: an id that changes range moves to the new range, never between old ones', () => {
    fc.assert(fc.property(idArb, (id) => {
      const before = ring8.rangeOf(id), after = ring9.rangeOf(id);
      expect(after === before || after === 8).toBe(true);
    }));
  });

  it('property: the grown ring routes exactly like a ring created with N+1 ranges', () => {
    const fresh = ConsistentRing.create(9);
    fc.assert(fc.property(idArb, (id) => { expect(ring9.rangeOf(id)).toBe(fresh.rangeOf(id)); }));
    expect(ring9.ranges().map((r) => r.share)).toEqual(fresh.ranges().map((r) => r.share));
  });

  it('every range that gives up an arc gets epoch + 1; the new range starts at the highest of them', () => {
    // With 2 vnodes per range the new range cuts at most 2 arcs, so some ranges keep theirs.
    const small = ConsistentRing.create(6, 2);
    const grown = ConsistentRing.fromDescription(small.addShard());
    const donors = new Set(small.ownershipChangesTo(grown).map((c) => c.from));
    expect(donors.size).toBeGreaterThan(0);
    expect(donors.size).toBeLessThan(6);
    for (const r of small.ranges()) expect(grown.range(r.id)?.epoch).toBe(donors.has(r.id) ? r.epoch + 1 : r.epoch);
    expect(grown.range(6)?.epoch).toBe(2);
  });

  it('epochs keep counting over successive growth', () => {
    let ring = ConsistentRing.create(2, 64);
    for (let i = 0; i < 3; i++) ring = ConsistentRing.fromDescription(ring.addShard());
    // With 64 vnodes every range gives up arcs every time.
    expect(ring.ranges().map((r) => [r.id, r.epoch])).toEqual([[0, 4], [1, 4], [2, 4], [3, 4], [4, 4]]);
  });

  it('refuses to grow past the largest range id (TOO_MANY_RANGES)', () => {
    const last = ConsistentRing.fromDescription({ kind: 'consistent', hash: 'xxh64', vnodes: 1, nextRangeId: MAX_RANGE_ID + 1, ranges: [{ id: MAX_RANGE_ID, epoch: 1 }] });
    expect(() => last.addShard()).toThrow(expect.objectContaining({ code: 'TOO_MANY_RANGES' }));
  });
});

describe('consistent ring: ownership changes (what a coordinator moves)', () => {
  const changes = ring8.ownershipChangesTo(ring9);

  it('after addShard every change is from an old range to the new one, listed by source', () => {
    expect(changes.map((c) => [c.from, c.to])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((from) => [from, 8]));
  });

  it('the changes cover exactly the new range\'s share of the hash space', () => {
    const moved = changes.reduce((sum, c) => sum + c.share, 0);
    expect(moved).toBeCloseTo(ring9.range(8)?.share ?? NaN, 9);
  });

  it('property: an id changes range exactly when its hash position lies in an arc of the change for that pair', () => {
    fc.assert(fc.property(idArb, (id) => {
      const point = hashPointOf(id);
      const from = ring8.rangeOf(id), to = ring9.rangeOf(id);
      const inArcs = changes.filter((c) => c.arcs.some((a) => arcContains(a, point)));
      expect(inArcs.map((c) => [c.from, c.to])).toEqual(from === to ? [] : [[from, to]]);
    }));
  });

  it('property: for any two rings (other N, other vnodes) the arcs say exactly which ids move where', () => {
    const rings = [ConsistentRing.create(1, 5), ConsistentRing.create(3, 4), ConsistentRing.create(4, 16), ConsistentRing.create(5, 1)];
    fc.assert(fc.property(fc.constantFrom(...rings), fc.constantFrom(...rings), fc.array(idArb, { maxLength: 20 }), (a, b, ids) => {
      const diff = a.ownershipChangesTo(b);
      for (const id of ids) {
        const point = hashPointOf(id);
        const hits = diff.filter((c) => c.arcs.some((arc) => arcContains(arc, point))).map((c) => [c.from, c.to]);
        const from = a.rangeOf(id), to = b.rangeOf(id);
        expect(hits).toEqual(from === to ? [] : [[from, to]]);
      }
    }));
  });

  it('arcs start exactly at the new range\'s virtual nodes and end just below the next old one', () => {
    const one = ConsistentRing.create(1, 6);
    const two = ConsistentRing.fromDescription(one.addShard());
    const [change] = one.ownershipChangesTo(two);
    const newPositions = new Set(Array.from({ length: 6 }, (_, v) => hashPointOf(`1#${v}`)));
    const oldPositions = new Set(Array.from({ length: 6 }, (_, v) => hashPointOf(`0#${v}`)));
    const plusOne = (hex: string): string => (BigInt(`0x${hex}`) + 1n).toString(16).padStart(16, '0');
    expect(change?.arcs.length).toBeGreaterThan(0);
    for (const arc of change?.arcs ?? []) {
      // An arc may also start at 0 when the ring's last vnode is the new range's (the wrap-around).
      expect(newPositions.has(arc.first) || arc.first === '0000000000000000').toBe(true);
      expect(oldPositions.has(plusOne(arc.last)) || arc.last === 'ffffffffffffffff').toBe(true);
    }
  });

  it('no changes between a ring and itself, or a ring rebuilt from its JSON', () => {
    expect(ring8.ownershipChangesTo(ring8)).toEqual([]);
    expect(ring8.ownershipChangesTo(ConsistentRing.fromDescription(JSON.parse(JSON.stringify(ring8.description()))))).toEqual([]);
  });

  it('changes are plain JSON (a coordinator records them in the meta group)', () => {
    expect(JSON.parse(JSON.stringify(changes))).toEqual(changes);
  });
});

describe('consistent ring: descriptions', () => {
  it('consistentDescription(N) lists ranges 0..N-1 at epoch 1 with the default vnodes', () => {
    expect(consistentDescription(3)).toEqual({
      kind: 'consistent', hash: 'xxh64', vnodes: DEFAULT_VNODES, nextRangeId: 3,
      ranges: [{ id: 0, epoch: 1 }, { id: 1, epoch: 1 }, { id: 2, epoch: 1 }],
    });
  });

  it('refuses 0 shards with a typed error naming the field', () => {
    try {
      consistentDescription(0);
      expect.unreachable();
    } catch (e) {
      expect(isShardingError(e, 'INVALID_DESCRIPTION')).toBe(true);
      expect((e as { field: string }).field).toBe('ranges');
    }
  });
});
