/**
 * The `consistent` strategy (the default): a hash ring with virtual nodes.
 *
 * The 64-bit hash space [0, 2^64) is a ring. Range `r` places `vnodes` virtual nodes on it, the
 * `v`-th at `xxh64(utf8("r#v"))`; a virtual node owns the positions from itself up to the next
 * virtual node (the last one wraps around through 0). An id goes to the owner of its position
 * `xxh64(utf8(id))`. So a range is a set of `vnodes` arcs, and it is one Raft group.
 *
 * Adding a range (N → N+1) places its virtual nodes; each one cuts an arc of an existing range in
 * two and takes the upper piece. Nothing else changes owner, so exactly the ids of those pieces
 * move, 1/(N+1) of them on average. Positions depend only on (range id, vnode), so the ring after
 * `addShard()` is the ring a collection created with N+1 ranges would have.
 *
 * Why 1024 virtual nodes by default: a range's share of the ring is a sum of `vnodes` random arc
 * lengths, whose relative spread is 1/√vnodes; the largest of N shares grows with N. Measured on
 * this ring (docs/sharding.md), the largest share over the mean stays at or below 1.13 for every
 * N up to 256 with 1024 (512 reaches 1.19 at N = 192, 256 reaches 1.22 at N = 64). The cost is
 * 12 bytes of lookup table per virtual node (192 KiB for 16 ranges) and a binary search of
 * log2(N·1024) steps per id.
 */
import { hashIdInto, hex64 } from './hash64.js';
import { parseConsistentDescription } from './sharding-description.js';
import { ShardingError } from './sharding-error.js';
import {
  MAX_RANGE_ID,
  MAX_RANGES,
  MAX_RING_POSITIONS,
  type ConsistentDescription,
  type ConsistentRange,
  type RangeEntry,
  type RangeId,
  type ShardingStrategy,
} from './sharding-strategy.js';

/** Virtual nodes per range when a collection does not say (see the file comment for why). */
export const DEFAULT_VNODES = 1024;

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_64 = TWO_POW_32 * TWO_POW_32;

/** A contiguous piece of the hash space, both ends inclusive, as 16 lowercase hex digits each. */
export interface HashArc {
  readonly first: string;
  readonly last: string;
}

/**
 * Ids that change range between two rings: those whose hash position lies in one of `arcs`
 * (listed in ring order) move from range `from` to range `to`. `share` is the fraction of the hash
 * space they cover, i.e. the expected fraction of the collection's ids that move.
 */
export interface OwnershipChange {
  readonly from: RangeId;
  readonly to: RangeId;
  readonly arcs: readonly HashArc[];
  readonly share: number;
}

/** Whether the hash position `point` (16 lowercase hex digits, see `hashPointOf`) lies in `arc`. */
export function arcContains(arc: HashArc, point: string): boolean {
  // Fixed-width lowercase hex: string order is numeric order.
  return arc.first <= point && point <= arc.last;
}

/** The description of a new ring of `shards` ranges (ids 0..shards-1, epoch 1). */
export function consistentDescription(shards: number, vnodes: number = DEFAULT_VNODES): ConsistentDescription {
  const ranges = Array.from({ length: shards }, (_, id): RangeEntry => ({ id, epoch: 1 }));
  return parseConsistentDescription({ kind: 'consistent', hash: 'xxh64', vnodes, nextRangeId: shards, ranges });
}

/** Reusable output of {@link hashIdInto}: `[hi, lo]`. */
const point = new Uint32Array(2);

export class ConsistentRing implements ShardingStrategy {
  readonly kind = 'consistent' as const;
  private readonly desc: ConsistentDescription;
  private readonly list: readonly ConsistentRange[];
  private readonly byId: ReadonlyMap<RangeId, ConsistentRange>;
  // The ring, sorted by position: virtual node i sits at (posHi[i], posLo[i]) and belongs to
  // range owner[i]. Ties (two labels with one hash, about 2^-64 per pair) sort by range id, so
  // every node builds the same ring.
  private readonly posHi: Uint32Array;
  private readonly posLo: Uint32Array;
  private readonly owner: Uint32Array;
  // A lookup shortcut: the ring cut into 2^bucketBits equal buckets by the top bits of a
  // position; bucketStart[b] is the first virtual node in bucket b or above. About one virtual
  // node per bucket, so a lookup searches a handful of entries instead of the whole ring.
  private readonly bucketBits: number;
  private readonly bucketStart: Uint32Array;

