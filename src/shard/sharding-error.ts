/**
 * Typed errors of the sharding strategies. Every error carries a stable `code` (what tests, logs
 * and the server match on), the gRPC status name the server maps it to at the edge, and the
 * field at fault (`ranges[3].start`, `atKey`) when there is one.
 */

/** The gRPC status names this layer can produce. The server turns them into real status codes. */
export type ShardingGrpcStatus = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'FAILED_PRECONDITION';

/** Stable codes; never rename one (clients and logs match on them), only add. */
export type ShardingErrorCode =
  /** A sharding description (stored or untrusted JSON) is malformed; `field` names the culprit. */
  | 'INVALID_DESCRIPTION'
  /** The options a collection is created with (`--sharding`, shard count, split keys) are invalid. */
  | 'INVALID_OPTIONS'
  /** An operation names a range the description does not have. */
  | 'RANGE_NOT_FOUND'
  /** A split key is not inside the range it should split (or at its start), or is not a valid key. */
  | 'INVALID_SPLIT_KEY'
  /** The change would take the collection past a limit on ranges or ring positions. */
  | 'TOO_MANY_RANGES';

const grpcStatusOf: Readonly<Record<ShardingErrorCode, ShardingGrpcStatus>> = {
  INVALID_DESCRIPTION: 'INVALID_ARGUMENT',
  INVALID_OPTIONS: 'INVALID_ARGUMENT',
  RANGE_NOT_FOUND: 'NOT_FOUND',
  INVALID_SPLIT_KEY: 'INVALID_ARGUMENT',
  // Not RESOURCE_EXHAUSTED: the client retries that, and a limit does not go away by waiting.
  TOO_MANY_RANGES: 'FAILED_PRECONDITION',
};

/**
 * An error of a sharding strategy. `message` names the field and says what is wrong, e.g.
 * `ranges[2].start must sort after ranges[1].start ("m") in UTF-8 byte order`.
 */
export class ShardingError extends Error {
  readonly code: ShardingErrorCode;
  readonly grpcStatus: ShardingGrpcStatus;
  readonly field: string | undefined;

  constructor(code: ShardingErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ShardingError';
    this.code = code;
    this.grpcStatus = grpcStatusOf[code];
    this.field = field;
  }

  /** The one-line form the CLI prints: `INVALID_ARGUMENT: ranges[2].epoch must be ...`. */
  toStatusLine(): string {
    return `${this.grpcStatus}: ${this.message}`;
  }
}

export function isShardingError(e: unknown, code?: ShardingErrorCode): e is ShardingError {
  return e instanceof ShardingError && (code === undefined || e.code === code);
}
