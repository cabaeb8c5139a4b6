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
  readonly send?: (group: GroupId, messages: readonly Message[]) => void;
  /** Receives groups that stopped, with the reason (for logs and metrics). */
  readonly onGroupFailed?: (group: GroupId, error: Error) => void;
  /** Receives compactions that failed (retried after later applies). */
  readonly onCompactionFailed?: (group: GroupId, error: Error) => void;
  /** Called after each Ready of a group was handled and advanced (role changes, conf changes, metrics). */
  readonly afterReady?: (group: RaftGroup<unknown>, rd: Ready) => void;
  /** Receives the duration of each synced log write, in seconds. */
  readonly onLogWrite?: (seconds: number) => void;
}

export const DEFAULT_TICK_MS = 100;
export const DEFAULT_COMPACT_EVERY_ENTRIES = 10_000;
export const DEFAULT_COMPACT_EVERY_BYTES = 64 * 1024 * 1024;
/** Bound on the Ready rounds of one pass, so that one busy group cannot starve the event loop. */
const MAX_ROUNDS_PER_PASS = 64;
/** Bound on the passes close() runs to finish accepted work. */
const MAX_DRAIN_PASSES = 1024;

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

  /** Waits until no pass is running (a group removed after this is no longer touched by one). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
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
      if (!this.closed) void this.runPass();
    });
  }

  private runPass(): Promise<void> {
    if (this.running !== null) {
      // A pass is under way; run another right after it.
      return this.running.then(() => this.kick());
    }
    this.running = this.pass()
      .catch((e: unknown) => {
        // pass() contains per-group failures itself; anything else would be a bug in this file.
        const error = e instanceof Error ? e : new Error(String(e));
        for (const g of this.groups.values()) if (g.inFlight) this.failGroup(g, error);
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS_PER_PASS; round++) {
      const batch: [RaftGroup<unknown>, Ready][] = [];
      for (const g of this.groups.values()) {
        try {
          g.flushInputs();
          // Inputs are flushed: what is left to do is whatever the core has ready.
          if (g.failure !== null || g.inFlight || !g.node.hasReady()) continue;
          const rd = g.node.ready();
          g.inFlight = true;
          batch.push([g, rd]);
        } catch (e) {
          this.failGroup(g, e instanceof Error ? e : new Error(String(e)));
        }
      }
      if (batch.length === 0) return;
      await Promise.all(batch.map(([g, rd]) => this.handleReady(g, rd)));
    }
    this.kick();
  }

  private async handleReady(g: RaftGroup<unknown>, rd: Ready): Promise<void> {
    try {
      if (rd.messages.length > 0) this.options.send?.(g.id, rd.messages);
      if (rd.readStates.length > 0) g.resolveReads(rd.readStates);
      const write: GroupWrite = { snapshot: rd.snapshot, entries: rd.entries, hardState: rd.hardState };
      if (rd.snapshot !== null || rd.entries.length > 0 || rd.hardState !== null) {
        const started = performance.now();
        await this.writeWithBackpressure(g.id, write);
        this.options.onLogWrite?.((performance.now() - started) / 1000);
      }
      g.notifyPersisted(rd);
      if (rd.persistedMessages.length > 0) this.options.send?.(g.id, rd.persistedMessages);
      if (rd.snapshot !== null && g.stateMachine.restoreSnapshot !== undefined) await g.stateMachine.restoreSnapshot(rd.snapshot);
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
      this.options.afterReady?.(g, rd);
      await this.maybeCompact(g);
    } catch (e) {
      this.failGroup(g, e instanceof Error ? e : new Error(String(e)));
    }
  }

  private failGroup(g: RaftGroup<unknown>, error: Error): void {
    g.inFlight = false;
    g.fail(error);
    this.options.onGroupFailed?.(g.id, error);
  }

  private writeWithBackpressure(id: GroupId, write: GroupWrite): Promise<void> {
    return this.withBackpressure(() => this.log.write(id, write), write);
  }

  /**
   * Runs a log operation, waiting for room and retrying while the write queue is full. The wait
   * is for room for this very write (a wait for "any room" would resolve at once and spin), and
   * each retry yields to the event loop so that the batch holding the queue can run.
   */
  private async withBackpressure<T>(op: () => Promise<T>, write?: GroupWrite): Promise<T> {
    for (;;) {
      try {
        return await op();
      } catch (e) {
        if (!(e instanceof LogWriteError && e.code === 'QUEUE_FULL')) throw e;
        await this.log.whenWritable(write);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /**
   * The state machine keeps its own durable records, so a log snapshot only marks "the state
   * machine has applied up to here" (its data is empty; a transport streams the state machine's
   * own snapshot to followers). Compacting past an index is safe only once the state machine's
   * apply of it is durable by itself: hosts open state machines that sync their applies. (A
   * later synced write does not make earlier unsynced ones durable: LevelDB rotates its
   * write-ahead log without syncing the old file.)
   */
  private async maybeCompact(g: RaftGroup<unknown>): Promise<void> {
    const st = g.node.status();
    if (st.applied <= g.compactedIndex) return;
    if (st.applied - g.compactedIndex < this.compactEvery && g.appliedBytesSinceCompaction < this.compactEveryBytes) return;
    try {
      // A crash between the two writes leaves a snapshot newer than the compacted prefix: reuse it.
      const snapshotIndex = this.log.storage(g.id).snapshot().metadata.index;
      if (st.applied > snapshotIndex) {
        const data = g.stateMachine.snapshotData?.() ?? new Uint8Array();
        await this.withBackpressure(() => this.log.createSnapshot(g.id, st.applied, st.confState, data));
      }
      const upTo = Math.max(st.applied, snapshotIndex);
      await this.withBackpressure(() => this.log.compact(g.id, upTo));
      g.compactedIndex = upTo;
      g.appliedBytesSinceCompaction = 0;
    } catch (e) {
      // Compaction is housekeeping: a failure leaves a longer log, not a broken group. The next
      // pass tries again; a failure of the store itself shows up on the group's next write.
      this.options.onCompactionFailed?.(g.id, e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Stops ticking, finishes the work already accepted (proposals queued or in flight are
   * persisted, applied and answered), then stops running passes.
   */
  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (let i = 0; i < MAX_DRAIN_PASSES; i++) {
      while (this.running !== null) await this.running;
      if (![...this.groups.values()].some((g) => g.hasWork())) break;
      await this.runPass();
    }
    this.closed = true;
    while (this.running !== null) await this.running;
  }
}
