/** fast-check arbitraries shared by the sharding tests. */
import fc from 'fast-check';
import { consistentDescription } from '../../../src/shard/consistent-ring.js';
import { hashModDescription } from '../../../src/shard/hash-mod.js';
import { IdRanges, idRangesDescription } from '../../../src/shard/id-ranges.js';
import { ConsistentRing } from '../../../src/shard/consistent-ring.js';
import type { ShardingDescription } from '../../../src/shard/sharding-strategy.js';
import { compareIds } from '../../../src/shard/utf8-keys.js';

/** Any id the store accepts, and then some: any well-formed string, astral characters included. */
export const idArb = fc.string({ unit: 'binary', maxLength: 40 });

/** Strings with arbitrary UTF-16 code units, lone surrogates included: the strategies must still be total. */
export const anyUtf16Arb = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 });

/**
 * Split keys: short strings over a small alphabet (so that ids land on both sides of them and
 * sometimes equal them), astral and U+FFFF included to exercise UTF-8 vs UTF-16 order.
 */
export const keyCharArb = fc.constantFrom('a', 'b', 'm', 'z', 'A', '0', '~', 'é', '\uffff', '😀');
export const keyArb = fc.string({ unit: keyCharArb, minLength: 1, maxLength: 4 });

/** Sorted distinct split keys in UTF-8 byte order. */
export const splitKeysArb = fc.uniqueArray(keyArb, { maxLength: 8 }).map((keys) => [...keys].sort(compareIds));

/** A consistent ring description, possibly grown a few times (so epochs differ). Small vnodes keep rings cheap. */
export const consistentDescriptionArb = fc
  .record({ shards: fc.integer({ min: 1, max: 8 }), vnodes: fc.integer({ min: 1, max: 32 }), grown: fc.integer({ min: 0, max: 2 }) })
  .map(({ shards, vnodes, grown }) => {
    let desc = consistentDescription(shards, vnodes);
    for (let i = 0; i < grown; i++) desc = ConsistentRing.fromDescription(desc).addShard();
    return desc;
  });

export const hashModDescriptionArb = fc.integer({ min: 1, max: 40 }).map((n) => hashModDescription(n));

/** A range description, cut at sorted keys and then maybe split once more (so ids and epochs are not just 0..n). */
export const idRangesDescriptionArb = fc.tuple(splitKeysArb, fc.nat(), keyArb).map(([keys, which, key]) => {
  const desc = idRangesDescription(keys);
  const ranges = IdRanges.fromDescription(desc);
  const target = ranges.ranges()[which % ranges.ranges().length];
  try {
    return target === undefined ? desc : ranges.split(target.id, key);
  } catch {
    return desc; // the key was outside that range
  }
});

export const descriptionArb: fc.Arbitrary<ShardingDescription> = fc.oneof(consistentDescriptionArb, hashModDescriptionArb, idRangesDescriptionArb);
