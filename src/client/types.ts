/**
 * The plain TypeScript shapes of the client SDK: what callers pass and get back. None of them is
 * a generated wire type; vectors are `Float32Array` (or `number[]` on input), payloads are JSON
 * objects, 64-bit counters and indexes are numbers (they stay far below 2^53).
 */
import type { JsonObject, JsonValue } from '../wire/struct.js';

export type { JsonObject, JsonValue };

/** Distance of a collection (DESIGN.md §8 `--metric`). */
export type Metric = 'l2' | 'cosine' | 'ip';

/** How a collection maps ids to shards (DESIGN.md §5). */
export type Sharding = 'consistent' | 'hash' | 'range';

/**
 * How many replicas must hold a write before it is acknowledged (DESIGN.md §1): `async` (the
 * leader's own durable append), `majority` (default), `all`, or a number N with
 * majority ≤ N ≤ replicas.
 */
export type AckLevel = 'async' | 'majority' | 'all' | number;

/** Read consistency (DESIGN.md §1); `linearizable` is the default. */
export type Consistency = 'linearizable' | 'lease' | 'follower';

/** Options every call accepts. */
export interface CallOptions {
  /** The call's deadline in milliseconds, retries included (default: the client's `timeoutMs`). */
  readonly timeoutMs?: number;
}

/** Options of a write. */
export interface WriteOptions extends CallOptions {
  readonly ack?: AckLevel;
}

/** Options of a read. */
export interface ReadOptions extends CallOptions {
  readonly consistency?: Consistency;
  /** With `follower`: the staleness the read may have at most (0 or absent: the server's default, 5000). */
  readonly maxStalenessMs?: number;
}

/** Parameters of a new collection; zero or absent fields take the server's defaults. */
export interface CreateCollectionOptions extends CallOptions {
  readonly dimension: number;
  /** Default `l2`. */
  readonly metric?: Metric;
  /** HNSW M (default 16). */
  readonly m?: number;
  /** HNSW efConstruction (default 200). */
  readonly efConstruction?: number;
  /** Default search ef (default 64). */
  readonly ef?: number;
  /** Replicas per shard (default: the node's `--replicas`, capped by the number of nodes). */
  readonly replicas?: number;
  /** Number of shards (default 1; `consistent` and `hash`). */
  readonly shards?: number;
  /** Default `consistent`. */
  readonly sharding?: Sharding;
  /** `range` sharding: the first id of every range after the first, ascending (N - 1 keys for N shards). */
  readonly splitKeys?: readonly string[];
}

/** A collection as the cluster describes it. */
export interface CollectionInfo {
  readonly name: string;
  readonly dimension: number;
  readonly metric: Metric;
  readonly m: number;
  readonly efConstruction: number;
  readonly ef: number;
  readonly replicas: number;
  readonly shards: number;
  readonly sharding: string;
  /** Records, as seen by the replica that answered. */
  readonly count: number;
  /** The Raft groups of its shards, in the strategy's range order. */
  readonly groupIds: readonly number[];
  /** The strategy's full description (ranges and epochs) as JSON text. */
  readonly shardingJson: string;
}

/** A record to upsert. */
export interface UpsertRecord {
  /** UTF-8, 1..256 bytes. */
  readonly id: string;
  /** Exactly the collection's dimension; sent as little-endian float32. */
  readonly vector: Float32Array | readonly number[];
  /** A JSON object, at most 64 KiB encoded. */
  readonly payload?: JsonObject;
  /**
   * Compare-and-set: write only if the stored version equals this (0 = the record must not
   * exist). A conditional write is never retried by the client.
   */
  readonly ifVersion?: number;
}

/** A delete of one id, optionally conditional on its stored version. */
export interface DeleteTarget {
  readonly id: string;
  /** Delete only if the stored version equals this. A conditional delete is never retried. */
  readonly ifVersion?: number;
}

/** What happened to one item of a write. */
export type ItemStatus = 'upserted' | 'deleted' | 'not_found' | 'condition_failed' | 'accepted' | 'unspecified';

/** The outcome of one item of a write, in request order. */
export interface ItemResult {
  readonly id: string;
  readonly status: ItemStatus;
  /** `upserted`: the new version; `condition_failed`: the current version (0 = absent). */
  readonly version: number;
}

/** The outcome of an upsert. */
export interface UpsertResult {
  /** Items written (with `ack: 'async'` this is 0 and the items are `accepted`). */
  readonly upserted: number;
  /** Items accepted by an `async` write, applied later. */
  readonly accepted: number;
  readonly results: readonly ItemResult[];
  /** The Raft index of the write. */
  readonly index: number;
}

/** The outcome of a delete. */
export interface DeleteResult {
  readonly deleted: number;
  readonly results: readonly ItemResult[];
  readonly index: number;
}

/** Options of `get`. */
export interface GetOptions extends ReadOptions {
  /** Return vectors (default true). */
  readonly withVectors?: boolean;
}

/** A stored record. */
export interface StoredRecord {
  readonly id: string;
  /** Absent when `withVectors: false`. */
  readonly vector?: Float32Array;
  readonly payload: JsonObject;
  /** The Raft index that last wrote it. */
  readonly version: number;
}

