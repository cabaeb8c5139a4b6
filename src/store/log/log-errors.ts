import { StorageError } from '../../raft/index.js';
import type { GroupId } from './key-layout.js';

/** Which stored record of a group failed verification. */
export type LogRecordName =
  | 'entry' | 'hard-state' | 'apply-state' | 'truncated-state' | 'snapshot-meta' | 'snapshot-data' | 'key';

/**
 * A stored record of a group failed its checksum or does not fit the layout (a missing entry in
 * the middle of the log, an entry whose value names another index, an unknown key). It is a
 * {@link StorageError} with code CORRUPTION, so the Raft core and hosts that only know the core's
 * error types still see the right code. The group it names is stopped: its log is never read
 * from, written to or applied until an operator repairs or drops it.
 */
export class LogCorruptionError extends StorageError {
  readonly group: GroupId;
  /** Hex of the LevelDB key (or the in-memory equivalent) that failed. */
  readonly key: string;
  /** The entry index, for entry records; null for the group's other records. */
  readonly index: number | null;
  readonly record: LogRecordName;

  constructor(group: GroupId, record: LogRecordName, key: string, index: number | null, detail: string) {
    const at = index === null ? record : `${record} ${index}`;
    super('CORRUPTION', `group ${group} ${at} (key ${key}): ${detail}`);
    this.name = 'LogCorruptionError';
    this.group = group;
    this.key = key;
    this.index = index;
    this.record = record;
  }
}

/** Why the group-commit writer refused or failed a write. */
export type LogWriteErrorCode =
  /**
   * The writer's queue is at its bound (bytes or writes). Nothing was queued; wait for
   * `whenWritable()` and submit again. This is the push-back that keeps memory bounded when the
   * disk is slower than the proposers.
   */
  | 'QUEUE_FULL'
  /** The store was closed; nothing further is written. */
  | 'CLOSED'
  /** The store crashed (a test's crash()) before this write was flushed: it is not durable. */
  | 'CRASHED'
  /**
   * A synced batch failed. What reached the disk is unknown, so the store refuses every later
   * write (as etcd's WAL does) and must be reopened, which re-reads and re-verifies the disk.
   */
  | 'WRITE_FAILED'
  /** The group is stopped by a corruption (see `cause`). */
  | 'GROUP_STOPPED';

export class LogWriteError extends Error {
  readonly code: LogWriteErrorCode;
  constructor(code: LogWriteErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'LogWriteError';
    this.code = code;
  }
}
