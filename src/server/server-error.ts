import { status as GrpcStatus } from '@grpc/grpc-js';
import type { NodeId } from '../raft/index.js';

/** The gRPC statuses the node answers with, by name. */
export type StatusName = keyof typeof GrpcStatus;

/**
 * An error the node answers a request with: a gRPC status, a message that names the field at
 * fault, and the facts a client acts on (outcome unknown; who leads).
 */
export class ServerError extends Error {
  readonly code: StatusName;
  readonly field: string | undefined;
  /** A write that may or may not have taken effect. */
  readonly outcomeUnknown: boolean;
  /** A replica that is not the leader names the leader it knows (0 = none). */
  readonly leaderHint: NodeId;
  /** Worth retrying elsewhere or later inside the request's deadline (nothing was done). */
  readonly retryable: boolean;

  constructor(code: StatusName, message: string, options: { field?: string; outcomeUnknown?: boolean; leaderHint?: NodeId; retryable?: boolean } = {}) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.field = options.field;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.leaderHint = options.leaderHint ?? 0;
    this.retryable = options.retryable ?? false;
  }

  get grpcCode(): number {
    return GrpcStatus[this.code];
  }
}
