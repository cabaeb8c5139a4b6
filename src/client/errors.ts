import * as grpc from '@grpc/grpc-js';
import { FIELD_METADATA_KEY, OUTCOME_METADATA_KEY, OUTCOME_UNKNOWN, RETRYABLE_METADATA_KEY } from '../wire/metadata.js';
import { transportNeverSent } from '../wire/transport-errors.js';

/** The gRPC status names (`grpc.status` without the numbers). */
export type StatusName =
  | 'OK' | 'CANCELLED' | 'UNKNOWN' | 'INVALID_ARGUMENT' | 'DEADLINE_EXCEEDED' | 'NOT_FOUND'
  | 'ALREADY_EXISTS' | 'PERMISSION_DENIED' | 'RESOURCE_EXHAUSTED' | 'FAILED_PRECONDITION' | 'ABORTED'
  | 'OUT_OF_RANGE' | 'UNIMPLEMENTED' | 'INTERNAL' | 'UNAVAILABLE' | 'DATA_LOSS' | 'UNAUTHENTICATED';

/** The name of a gRPC status code (`UNKNOWN` for a number gRPC does not define). */
export function statusName(code: number): StatusName {
  const name = (grpc.status as unknown as Record<number, string | undefined>)[code];
  return (name ?? 'UNKNOWN') as StatusName;
}

/** What a `VectorStudioError` is made of. */
export interface VectorStudioErrorInit {
  readonly grpcCode: number;
  readonly details: string;
  readonly field?: string;
  readonly outcomeUnknown?: boolean;
  readonly endpoint?: string;
  readonly itemIndex?: number;
  readonly cause?: unknown;
}

/**
 * Every failure of the client SDK: a gRPC status from the cluster, or one the client made itself
 * (`DEADLINE_EXCEEDED`, `UNAVAILABLE` when no endpoint answers, `INVALID_ARGUMENT` for input it
 * cannot send, `CANCELLED` after `close()`). The message is `CODE: details`, the line the CLI
 * prints.
 */
export class VectorStudioError extends Error {
  /** The gRPC status name, e.g. `INVALID_ARGUMENT`. */
  readonly code: StatusName;
  /** The gRPC status number. */
  readonly grpcCode: number;
  /** The status details, without the code. */
  readonly details: string;
  /** The request field at fault (`vstudio-field`), e.g. `items[3].record.vector`. */
  readonly field: string | undefined;
  /**
   * A write failed in a way that leaves its outcome unknown: it may or may not have been applied
   * (DESIGN.md §1). Upserts are idempotent by id, so retrying one is safe.
   */
  readonly outcomeUnknown: boolean;
  /** The endpoint that answered last, when there was one. */
  readonly endpoint: string | undefined;
  /**
   * Index, in the caller's input, of the item at fault when `field` names one (`items[i]` or
   * `ids[i]`); for `upsertAll`, counted from the first record of the whole input.
   */
  readonly itemIndex: number | undefined;

  constructor(init: VectorStudioErrorInit) {
    const code = statusName(init.grpcCode);
    super(`${code}: ${init.details}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'VectorStudioError';
    this.code = code;
    this.grpcCode = init.grpcCode;
    this.details = init.details;
    this.field = init.field;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.endpoint = init.endpoint;
    this.itemIndex = init.itemIndex ?? itemIndexOfField(init.field);
  }

  /** The same error with `itemIndex` shifted by `offset` (a batch's place in a larger input). */
  withItemOffset(offset: number): VectorStudioError {
    if (this.itemIndex === undefined || offset === 0) return this;
    return new VectorStudioError({
      grpcCode: this.grpcCode, details: this.details, field: this.field, outcomeUnknown: this.outcomeUnknown,
      endpoint: this.endpoint, itemIndex: this.itemIndex + offset, cause: this.cause,
    });
  }

  /** The same error, marked as a write of unknown outcome. */
  withOutcomeUnknown(): VectorStudioError {
    if (this.outcomeUnknown) return this;
    return new VectorStudioError({
      grpcCode: this.grpcCode, details: this.details, field: this.field, outcomeUnknown: true,
      endpoint: this.endpoint, itemIndex: this.itemIndex, cause: this.cause,
    });
  }
}

/** `items[3].record.vector` → 3; `ids[0]` → 0; anything else → undefined. */
export function itemIndexOfField(field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const m = /^(?:items|ids)\[(\d+)\]/.exec(field);
  return m === null ? undefined : Number(m[1]);
}

/** The first value of a metadata key as a string, if any. */
export function metadataString(metadata: grpc.Metadata | undefined, key: string): string | undefined {
  const v = metadata?.get(key)[0];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v.toString('utf8');
}


/** Whether an attempt provably did nothing: it never left (no connection), or the server said so. */
export function attemptDidNothing(code: number, details: string, metadata: grpc.Metadata | undefined): boolean {
  if (metadataString(metadata, RETRYABLE_METADATA_KEY) === '1') return true;
  return code === grpc.status.UNAVAILABLE && transportNeverSent(details);
}

/** Whether the server said, in its trailers, that a write's outcome is unknown. */
export function serverSaysOutcomeUnknown(metadata: grpc.Metadata | undefined): boolean {
  return metadataString(metadata, OUTCOME_METADATA_KEY) === OUTCOME_UNKNOWN;
}

/**
 * Whether a failed attempt of a write may nevertheless have been applied:
 * - the server said so (`vstudio-outcome: unknown`);
 * - the client's deadline expired while the request may have been in flight;
 * - the transport failed after the request may have left (a dropped connection, a reset stream):
 *   an `UNAVAILABLE` that carries no `vstudio-*` trailer. A server's own `UNAVAILABLE` without
 *   the outcome trailer means the write did not happen; an attempt that did nothing
 *   (`attemptDidNothing`) is never unknown.
 */
export function attemptOutcomeUnknown(code: number, details: string, metadata: grpc.Metadata | undefined): boolean {
  if (serverSaysOutcomeUnknown(metadata)) return true;
  if (attemptDidNothing(code, details, metadata)) return false;
  if (code === grpc.status.DEADLINE_EXCEEDED) return true;
  if (code !== grpc.status.UNAVAILABLE) return false;
  const fromServer = Object.keys(metadata?.getMap() ?? {}).some((k) => k.startsWith('vstudio-'));
  return !fromServer;
}

/** grpc-js's "No connection established. Last error: Error: connect ECONNREFUSED ... Resolution note: " made short. */
function readableDetails(code: number, details: string, endpoint: string): string {
  if (details === '') return statusName(code).toLowerCase().replace(/_/g, ' ');
  const m = /No connection established\. Last error: (?:Error: )?(.*?)\.?(?: Resolution note:.*)?$/s.exec(details);
  if (m !== null) return `cannot connect to ${endpoint}: ${m[1]}`;
  return details;
}

/** A `VectorStudioError` from a failed gRPC call. */
export function errorFromServiceError(
  err: grpc.ServiceError, metadata: grpc.Metadata | undefined, endpoint: string, outcomeUnknown: boolean,
): VectorStudioError {
  return new VectorStudioError({
    grpcCode: err.code,
    details: readableDetails(err.code, err.details, endpoint),
    field: metadataString(metadata, FIELD_METADATA_KEY),
    outcomeUnknown,
    endpoint,
    cause: err,
  });
}
