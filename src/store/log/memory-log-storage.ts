import { MemoryStorage, type ConfState, type Snapshot, type Storage } from '../../raft/index.js';
import {
  GroupCommitWriter, type GroupCommitLimits, type GroupCommitStats, type PreparedWrite,
} from './group-commit-writer.js';
import { EMPTY_APPLY_STATE } from './group-log.js';
import type { GroupId } from './key-layout.js';
import type { LogCorruptionError } from './log-errors.js';
import type { GroupWrite, LogStorage } from './log-storage.js';
import type { ApplyState } from './record-codec.js';
import { checkCompact, checkCreateSnapshot, checkGroupWrite, type LogShape } from './write-validation.js';

/**
 * The simulated disk of a {@link MemoryLogStorage}: what survives a crash. Each group's durable
 * log is a MemoryStorage, the simulator's durable log, so a store opened on a disk hands the core
 * the very objects the simulator inspects.
 */
export class MemoryLogDisk {
  readonly groups = new Map<GroupId, { readonly storage: MemoryStorage; applied: number }>();
}

/** One "synced batch" of the in-memory store: one marker per write it carries. */
type MemoryOp = GroupId;

/**
 * The in-memory {@link LogStorage}: MemoryStorage per group behind the same write interface and
 * the same group-commit writer as the LevelDB store. A write reaches the MemoryStorage (the
 * "disk") only when its batch is flushed; `crash()` drops what is still queued, exactly what a
 * process crash does to writes whose fsync had not started.
 */
export class MemoryLogStorage implements LogStorage {
  private readonly writer: GroupCommitWriter<MemoryOp>;

  constructor(readonly disk: MemoryLogDisk = new MemoryLogDisk(), limits: Partial<GroupCommitLimits> = {}) {
    // The "sync" completes at once: the in-memory disk has no latency, only ordering.
    this.writer = new GroupCommitWriter<MemoryOp>({ commit: () => Promise.resolve() }, limits);
  }

  storage(group: GroupId): Storage {
    return this.durable(group).storage;
  }

  groups(): readonly GroupId[] {
    return [...this.disk.groups.entries()]
      .filter(([, g]) => !isEmpty(g.storage))
      .map(([id]) => id).sort((a, b) => a - b);
  }

  applyState(group: GroupId): ApplyState {
    const g = this.disk.groups.get(group);
    if (g === undefined) return EMPTY_APPLY_STATE;
    return { applied: g.applied, confState: g.storage.initialState().confState };
  }

  corruptions(): readonly LogCorruptionError[] {
    return []; // memory does not rot; the checksums live in the LevelDB store
  }

  write(group: GroupId, w: GroupWrite): Promise<void> {
    return this.writer.submit(group, 0, (): PreparedWrite<MemoryOp, void> => {
      const g = this.durable(group);
      checkGroupWrite(shapeOf(g.storage), w);
      return {
        ops: [group],
        apply: () => {
          if (w.snapshot) {
            g.storage.applySnapshot(w.snapshot);
            g.applied = w.snapshot.metadata.index;
          }
          if (w.entries && w.entries.length > 0) g.storage.append(w.entries);
          if (w.hardState) g.storage.setHardState(w.hardState);
          if (w.applyState) {
            g.storage.setConfState(w.applyState.confState);
            g.applied = w.applyState.applied;
          }
        },
      };
    });
  }

  createSnapshot(group: GroupId, index: number, confState: ConfState, data: Uint8Array): Promise<Snapshot> {
    return this.writer.submit(group, data.length, (): PreparedWrite<MemoryOp, Snapshot> => {
      const g = this.durable(group);
      checkCreateSnapshot(shapeOf(g.storage), index);
      return { ops: [group], apply: () => g.storage.createSnapshot(index, confState, data) };
    });
  }

  compact(group: GroupId, index: number): Promise<void> {
    return this.writer.submit(group, 0, (): PreparedWrite<MemoryOp, void> => {
      const g = this.durable(group);
      if (!checkCompact(shapeOf(g.storage), index)) return { ops: [], apply: () => undefined };
      return { ops: [group], apply: () => g.storage.compact(index) };
    });
  }

  dropGroup(group: GroupId): Promise<void> {
    return this.writer.submit(group, 0, (): PreparedWrite<MemoryOp, void> => ({
      ops: [group],
      apply: () => {
        this.disk.groups.delete(group);
      },
    }));
  }

  whenWritable(_write?: GroupWrite): Promise<void> {
    // This store accounts every write as 0 bytes: only the count of queued writes can be full.
    return this.writer.whenWritable();
  }

  stats(): GroupCommitStats {
    return this.writer.stats();
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  crash(): Promise<void> {
    return this.writer.crash();
  }

  private durable(group: GroupId): { readonly storage: MemoryStorage; applied: number } {
    let g = this.disk.groups.get(group);
    if (g === undefined) {
      if (!Number.isSafeInteger(group) || group < 0) throw new RangeError(`group id must be a non-negative safe integer, got ${group}`);
      g = { storage: new MemoryStorage(), applied: 0 };
      this.disk.groups.set(group, g);
    }
    return g;
  }
}

function shapeOf(s: MemoryStorage): LogShape {
  return { snapshotIndex: s.snapshot().metadata.index, truncatedIndex: s.firstIndex() - 1, lastIndex: s.lastIndex() };
}

function isEmpty(s: MemoryStorage): boolean {
  const hs = s.initialState().hardState;
  return s.lastIndex() === 0 && s.snapshot().metadata.index === 0 && hs.term === 0 && hs.vote === 0 && hs.commit === 0;
}
