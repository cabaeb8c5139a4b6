import { RaftContractError, StorageError, type Entry } from '../../raft/index.js';
import type { GroupWrite } from './log-storage.js';

/**
 * The checks every LogStorage makes before it queues anything of a write, so that a refused write
 * changes nothing (a write is all or nothing) and the in-memory and LevelDB stores refuse the
 * same writes with the same codes (MemoryStorage's).
 */

/** What the checks need to know of a group's log. */
export interface LogShape {
  readonly snapshotIndex: number;
  /** The last compacted index: the log holds (truncatedIndex, lastIndex]. */
  readonly truncatedIndex: number;
  readonly lastIndex: number;
}

export function checkGroupWrite(shape: LogShape, w: GroupWrite): void {
  let { truncatedIndex, lastIndex } = shape;
  if (w.snapshot) {
    const { index } = w.snapshot.metadata;
    if (index <= shape.snapshotIndex) {
      throw new StorageError('COMPACTED', `snapshot at ${index} is older than the stored one at ${shape.snapshotIndex}`);
    }
    truncatedIndex = index;
    lastIndex = index;
  }
  const ents = w.entries ?? [];
  checkContiguous(ents);
  const first = ents[0];
  const last = ents[ents.length - 1];
  if (first !== undefined && last !== undefined && last.index > truncatedIndex && first.index > lastIndex + 1) {
    throw new StorageError('UNAVAILABLE', `append at ${first.index} leaves a gap after ${lastIndex}`);
  }
}

/** Entries of one append must be ascending without holes: anything else is a host bug. */
function checkContiguous(ents: readonly Entry[]): void {
  for (let i = 1; i < ents.length; i++) {
    if (ents[i]!.index !== ents[0]!.index + i) {
      throw new RaftContractError(`entries to append are not contiguous: ${ents[i - 1]!.index} then ${ents[i]!.index}`);
    }
  }
}

export function checkCreateSnapshot(shape: LogShape, index: number): void {
  if (index <= shape.snapshotIndex) {
    throw new StorageError('COMPACTED', `snapshot at ${index} is not newer than the stored one at ${shape.snapshotIndex}`);
  }
  if (index > shape.lastIndex) {
    throw new StorageError('UNAVAILABLE', `snapshot at ${index} is past the last index ${shape.lastIndex}`);
  }
}

/** True when compact(index) has something to do; throws when it must be refused. */
export function checkCompact(shape: LogShape, index: number): boolean {
  if (index <= shape.truncatedIndex) return false;
  if (index > shape.lastIndex) {
    throw new StorageError('UNAVAILABLE', `compact(${index}) is past the last index ${shape.lastIndex}`);
  }
  // Compacting past the snapshot would leave entries that neither the log nor the snapshot
  // holds: a follower that needs them could never be caught up.
  if (index > shape.snapshotIndex) {
    throw new StorageError('UNAVAILABLE', `compact(${index}) is past the snapshot at ${shape.snapshotIndex}`);
  }
  return true;
}
