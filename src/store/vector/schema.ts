/**
 * The collection schema and the records a shard stores, with every size limit in one place
 * (STYLE.md: a bound on every batch, named with its unit).
 */
import { VectorStoreError } from './errors.js';

/**
 * Distance metric. The reported distance follows hnswlib's conventions so that a shard's
 * numbers mean the same thing as the index's own (smaller is always closer):
 * - `l2`: squared Euclidean distance, Σ (q_i − v_i)² (no square root);
 * - `ip`: 1 − Σ q_i·v_i (may be negative);
 * - `cosine`: 1 − cos(q, v), in [0, 2]; a zero vector has distance 1 to everything.
 */
export type Metric = 'l2' | 'cosine' | 'ip';

export const METRICS: readonly Metric[] = ['l2', 'cosine', 'ip'];

/** HNSW construction and default search parameters. */
export interface HnswParams {
  /** Links per node (hnswlib `M`). */
  readonly m: number;
  /** Candidate list size while inserting (hnswlib `ef_construction`). */
  readonly efConstruction: number;
  /** Default candidate list size while searching, when a request names none. */
  readonly ef: number;
}

export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 16, efConstruction: 200, ef: 64 };

/** A collection's schema as one shard sees it. Immutable once the shard has data. */
export interface CollectionSchema {
  /** Collection name, used in error messages (`collection "demo" expects 8`). */
  readonly name: string;
  readonly dimension: number;
  readonly metric: Metric;
  readonly hnsw: HnswParams;
}

/** What a caller supplies; missing fields take the defaults. */
export interface CollectionSchemaInput {
  readonly name: string;
  readonly dimension: number;
  readonly metric?: Metric;
  readonly hnsw?: Partial<HnswParams>;
}

// ---- limits -------------------------------------------------------------------------------

/** A collection name: 1-128 letters, digits, `_`, `.`, `-`, starting with a letter or digit. */
export const COLLECTION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Ids are UTF-8 strings of 1..256 bytes: long enough for UUIDs and paths, short enough for keys. */
export const MAX_ID_BYTES = 256;
/** A payload's JSON encoding is at most 64 KiB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Nesting depth of a payload; bounds the recursion of validation and filter evaluation. */
export const MAX_PAYLOAD_DEPTH = 32;
/** Widest vector a collection may declare. */
export const MAX_DIMENSION = 65_536;
/** Records (or ids) in one upsert/delete batch. */
export const MAX_BATCH_RECORDS = 1024;
/**
 * Encoded bytes of one batch command. A command is one Raft entry; Raft sends up to 1 MiB of
 * entries per message, so a batch of at most 4 MiB still travels alone in one message.
 */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Largest `k` of one search. */
export const MAX_SEARCH_K = 1024;
/** Largest `ef` of one search. */
export const MAX_SEARCH_EF = 16_384;
/** Largest page of one scan. */
export const MAX_SCAN_LIMIT = 1024;
const MAX_HNSW_M = 128;
const MAX_EF_CONSTRUCTION = 4096;

// ---- records ------------------------------------------------------------------------------

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A stored record, as `get`, `scan` and search (with `withVector`/`withPayload`) return it. */
export interface VectorRecord {
  /** UTF-8 string of 1..{@link MAX_ID_BYTES} bytes. */
  readonly id: string;
  /** Exactly `dimension` finite float32 values. */
  readonly vector: Float32Array;
  readonly payload: JsonObject;
  /** The Raft index of the command that last wrote this record. */
  readonly version: number;
}

/** A record as a client submits it, before validation. */
export interface RecordInput {
  readonly id: string;
  readonly vector: ArrayLike<number>;
  readonly payload?: JsonObject;
}

/** Validates a schema input and fills in defaults. Throws `INVALID_SCHEMA`. */
export function defineSchema(input: CollectionSchemaInput): CollectionSchema {
  const fail = (field: string, why: string): never => {
    throw new VectorStoreError('INVALID_SCHEMA', `${field} ${why}`, field);
  };
  if (typeof input.name !== 'string' || input.name.length === 0) fail('name', 'must be a non-empty string');
  if (!Number.isInteger(input.dimension) || input.dimension < 1 || input.dimension > MAX_DIMENSION) {
    fail('dimension', `must be an integer in 1..${MAX_DIMENSION}, got ${String(input.dimension)}`);
  }
  const metric = input.metric ?? 'l2';
  if (!METRICS.includes(metric)) fail('metric', `must be one of ${METRICS.join(', ')}, got ${String(metric)}`);
  const hnsw: HnswParams = { ...DEFAULT_HNSW_PARAMS, ...input.hnsw };
  if (!Number.isInteger(hnsw.m) || hnsw.m < 2 || hnsw.m > MAX_HNSW_M) fail('hnsw.m', `must be an integer in 2..${MAX_HNSW_M}`);
  if (!Number.isInteger(hnsw.efConstruction) || hnsw.efConstruction < 1 || hnsw.efConstruction > MAX_EF_CONSTRUCTION) {
    fail('hnsw.efConstruction', `must be an integer in 1..${MAX_EF_CONSTRUCTION}`);
  }
  if (!Number.isInteger(hnsw.ef) || hnsw.ef < 1 || hnsw.ef > MAX_SEARCH_EF) fail('hnsw.ef', `must be an integer in 1..${MAX_SEARCH_EF}`);
  return Object.freeze({ name: input.name, dimension: input.dimension, metric, hnsw: Object.freeze(hnsw) });
}
