import {
  BOOTSTRAP_INDEX, BOOTSTRAP_TERM, NONE,
  type ConfState, type Entry, type HardState, type Snapshot, type Storage,
} from '../../raft/index.js';
import type { GroupCommitStats } from './group-commit-writer.js';
import type { GroupId } from './key-layout.js';
import type { LogCorruptionError } from './log-errors.js';
import type { ApplyState } from './record-codec.js';

export type { ApplyState } from './record-codec.js';
export type { GroupId } from './key-layout.js';

/**
 * What one Ready asks a host to persist for one group (docs/raft-api.md, host rule 3), plus the
 * membership the host recorded while applying (rule 5). Applied in this order, atomically:
 * `snapshot`, then `entries`, then `hardState`, then `applyState`.
 */
export interface GroupWrite {
  /**
   * Ready.snapshot: replaces the whole log by the snapshot (every stored entry is deleted), and
   * records the snapshot's membership as applied at its index. Refused (StorageError COMPACTED)
   * unless newer than the stored snapshot.
   */
  readonly snapshot?: Snapshot | null;
  /**
   * Ready.entries, contiguous and ascending: appended, replacing every stored entry at or after
   * the first one's index (also those beyond the new last index). Entries at or before the
   * compacted prefix are skipped. Refused (StorageError UNAVAILABLE) if they leave a gap.
   */
  readonly entries?: readonly Entry[];
  readonly hardState?: HardState | null;
  /** The conf state returned by `applyConfChange`, with the index the host applied it at. */
  readonly applyState?: ApplyState | null;
}

/**
 * The durable Raft state of every group on a node, and each group's read view for the core.
 *
 * Durability and visibility: every mutating call returns a promise that resolves only after its
 * write is durable (a synced write). A group's {@link storage} view changes only then, so the
 * core never reads an entry that a crash could take back. Writes submitted in the same
 * event-loop turn (and while a batch is being synced) are committed together in one synced batch
 * (group commit). The writes of one group are applied in submission order.
 *
 * Crash: writes not yet flushed when {@link crash} is called are lost (their promises reject
 * with LogWriteError CRASHED); writes whose promise resolved survive a reopen.
 *
 * Corruption: a group whose stored records fail verification when the store is opened is
 * stopped: {@link storage} and every write for it throw/reject with its
 * {@link LogCorruptionError}, and {@link corruptions} lists it. Other groups are unaffected.
 */
export interface LogStorage {
  /**
   * The core's view of `group` (always the same object until the group is dropped). A group
   * with nothing stored reads as an empty log: firstIndex 1, lastIndex 0, zero hard state.
   * Throws the group's LogCorruptionError if it is stopped.
   */
  storage(group: GroupId): Storage;
  /** Groups with durable state, ascending. */
  groups(): readonly GroupId[];
  /** The applied index and membership last recorded for `group` ({0, empty} if none). */
  applyState(group: GroupId): ApplyState;
  /** Persists what one Ready asks for (see {@link GroupWrite}). */
  write(group: GroupId, write: GroupWrite): Promise<void>;
  /**
   * Records a snapshot of the state machine at `index` (≤ lastIndex, newer than the stored
   * snapshot), as MemoryStorage.createSnapshot. Entries stay until {@link compact}.
   */
  createSnapshot(group: GroupId, index: number, confState: ConfState, data: Uint8Array): Promise<Snapshot>;
  /**
   * Discards entries up to and including `index`, which must be covered by the stored snapshot
   * (index ≤ snapshot index), so a lagging follower can always be caught up. A no-op for an
   * index already compacted.
   */
  compact(group: GroupId, index: number): Promise<void>;
  /** Deletes everything stored for `group` (the replica was removed). Views handed out before are stale. */
  dropGroup(group: GroupId): Promise<void>;
  /** Groups stopped by corruption found when opening. */
  corruptions(): readonly LogCorruptionError[];
  /**
   * Resolves when `write` (after a QUEUE_FULL refusal) would be accepted: the queue has room for
   * its size. Without a write, when the queue is below its bounds at all.
   */
  whenWritable(write?: GroupWrite): Promise<void>;
  stats(): GroupCommitStats;
  /** Flushes every queued write, then releases the store. */
  close(): Promise<void>;
  /** Simulates a process crash: queued, unflushed writes are dropped; the store is released. */
  crash(): Promise<void>;
}

/**
 * The write that founds a new group with membership `confState` (same state as
 * MemoryStorage.bootstrap): a snapshot at BOOTSTRAP_INDEX/BOOTSTRAP_TERM and hard state
 * {term BOOTSTRAP_TERM, vote none, commit BOOTSTRAP_INDEX}.
 */
export function bootstrapWrite(confState: ConfState, data: Uint8Array = new Uint8Array()): GroupWrite {
  return {
    snapshot: { metadata: { index: BOOTSTRAP_INDEX, term: BOOTSTRAP_TERM, confState }, data },
    hardState: { term: BOOTSTRAP_TERM, vote: NONE, commit: BOOTSTRAP_INDEX },
  };
}
