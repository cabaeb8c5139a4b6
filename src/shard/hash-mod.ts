/**
 * The `hash` strategy: `xxh64(utf8(id)) mod N` over a fixed N. The most even spread (each slot
 * gets 1/N of the ids up to sampling noise) and the cheapest lookup, but N never changes: growing
 * it would move almost every id. Collections that may grow use `consistent`.
 */
import { hashIdInto } from './hash64.js';
import { parseHashModDescription } from './sharding-description.js';
import type { HashModDescription, HashModRange, RangeEntry, RangeId, ShardingStrategy } from './sharding-strategy.js';

/** The description of a new `hash` collection of `shards` slots (range ids 0..shards-1, epoch 1). */
export function hashModDescription(shards: number): HashModDescription {
  const ranges = Array.from({ length: shards }, (_, id): RangeEntry => ({ id, epoch: 1 }));
  return parseHashModDescription({ kind: 'hash', hash: 'xxh64', ranges });
}

const TWO_POW_32 = 0x1_0000_0000;
const point = new Uint32Array(2);

export class HashMod implements ShardingStrategy {
  readonly kind = 'hash' as const;
  private readonly desc: HashModDescription;
  private readonly list: readonly HashModRange[];
  /** 2^32 mod N, to reduce a 64-bit hash mod N in doubles without losing bits. */
  private readonly highFactor: number;

  private constructor(desc: HashModDescription) {
    this.desc = desc;
    const n = desc.ranges.length;
    this.list = Object.freeze(desc.ranges.map((r, slot) => Object.freeze({ kind: 'hash' as const, id: r.id, epoch: r.epoch, slot, share: 1 / n })));
    this.highFactor = TWO_POW_32 % n;
  }

  /** Builds the strategy from a description, validating it first (untrusted JSON is fine). */
  static fromDescription(value: unknown): HashMod {
    return new HashMod(parseHashModDescription(value));
  }

  /** A new `hash` collection of `shards` slots. */
  static create(shards: number): HashMod {
    return new HashMod(hashModDescription(shards));
  }

  rangeOf(id: string): RangeId {
    hashIdInto(id, point);
    const n = this.list.length;
    // (hi·2^32 + lo) mod N = ((hi mod N)·(2^32 mod N) + lo) mod N. With N ≤ MAX_RANGES (2^16)
    // the product stays below 2^32 and the sum below 2^33: exact in a double.
    const slot = (((point[0] as number) % n) * this.highFactor + (point[1] as number)) % n;
    return (this.list[slot] as HashModRange).id;
  }

  ranges(): readonly HashModRange[] {
    return this.list;
  }

  range(id: RangeId): HashModRange | undefined {
    // Ids are slots (the description checks it).
    return Number.isInteger(id) ? this.list[id] : undefined;
  }

  description(): HashModDescription {
    return this.desc;
  }
}
