/**
 * Building strategies: from the options a collection is created with (`collection create
 * --sharding`), and from a stored description (the cluster map, `describe`).
 */
import { ConsistentRing, consistentDescription, DEFAULT_VNODES } from './consistent-ring.js';
import { HashMod, hashModDescription } from './hash-mod.js';
import { IdRanges, idRangesDescription } from './id-ranges.js';
import { keyProblem, parseShardingDescription, parseShardingDescriptionJson } from './sharding-description.js';
import { JsonFields } from './json-fields.js';
import {
  DEFAULT_SHARDING_KIND,
  MAX_RANGES,
  MAX_RING_POSITIONS,
  MAX_VNODES,
  SHARDING_KINDS,
  type ShardingDescription,
  type ShardingKind,
} from './sharding-strategy.js';
import { compareIds } from './utf8-keys.js';

/** A built strategy; switch on `kind` to reach the kind's own operations (`addShard`, `split`). */
export type Sharding = ConsistentRing | HashMod | IdRanges;

/** Shards of a new `consistent` or `hash` collection when the options do not say. */
export const DEFAULT_SHARDS = 1;

/**
 * How a collection is sharded at creation. Every field is optional:
 * - `kind` (default `consistent`);
 * - `shards` (`consistent` and `hash`; default 1): the number of ranges;
 * - `vnodes` (`consistent` only; default {@link DEFAULT_VNODES}): virtual nodes per range;
 * - `splitKeys` (`range` only; default none): the starts of the ranges after the first, in
 *   increasing UTF-8 byte order.
 */
export interface ShardingOptions {
  readonly kind?: ShardingKind;
  readonly shards?: number;
  readonly vnodes?: number;
  readonly splitKeys?: readonly string[];
}

const optionFields = new JsonFields('INVALID_OPTIONS', 'options');

/**
 * The description of a new collection. `options` are checked at run time, so they may come
 * straight from a user (the CLI, a request, parsed JSON): a problem throws `INVALID_OPTIONS`
 * naming the field (`splitKeys[2]`, `vnodes`), including a field that does not apply to the kind.
 */
export function newShardingDescription(options: ShardingOptions = {}): ShardingDescription {
  const record = optionFields.object(options, '', ['kind', 'shards', 'vnodes', 'splitKeys']);
  const kindValue = optionFields.optional(record, 'kind');
  const kind = kindValue === undefined ? DEFAULT_SHARDING_KIND : optionFields.literal(kindValue, 'kind', SHARDING_KINDS);
  const notFor = (field: string): void => {
    if (optionFields.optional(record, field) !== undefined) optionFields.fail(field, `does not apply to ${kind} sharding`);
  };
  switch (kind) {
    case 'consistent': {
      notFor('splitKeys');
      const vnodesValue = optionFields.optional(record, 'vnodes');
      const vnodes = vnodesValue === undefined ? DEFAULT_VNODES : optionFields.integer(vnodesValue, 'vnodes', 1, MAX_VNODES);
      const shards = shardsOf(record, Math.min(MAX_RANGES, Math.floor(MAX_RING_POSITIONS / vnodes)));
      return consistentDescription(shards, vnodes);
    }
    case 'hash':
      notFor('splitKeys');
      notFor('vnodes');
      return hashModDescription(shardsOf(record, MAX_RANGES));
    case 'range': {
      notFor('shards');
      notFor('vnodes');
      const keysValue = optionFields.optional(record, 'splitKeys');
      const keys = keysValue === undefined ? [] : optionFields.array(keysValue, 'splitKeys', 0, MAX_RANGES - 1);
      const splitKeys = keys.map((k, i) => {
        const key = optionFields.string(k, `splitKeys[${i}]`);
        const problem = keyProblem(key);
        if (problem !== undefined) optionFields.fail(`splitKeys[${i}]`, problem);
        const previous = keys[i - 1];
        if (typeof previous === 'string' && compareIds(key, previous) <= 0) {
          optionFields.fail(`splitKeys[${i}]`, `must sort after splitKeys[${i - 1}] in UTF-8 byte order`);
        }
        return key;
      });
      return idRangesDescription(splitKeys);
    }
  }
}

function shardsOf(record: Readonly<Record<string, unknown>>, max: number): number {
  const value = optionFields.optional(record, 'shards');
  return value === undefined ? DEFAULT_SHARDS : optionFields.integer(value, 'shards', 1, max);
}

/** Builds the strategy a description names, validating it first (untrusted JSON is fine). */
export function fromDescription(value: unknown): Sharding {
  const desc = parseShardingDescription(value);
  switch (desc.kind) {
    case 'consistent': return ConsistentRing.fromDescription(desc);
    case 'hash': return HashMod.fromDescription(desc);
    case 'range': return IdRanges.fromDescription(desc);
  }
}

/** {@link fromDescription} for JSON text; text that is not JSON throws `INVALID_DESCRIPTION`. */
export function fromDescriptionJson(text: string): Sharding {
  return fromDescription(parseShardingDescriptionJson(text));
}

/** A new collection's strategy; see {@link newShardingDescription}. */
export function createSharding(options: ShardingOptions = {}): Sharding {
  return fromDescription(newShardingDescription(options));
}