/** The outcome of `get`: the records found, in request order, and the ids not found. */
export interface GetResult {
  readonly records: readonly StoredRecord[];
  readonly missing: readonly string[];
}

/** Options of `search`. */
export interface SearchOptions extends ReadOptions {
  /** Number of hits (default 10). */
  readonly k?: number;
  /** HNSW ef (default: the collection's). */
  readonly ef?: number;
  /**
   * Payload filter, after Qdrant: `{"must": [...], "should": [...], "must_not": [...]}` of
   * `{"key", "match": {"value"} | {"any": [...]}}` and `{"key", "range": {"gt"|"gte"|"lt"|"lte"}}`.
   */
  readonly filter?: JsonObject;
  /** Return payloads (default true). */
  readonly withPayload?: boolean;
  /** Return vectors (default false). */
  readonly withVector?: boolean;
  /**
   * Answer from the shards that can when some cannot, instead of failing (default false).
   * `searchWithDetails` tells which shards are missing.
   */
  readonly allowPartial?: boolean;
}

/** A shard that did not answer a search with `allowPartial`. */
export interface MissingShard {
  readonly shard: number;
  readonly groupId: number;
  readonly reason: string;
}

/** A search's hits and, with `allowPartial`, the shards that did not answer. */
export interface SearchResult {
  readonly hits: readonly SearchHit[];
  readonly missingShards: readonly MissingShard[];
}

/** One search hit; `score` is the distance, smallest first. */
export interface SearchHit {
  readonly id: string;
  readonly score: number;
  /** Present unless `withPayload: false`. */
  readonly payload?: JsonObject;
  /** Present with `withVector: true`. */
  readonly vector?: Float32Array;
}

/** A node in `clusterStatus` (DESIGN.md §8 `cluster status --json`). */
export interface NodeStatus {
  readonly id: number;
  readonly clientAddress: string;
  readonly peerAddress: string;
  readonly zone: string;
  /** `up`, `suspect`, `down`, `draining` or `removed`. */
  readonly state: string;
  /** Groups this node is a member of. */
  readonly replicas: number;
  /** Groups this node leads. */
  readonly leaders: number;
}

/** A Raft group in `clusterStatus` (DESIGN.md §8 `cluster status --json`). */
export interface GroupStatus {
  readonly id: number;
  /** `""` for the meta group. */
  readonly collection: string;
  /** The ids the group serves, readable (`*` = all; `""` for the meta group). */
  readonly range: string;
  /** The range id within its collection, and the range's epoch. */
  readonly shard: number;
  readonly epoch: number;
  /** Voters its collection asks for. */
  readonly replicationFactor: number;
  /** Empty when healthy; else any of `leaderless`, `under-replicated`, `lagging`, `pending-operator`. */
  readonly problems: readonly string[];
  /** 0 = unknown. */
  readonly leader: number;
  readonly voters: readonly number[];
  readonly learners: readonly number[];
  readonly commitIndex: number;
  readonly appliedIndex: number;
  /** Per follower node id: entries behind the leader's last index. */
  readonly lagEntries: Readonly<Record<string, number>>;
  /** Per follower node id: ms since it last matched the leader's last index. */
  readonly lagMs: Readonly<Record<string, number>>;
  readonly term: number;
}

/** The cluster as the meta group's leader sees it. */
export interface ClusterStatus {
  readonly nodes: readonly NodeStatus[];
  readonly groups: readonly GroupStatus[];
  readonly metaGroupId: number;
}

/** What an operator can ask of a node. */
export type NodeAdminState = 'active' | 'draining' | 'removed';

/** An operator of the coordinator under way (`operators`). */
export interface OperatorInfo {
  readonly id: number;
  /** `add-replica`, `remove-replica`, `move-replica`, `transfer-leader` or `split`. */
  readonly kind: string;
  readonly groupId: number;
  /** add-replica, remove-replica: the node. */
  readonly node?: number;
  /** move-replica, transfer-leader: from and to. */
  readonly from?: number;
  readonly to?: number;
  readonly step: string;
  readonly startedAtMs: number;
}

/** The coordinator's operators under way, and how many its latest planning round started. */
export interface OperatorsStatus {
  readonly operators: readonly OperatorInfo[];
  /** 0 once the cluster is balanced and whole. */
  readonly planned: number;
}

/** A group's membership after `addNode` / `removeNode`. */
export interface GroupMembership {
  readonly voters: readonly number[];
  readonly learners: readonly number[];
}

/** Options of `upsertAll`. */
export interface UpsertAllOptions extends WriteOptions {
  /** Records per request (default 256). */
  readonly batchSize?: number;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Called after each acknowledged batch with the number of records acknowledged so far. */
  readonly onProgress?: (acknowledged: number) => void;
}

/** The outcome of `upsertAll`. */
export interface UpsertAllResult {
  /** Records read from the input and acknowledged. */
  readonly records: number;
  /** Sum of `upserted` over the batches. */
  readonly upserted: number;
  /** Sum of `accepted` over the batches (`ack: 'async'`). */
  readonly accepted: number;
  /** Requests sent. */
  readonly batches: number;
}
