/**
 * Typed errors of the vector state machine. Every error carries a stable `code` (what tests,
 * logs and the server match on) and the gRPC status name the server maps it to at the edge
 * (STYLE.md: "errors are typed with stable codes and mapped to gRPC status codes at the edge").
 */

/** The gRPC status names this layer can produce. The server turns them into real status codes. */
export type GrpcStatusName =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'DATA_LOSS'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** Stable codes; never rename one (clients and logs match on them), only add. */
export type VectorErrorCode =
  /** The collection schema itself is invalid (dimension, metric, HNSW parameters). */
  | 'INVALID_SCHEMA'
  /** An id is empty, too long, not a string or not well-formed Unicode. */
  | 'INVALID_ID'
  /** A vector has the wrong dimension or a NaN/Inf component. */
  | 'INVALID_VECTOR'
  /** A payload is not a JSON object, holds a non-JSON value or is too large. */
  | 'INVALID_PAYLOAD'
  /** A conditional version is not a non-negative safe integer. */
  | 'INVALID_VERSION'
  /** A batch has too many records or too many bytes. */
  | 'BATCH_TOO_LARGE'
  /** A search request is malformed (k, ef, query vector). */
  | 'INVALID_SEARCH'
  /** A payload filter is malformed. */
  | 'INVALID_FILTER'
  /** A scan page token was not produced by this store, or its limit is out of range. */
  | 'INVALID_SCAN'
  /** A write reached a shard frozen for a reshard: nothing was written; retry once the map changed. */
  | 'SHARD_FROZEN'
  /** A command's bytes do not decode. Applied as a deterministic no-op, never half-applied. */
  | 'COMMAND_CORRUPT'
  /** An apply index did not increase, or the store is used after close. */
  | 'STATE_MACHINE_MISUSE'
  /** The stored schema differs from the one the state machine was opened with. */
  | 'SCHEMA_MISMATCH'
  /** A snapshot chunk failed its CRC32C, arrived out of order, or its content is malformed. */
  | 'SNAPSHOT_CORRUPT'
  /** A snapshot stream ended before its final chunk. */
  | 'SNAPSHOT_INCOMPLETE'
  /** A stored record failed to decode: the database is damaged. */
  | 'STORAGE_CORRUPT';

const grpcStatusOf: Readonly<Record<VectorErrorCode, GrpcStatusName>> = {
  INVALID_SCHEMA: 'INVALID_ARGUMENT',
  INVALID_ID: 'INVALID_ARGUMENT',
  INVALID_VECTOR: 'INVALID_ARGUMENT',
  INVALID_PAYLOAD: 'INVALID_ARGUMENT',
  INVALID_VERSION: 'INVALID_ARGUMENT',
  BATCH_TOO_LARGE: 'INVALID_ARGUMENT',
  INVALID_SEARCH: 'INVALID_ARGUMENT',
  INVALID_FILTER: 'INVALID_ARGUMENT',
  INVALID_SCAN: 'INVALID_ARGUMENT',
  SHARD_FROZEN: 'UNAVAILABLE',
  COMMAND_CORRUPT: 'INTERNAL',
  STATE_MACHINE_MISUSE: 'FAILED_PRECONDITION',
  SCHEMA_MISMATCH: 'FAILED_PRECONDITION',
  SNAPSHOT_CORRUPT: 'DATA_LOSS',
  SNAPSHOT_INCOMPLETE: 'DATA_LOSS',
  STORAGE_CORRUPT: 'DATA_LOSS',
};

/**
 * An error of the vector store. `message` is the text users see after the status name, e.g.
 * `vector has 7 dimensions, collection "demo" expects 8`; `field` names the offending input
 * (`records[3].vector`) when there is one.
 */
export class VectorStoreError extends Error {
  readonly code: VectorErrorCode;
  readonly grpcStatus: GrpcStatusName;
  readonly field: string | undefined;

  constructor(code: VectorErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'VectorStoreError';
    this.code = code;
    this.grpcStatus = grpcStatusOf[code];
    this.field = field;
  }

  /** The one-line form the CLI prints: `INVALID_ARGUMENT: vector has 7 dimensions, ...`. */
  toStatusLine(): string {
    return `${this.grpcStatus}: ${this.message}`;
  }
}

export function isVectorStoreError(e: unknown, code?: VectorErrorCode): e is VectorStoreError {
  return e instanceof VectorStoreError && (code === undefined || e.code === code);
}
