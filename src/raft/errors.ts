import type { NodeId } from './types.js';

/**
 * Why the core refused a request. These are results, not exceptions: a refused request leaves
 * the state machine exactly as it was.
 */
export type RaftRefusal =
  | { readonly code: 'NOT_LEADER'; readonly leader: NodeId; readonly message: string }
  | { readonly code: 'NO_LEADER'; readonly message: string }
  | { readonly code: 'TRANSFER_IN_PROGRESS'; readonly transferee: NodeId; readonly message: string }
  | { readonly code: 'CONF_CHANGE_PENDING'; readonly pendingIndex: number; readonly message: string }
  | { readonly code: 'INVALID_CONF_CHANGE'; readonly message: string }
  | { readonly code: 'UNCOMMITTED_LOG_FULL'; readonly limitBytes: number; readonly message: string }
  | { readonly code: 'LEASE_UNAVAILABLE'; readonly message: string }
  | { readonly code: 'INVALID_TARGET'; readonly message: string };

export type RaftRefusalCode = RaftRefusal['code'];

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | { readonly ok: false; readonly error: RaftRefusal };

export type RequestResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: RaftRefusal };

/** Codes a {@link Storage} implementation throws with {@link StorageError}. */
export type StorageErrorCode =
  /** The requested index is before the first retained entry. */
  | 'COMPACTED'
  /** The requested index is after the last entry. */
  | 'UNAVAILABLE'
  /** A snapshot is being produced; the leader retries later. */
  | 'SNAPSHOT_TEMPORARILY_UNAVAILABLE'
  /** A stored entry failed its checksum. Never applied; the group stops. */
  | 'CORRUPTION';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'StorageError';
    this.code = code;
  }
}

/**
 * The host broke the core's contract (for example called `ready()` twice without `advance()`).
 * This is a programming error in the host, thrown before any state is touched.
 */
export class RaftContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RaftContractError';
  }
}

/** An invariant of the core does not hold; continuing could corrupt the replicated log. */
export class RaftInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RaftInvariantError';
  }
}
