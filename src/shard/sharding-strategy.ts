/**
 * How a collection's ids are spread over its ranges (DESIGN.md §5). Every strategy maps an id to
 * a range, and every range is served by one Raft group; the cluster map keeps the range → group
 * → replicas table, keyed by {@link RangeId}, next to the strategy's {@link ShardingDescription}.
 *
 * A strategy is a pure value built from its description: no I/O, no clock, no randomness, so
 * every node that holds the same description routes every id to the same range. Changes
 * (`split`, `addShard`) never mutate a strategy; they return the next description, which the
 * meta group commits and every node then loads.
 */

import { MAX_ID_BYTES } from '../store/vector/schema.js';

/** The strategies a collection can be created with. `consistent` is the default. */
export type ShardingKind = 'consistent' | 'hash' | 'range';

export const SHARDING_KINDS: readonly ShardingKind[] = Object.freeze(['consistent', 'hash', 'range']);
export const DEFAULT_SHARDING_KIND: ShardingKind = 'consistent';

/**
 * A range's identity within its collection: a non-negative integer, never reused (a new range
 * takes the description's `nextRangeId`). It outlives replica moves and leader changes; a split
 * keeps the parent's id for the lower half.
 */
export type RangeId = number;

/**
 * Every range carries an epoch, starting at 1 and incremented whenever the set of ids it serves
 * changes (a split, a shard added to the ring). A request routed with a cached map names the
 * range and the epoch it saw; a replica whose range has another epoch refuses it, and the router
 * refreshes its map and retries (DESIGN.md §3). A range created by a change starts at the
 * highest epoch among the ranges it took ids from (after their increment), so comparing epochs
 * of overlapping ranges tells which description is newer.
 */
export type Epoch = number;

/** The hash functions a hashed description may name. Only one today; the field makes a change explicit. */
export type HashFunctionName = 'xxh64';

// ---- descriptions: what the cluster map stores and `describe` shows (plain JSON) --------------

/** A range in a description: identity and epoch (its span follows from the strategy). */
export interface RangeEntry {
  readonly id: RangeId;
  readonly epoch: Epoch;
}

/**
 * A `consistent` collection: a hash ring. Range `id`'s virtual node `v` sits at position
 * `xxh64(utf8("<id>#<v>"))` of the 64-bit hash space and owns the positions from there up to the
 * next virtual node (wrapping around). Ranges are listed by increasing id.
 */
export interface ConsistentDescription {
  readonly kind: 'consistent';
  readonly hash: HashFunctionName;
  /** Virtual nodes per range. */
  readonly vnodes: number;
  /** The id the next added range takes; above every id in `ranges`. */
  readonly nextRangeId: RangeId;
  readonly ranges: readonly RangeEntry[];
}

/** A `hash` collection: `xxh64(utf8(id)) mod N` picks the slot; range `i` of the list is slot `i` and has id `i`. */
export interface HashModDescription {
  readonly kind: 'hash';
  readonly hash: HashFunctionName;
  readonly ranges: readonly RangeEntry[];
}

/** A range of a `range` collection: it serves ids from `start` (inclusive) up to the next range's start. */
export interface IdRangeEntry extends RangeEntry {
  /** The smallest id it serves; the first range starts at "" (every id). */
  readonly start: string;
}

/** A `range` collection: ordered id ranges by UTF-8 byte order, listed by increasing `start`. */
export interface IdRangesDescription {
  readonly kind: 'range';
  readonly nextRangeId: RangeId;
  readonly ranges: readonly IdRangeEntry[];
}

/** The serializable description of any strategy; `JSON.stringify` of it is canonical (fixed key order). */
export type ShardingDescription = ConsistentDescription | HashModDescription | IdRangesDescription;

// ---- descriptors: what a built strategy tells about each range ---------------------------------

/** What every strategy tells about a range. */
export interface RangeDescriptor {
  readonly kind: ShardingKind;
  readonly id: RangeId;
  readonly epoch: Epoch;
}

/** A range of a `consistent` ring. */
export interface ConsistentRange extends RangeDescriptor {
  readonly kind: 'consistent';
  /** The fraction of the hash space it owns (the ring's shares sum to 1). */
  readonly share: number;
}

/** A slot of a `hash` collection. */
export interface HashModRange extends RangeDescriptor {
  readonly kind: 'hash';
  /** It serves the ids with `xxh64(id) mod N === slot`. */
  readonly slot: number;
  /** Always 1/N. */
  readonly share: number;
}

/** A range of a `range` collection. */
export interface IdRange extends RangeDescriptor {
  readonly kind: 'range';
  /** The smallest id it serves. */
  readonly start: string;
  /** The first id it no longer serves (the next range's start); `null` for the last range. */
  readonly end: string | null;
}

// ---- the strategy -----------------------------------------------------------------------------

/**
 * One interface for the three strategies. Contracts, for every implementation:
 * - `rangeOf` is total and deterministic: every string (any length, even one with lone
 *   surrogates, which are read as U+FFFD) maps to exactly one range of `ranges()`, and a strategy
 *   built from an equal description (also after a JSON round trip) maps it to the same range;
 * - `ranges()` lists every range once, in the strategy's order (ring: by id; hash: by slot;
 *   range: by start key), and is the same array on every call;
 * - `description()` returns the deep-frozen description the strategy was built from.
 */
export interface ShardingStrategy {
  readonly kind: ShardingKind;
  /** The range that serves `id`. */
  rangeOf(id: string): RangeId;
  /** Every range, in the strategy's order. */
  ranges(): readonly RangeDescriptor[];
  /** The range with this id, or `undefined` if the description has none. */
  range(id: RangeId): RangeDescriptor | undefined;
  /** The serializable description this strategy was built from. */
  description(): ShardingDescription;
}

// ---- limits -----------------------------------------------------------------------------------

/** Ranges per collection. Bounds the description a router keeps and the groups one collection can make. */
export const MAX_RANGES = 65_536;
/** Virtual nodes per range of a ring. */
export const MAX_VNODES = 4_096;
/** Ring positions (ranges × vnodes) of one ring: 12 bytes each in memory, so at most 12 MiB. */
export const MAX_RING_POSITIONS = 1 << 20;
/** Range ids and epochs stay exact integers well below 2^53 and fit int32 tables. */
export const MAX_RANGE_ID = 0x7fff_ffff;
export const MAX_EPOCH = Number.MAX_SAFE_INTEGER;
/** A split key is at most as long as an id: a longer one would split nothing that a shorter could not. */
export const MAX_SPLIT_KEY_BYTES = MAX_ID_BYTES;
