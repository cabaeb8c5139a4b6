import { StateRole, type Message, type Ready } from '../raft/index.js';
import { LogWriteError, type GroupId, type GroupWrite, type LogStorage } from '../store/log/index.js';
import type { RaftGroup } from './raft-group.js';

export interface RaftSchedulerOptions {
  /** Milliseconds per Raft tick (one timer for every group on the node). */
  readonly tickMs?: number;
  /** Snapshot and compact a group's log once this many entries were applied since the last time... */
  readonly compactEveryEntries?: number;
  /** ...or once this many bytes of entries were applied since the last time. */
  readonly compactEveryBytes?: number;
  /** Delivers messages to peers; a node hosting only single-voter groups sends none. */
  readonly send?: (messages: readonly Message[]) => void;
  /** Receives groups that stopped, with the reason (for logs and metrics). */
  readonly onGroupFailed?: (group: GroupId, error: Error) => void;
}

export const DEFAULT_TICK_MS = 100;
export const DEFAULT_COMPACT_EVERY_ENTRIES = 10_000;
export const DEFAULT_COMPACT_EVERY_BYTES = 64 * 1024 * 1024;
/** Bound on the Ready rounds of one pass, so that one busy group cannot starve the event loop. */
const MAX_ROUNDS_PER_PASS = 64;

/**
 * Drives every Raft group of a node (after CockroachDB's per-store scheduler): one timer ticks
 * all groups; one pass collects a Ready from every group with work, persists all of them in one
 * synced LevelDB batch (group commit through LogStorage), sends, applies, and advances.
 */
export class RaftScheduler {
  private readonly groups = new Map<GroupId, RaftGroup<unknown>>();
  private readonly tickMs: number;
  private readonly compactEvery: number;
  private readonly compactEveryBytes: number;
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly log: LogStorage,
    private readonly options: RaftSchedulerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.compactEvery = options.compactEveryEntries ?? DEFAULT_COMPACT_EVERY_ENTRIES;
    this.compactEveryBytes = options.compactEveryBytes ?? DEFAULT_COMPACT_EVERY_BYTES;
  }

  add<R>(group: RaftGroup<R>): void {
    this.groups.set(group.id, group as RaftGroup<unknown>);
    this.kick();
  }

  remove(id: GroupId): void {
    this.groups.delete(id);
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      for (const g of this.groups.values()) g.pendingTicks++;
      this.kick();
    }, this.tickMs);
    // Ticks alone must not keep a process alive.
    this.timer.unref();
  }

  /** Schedules a pass on a later turn, so that every input of this turn joins one batch. */
  kick(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runPass();
    });
  }

  private runPass(): Promise<void> {
    if (this.running !== null) {
      // A pass is under way; run another right after it.
      return this.running.then(() => this.kick());
    }
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS_PER_PASS; round++) {
      const batch: [RaftGroup<unknown>, Ready][] = [];
      for (const g of this.groups.values()) {
        g.flushInputs();
        if (!g.hasWork() || !g.node.hasReady()) continue;
        g.inFlight = true;
        batch.push([g, g.node.ready()]);
      }
      if (batch.length === 0) return;
      await Promise.all(batch.map(([g, rd]) => this.handleReady(g, rd)));
    }
    this.kick();
  }

  private async handleReady(g: RaftGroup<unknown>, rd: Ready): Promise<void> {
    try {
      if (rd.messages.length > 0) this.options.send?.(rd.messages);
      const write: GroupWrite = { snapshot: rd.snapshot, entries: rd.entries, hardState: rd.hardState };
      if (rd.snapshot !== null || rd.entries.length > 0 || rd.hardState !== null) await this.writeWithBackpressure(g.id, write);
      if (rd.persistedMessages.length > 0) this.options.send?.(rd.persistedMessages);
      const confState = await g.applyCommitted(rd);
      for (const e of rd.committedEntries) g.appliedBytesSinceCompaction += e.data.length;
      if (confState !== null) {
        const last = rd.committedEntries[rd.committedEntries.length - 1]!;
        await this.writeWithBackpressure(g.id, { applyState: { applied: last.index, confState } });
      }
      if (rd.softState !== null && rd.softState.role !== StateRole.Leader) g.failPendingOnLeaderChange();
      g.node.advance(rd);
      g.inFlight = false;
      g.notifyApplied();
      await this.maybeCompact(g);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      g.inFlight = false;
      g.fail(error);
      this.options.onGroupFailed?.(g.id, error);
    }
  }

  private async writeWithBackpressure(id: GroupId, write: GroupWrite): Promise<void> {
    for (;;) {
      try {
        await this.log.write(id, write);
        return;
      } catch (e) {
        if (!(e instanceof LogWriteError && e.code === 'QUEUE_FULL')) throw e;
        await this.log.whenWritable();
      }
    }
  }

  /**
   * The state machine keeps its own durable records, so a log snapshot only marks "the state
   * machine has applied up to here" (its data is empty; a transport streams the state machine's
   * own snapshot to followers). Its synced write also makes the state machine's unsynced applies
   * durable, since both live in the same LevelDB and its log is sequential.
   */
  private async maybeCompact(g: RaftGroup<unknown>): Promise<void> {
    const st = g.node.status();
    if (st.applied <= g.compactedIndex) return;
    if (st.applied - g.compactedIndex < this.compactEvery && g.appliedBytesSinceCompaction < this.compactEveryBytes) return;
    await this.log.createSnapshot(g.id, st.applied, st.confState, new Uint8Array());
    await this.log.compact(g.id, st.applied);
    g.compactedIndex = st.applied;
    g.appliedBytesSinceCompaction = 0;
  }

  /** Stops the timer and waits for the pass under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    while (this.running !== null) await this.running;
  }
}