  private constructor(desc: ConsistentDescription) {
    this.desc = desc;
    const { ranges, vnodes } = desc;
    const n = ranges.length * vnodes;
    const hi = new Uint32Array(n), lo = new Uint32Array(n), id = new Uint32Array(n);
    let k = 0;
    for (const r of ranges) {
      for (let v = 0; v < vnodes; v++, k++) {
        hashIdInto(`${r.id}#${v}`, point);
        hi[k] = point[0] as number;
        lo[k] = point[1] as number;
        id[k] = r.id;
      }
    }
    const order = new Uint32Array(n).map((_, i) => i);
    order.sort((a, b) => at(hi, a) - at(hi, b) || at(lo, a) - at(lo, b) || at(id, a) - at(id, b));
    this.posHi = order.map((i) => at(hi, i));
    this.posLo = order.map((i) => at(lo, i));
    this.owner = order.map((i) => at(id, i));
    this.bucketBits = Math.min(16, Math.max(1, Math.ceil(Math.log2(n))));
    this.bucketStart = new Uint32Array((1 << this.bucketBits) + 1);
    for (let b = 0, i = 0; b <= 1 << this.bucketBits; b++) {
      while (i < n && at(this.posHi, i) >>> (32 - this.bucketBits) < b) i++;
      this.bucketStart[b] = i;
    }

    const shares = new Map<RangeId, number>(ranges.map((r) => [r.id, 0]));
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      // The arc from virtual node i to the next; the last one wraps through 2^64. Doubles are
      // exact enough here: a share is reported, never used to route.
      const length = (at(this.posHi, j) - at(this.posHi, i) + (j === 0 ? TWO_POW_32 : 0)) * TWO_POW_32 + (at(this.posLo, j) - at(this.posLo, i));
      const r = at(this.owner, i);
      shares.set(r, (shares.get(r) ?? 0) + length / TWO_POW_64);
    }
    this.list = Object.freeze(ranges.map((r) => Object.freeze({ kind: 'consistent' as const, id: r.id, epoch: r.epoch, share: shares.get(r.id) ?? 0 })));
    this.byId = new Map(this.list.map((r) => [r.id, r]));
  }

  /** Builds the ring from a description, validating it first (untrusted JSON is fine). */
  static fromDescription(value: unknown): ConsistentRing {
    return new ConsistentRing(parseConsistentDescription(value));
  }

  /** A new ring of `shards` ranges. */
  static create(shards: number, vnodes: number = DEFAULT_VNODES): ConsistentRing {
    return new ConsistentRing(consistentDescription(shards, vnodes));
  }

  get vnodes(): number {
    return this.desc.vnodes;
  }

  rangeOf(id: string): RangeId {
    hashIdInto(id, point);
    return at(this.owner, this.indexAt(point[0] as number, point[1] as number));
  }

  ranges(): readonly ConsistentRange[] {
    return this.list;
  }

  range(id: RangeId): ConsistentRange | undefined {
    return this.byId.get(id);
  }

  description(): ConsistentDescription {
    return this.desc;
  }

  /**
   * The description with one more range (N → N+1), id `nextRangeId`. Every range that gives up
   * an arc to it gets its epoch incremented; the new range starts at the highest of those epochs.
   * Throws `TOO_MANY_RANGES` past {@link MAX_RANGES} ranges or {@link MAX_RING_POSITIONS}
   * positions. {@link ownershipChangesTo} tells what moves.
   */
  addShard(): ConsistentDescription {
    const { ranges, vnodes, nextRangeId: id } = this.desc;
    if (ranges.length + 1 > MAX_RANGES || (ranges.length + 1) * vnodes > MAX_RING_POSITIONS || id > MAX_RANGE_ID) {
      throw new ShardingError('TOO_MANY_RANGES', `a ring of ${ranges.length} ranges × ${vnodes} vnodes cannot grow: at most ${MAX_RANGES} ranges, ${MAX_RING_POSITIONS} positions and range id ${MAX_RANGE_ID}`);
    }
    // A new virtual node at p takes [p, next) from the owner of p in the current ring (if p equals
    // an existing position, it sorts after it, by id, and takes that whole arc).
    const donors = new Set<RangeId>();
    for (let v = 0; v < vnodes; v++) {
      hashIdInto(`${id}#${v}`, point);
      donors.add(at(this.owner, this.indexAt(point[0] as number, point[1] as number)));
    }
    const next = ranges.map((r) => (donors.has(r.id) ? { id: r.id, epoch: r.epoch + 1 } : r));
    const epoch = next.reduce((max, r) => (donors.has(r.id) ? Math.max(max, r.epoch) : max), 1);
    return parseConsistentDescription({
      kind: 'consistent', hash: this.desc.hash, vnodes, nextRangeId: id + 1, ranges: [...next, { id, epoch }],
    });
  }

  /**
   * What a coordinator moves to go from this ring to `next`: for every pair of ranges (from, to)
   * the arcs whose ids change owner, in ring order, listed by `from` then `to`. Empty when both
   * rings route every id alike. Works for any two rings, e.g. also with other `vnodes`.
   */
  ownershipChangesTo(next: ConsistentRing): readonly OwnershipChange[] {
    return ConsistentRing.ownershipChanges(this, next);
  }

  private static ownershipChanges(a: ConsistentRing, b: ConsistentRing): readonly OwnershipChange[] {
    const changes = new Map<string, { from: RangeId; to: RangeId; arcs: HashArc[]; share: number }>();
    const emit = (from: RangeId, to: RangeId, startHi: number, startLo: number, endHi: number, endLo: number): void => {
      const key = `${from}>${to}`;
      let c = changes.get(key);
      if (c === undefined) changes.set(key, c = { from, to, arcs: [], share: 0 });
      // [start, end) → inclusive [first, last]; end = (2^32, 0) stands for 2^64.
      const lastHi = endLo === 0 ? endHi - 1 : endHi, lastLo = endLo === 0 ? 0xffff_ffff : endLo - 1;
      c.arcs.push({ first: hex64(startHi, startLo), last: hex64(lastHi, lastLo) });
      c.share += ((endHi - startHi) * TWO_POW_32 + (endLo - startLo)) / TWO_POW_64;
    };
    const n = a.owner.length, m = b.owner.length;
    // Walk both rings' positions in order from 0. Below the first position, each ring's owner is
    // its last virtual node's range (the arc that wraps around).
    let ownerA = at(a.owner, n - 1), ownerB = at(b.owner, m - 1);
    let i = 0, j = 0;
    // The open run: a stretch where the owners differ, from (runHi, runLo), not yet emitted.
    let runHi = 0, runLo = 0, runOpen = ownerA !== ownerB;
    while (i < n || j < m) {
      // The next boundary: the smaller of the two rings' next positions.
      let hi: number, lo: number;
      if (j >= m || (i < n && compare(at(a.posHi, i), at(a.posLo, i), at(b.posHi, j), at(b.posLo, j)) <= 0)) {
        hi = at(a.posHi, i); lo = at(a.posLo, i);
      } else {
        hi = at(b.posHi, j); lo = at(b.posLo, j);
      }
      // Past every virtual node at this position, the last of them owns what follows.
      let newA = ownerA, newB = ownerB;
      while (i < n && at(a.posHi, i) === hi && at(a.posLo, i) === lo) newA = at(a.owner, i++);
      while (j < m && at(b.posHi, j) === hi && at(b.posLo, j) === lo) newB = at(b.owner, j++);
      if (newA !== ownerA || newB !== ownerB) {
        if (runOpen && (hi !== runHi || lo !== runLo)) emit(ownerA, ownerB, runHi, runLo, hi, lo);
        ownerA = newA; ownerB = newB;
        runOpen = ownerA !== ownerB;
        runHi = hi; runLo = lo;
      }
    }
    if (runOpen) emit(ownerA, ownerB, runHi, runLo, TWO_POW_32, 0);
    return Object.freeze([...changes.values()]
      .sort((x, y) => x.from - y.from || x.to - y.to)
      .map((c) => Object.freeze({ from: c.from, to: c.to, arcs: Object.freeze(c.arcs.map((arc) => Object.freeze(arc))), share: c.share })));
  }

  /** The index of the virtual node owning position (hHi, hLo): the last one at or below it, else (wrapping) the last one. */
  private indexAt(hHi: number, hLo: number): number {
    // Nodes in lower buckets are below h, nodes in higher buckets above it.
    const bucket = hHi >>> (32 - this.bucketBits);
    let low = at(this.bucketStart, bucket), high = at(this.bucketStart, bucket + 1);
    // Invariant: every index below `low` is at or below h; every index from `high` on is above it.
    while (low < high) {
      const mid = (low + high) >>> 1;
      const pHi = at(this.posHi, mid);
      if (pHi < hHi || (pHi === hHi && at(this.posLo, mid) <= hLo)) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? this.posHi.length - 1 : low - 1;
  }
}

function at(a: Uint32Array, i: number): number {
  return a[i] as number;
}

function compare(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return aHi - bHi || aLo - bLo;
}
