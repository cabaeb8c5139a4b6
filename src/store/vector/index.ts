/**
 * One shard's vector state machine: LevelDB records + an HNSW index, applied by Raft index,
 * with snapshots and checkpoints. The server validates input with the `validate*` functions
 * before proposing, proposes the returned bytes, and feeds committed entries to `apply`.
 */
export { VectorStoreError, isVectorStoreError, type GrpcStatusName, type VectorErrorCode } from './errors.js';
export {
  DEFAULT_HNSW_PARAMS,
  MAX_BATCH_BYTES,
  MAX_BATCH_RECORDS,
  MAX_DIMENSION,
  MAX_ID_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_PAYLOAD_DEPTH,
  MAX_SCAN_LIMIT,
  MAX_SEARCH_EF,
  MAX_SEARCH_K,
  METRICS,
  COLLECTION_NAME_PATTERN,
  defineSchema,
  type CollectionSchema,
  type CollectionSchemaInput,
  type HnswParams,
  type JsonObject,
  type JsonPrimitive,
  type JsonValue,
  type Metric,
  type RecordInput,
  type VectorRecord,
} from './schema.js';
export {
  validateDeleteBatch,
  validateId,
  validateIfVersion,
  validatePayload,
  validateRecord,
  validateUpsertBatch,
  validateVector,
  type DeleteInput,
  type UpsertInput,
  type ValidatedCommand,
} from './validation.js';
export { decodeCommand, encodeCommand, type DeleteItem, type UpsertItem, type VectorCommand } from './command-codec.js';
export {
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
  MAX_MATCH_ANY_VALUES,
  compileFilter,
  validateFilter,
  type Condition,
  type Filter,
  type MatchCondition,
  type MatchValue,
  type RangeBounds,
  type RangeCondition,
} from './filter.js';
export {
  FILTERED_EF_MAX,
  FILTER_EXACT_MAX_MATCHES,
  RERANK_EXTRA_CANDIDATES,
  SELECTIVITY_SAMPLE_SIZE,
  validateSearchRequest,
  type SearchHit,
  type SearchPlan,
  type SearchRequest,
  type SearchResult,
} from './search.js';
export { compareIds } from './id-order.js';
export { distance } from './distance.js';
export {
  SNAPSHOT_CHUNK_BYTES,
  deserializeChunk,
  serializeChunk,
  type SnapshotChunk,
} from './snapshot-stream.js';
export {
  DEFAULT_CHECKPOINT_EVERY_ENTRIES,
  VectorStateMachine,
  type ApplyResult,
  type GetResult,
  type IndexCheck,
  type GroupDatabase,
  type ItemResult,
  type ItemStatus,
  type ParentDatabase,
  type RecoveryReport,
  type RestoreReport,
  type ScanPage,
  type ScanRequest,
  type StateSnapshot,
  type VectorStateMachineOptions,
} from './vector-state-machine.js';
