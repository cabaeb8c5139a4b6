/** The TypeScript client SDK of Vector Studio (used by the CLI, jepsen-lite and the benchmarks). */
export { VectorStudioClient, DEFAULT_TIMEOUT_MS, type ConnectOptions } from './vector-studio-client.js';
export { VectorStudioError, statusName, type StatusName, type VectorStudioErrorInit } from './errors.js';
export { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from './upsert-all.js';
export { backoffDelay, DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_CAP_MS, type BackoffOptions } from './retry-policy.js';
export { isEndpoint, splitEndpoints } from './endpoints.js';
export { tlsCredentials } from './tls.js';
export type {
  AckLevel, CallOptions, ClusterStatus, CollectionInfo, Consistency, CreateCollectionOptions, DeleteResult, DeleteTarget,
  GetOptions, GetResult, GroupMembership, GroupStatus, ItemResult, ItemStatus, JsonObject, JsonValue, Metric, NodeStatus,
  ReadOptions, MissingShard, NodeAdminState, OperatorInfo, OperatorsStatus, SearchHit, SearchOptions, SearchResult, Sharding, StoredRecord, UpsertAllOptions, UpsertAllResult, UpsertRecord,
  UpsertResult, WriteOptions,
} from './types.js';
