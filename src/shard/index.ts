/**
 * Sharding: how a collection's ids map to ranges, each range one Raft group (DESIGN.md §5).
 * Pure and deterministic; the cluster map, routing and the coordinator build on it.
 */
export {
  DEFAULT_SHARDING_KIND,
  MAX_EPOCH,
  MAX_RANGE_ID,
  MAX_RANGES,
  MAX_RING_POSITIONS,
  MAX_SPLIT_KEY_BYTES,
  MAX_VNODES,
  SHARDING_KINDS,
  type ConsistentDescription,
  type ConsistentRange,
  type Epoch,
  type HashFunctionName,
  type HashModDescription,
  type HashModRange,
  type IdRange,
  type IdRangeEntry,
  type IdRangesDescription,
  type RangeDescriptor,
  type RangeEntry,
  type RangeId,
  type ShardingDescription,
  type ShardingKind,
  type ShardingStrategy,
} from './sharding-strategy.js';
export { isShardingError, ShardingError, type ShardingErrorCode, type ShardingGrpcStatus } from './sharding-error.js';
export { parseShardingDescription, parseShardingDescriptionJson } from './sharding-description.js';
export {
  createSharding,
  DEFAULT_SHARDS,
  fromDescription,
  fromDescriptionJson,
  newShardingDescription,
  type Sharding,
  type ShardingOptions,
} from './sharding-factory.js';
export {
  arcContains,
  ConsistentRing,
  consistentDescription,
  DEFAULT_VNODES,
  type HashArc,
  type OwnershipChange,
} from './consistent-ring.js';
export { HashMod, hashModDescription } from './hash-mod.js';
export { IdRanges, idRangesDescription } from './id-ranges.js';
export { hashPointOf, xxh64, type HashInput } from './hash64.js';
export { compareIds } from './utf8-keys.js';
