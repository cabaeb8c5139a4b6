import type { GroupId } from './key-layout.js';
import { LogWriteError } from './log-errors.js';

/**
 * Group commit: the writes that every group submits in one event-loop turn — and those that
 * arrive while a batch is being synced — go to the disk in ONE synced batch, so N groups pay for
 * one fsync instead of N (DESIGN.md §3, "entries batched across all groups of the node into one
 * LevelDB write with sync"). This is the writer loop of etcd's WAL / TiKV's raft-engine in
 * miniature:
 *
 * - At most one batch is in flight. While it syncs, new writes queue up and form the next batch,
 *   so batches grow by themselves when the disk is the bottleneck.
 * - A write is *prepared* (validated and turned into batch operations) when its batch is cut,
 *   against the group's durable state, and *applied* (made visible to readers) only after the
 *   batch's sync returned; then its promise resolves. Readers therefore never see a write a
 *   crash could take back.
 * - A batch holds at most one write per group: a group's second write is prepared against the
 *   state its first one leaves, so it waits for the next batch. Raft hosts have at most one Ready
 *   in flight per group, so this costs nothing in practice and keeps preparation simple.
 * - The queue is bounded in bytes and writes; beyond the bound a write is refused at once
 *   (LogWriteError QUEUE_FULL) rather than buffered without limit. `whenWritable()` tells when to
 *   retry.
 * - A failed sync leaves the disk in an unknown state: the writer fails every pending write and
 *   refuses all later ones (WRITE_FAILED). Reopening re-reads the disk.
 */

/** A write turned into batch operations, and what makes it visible once they are durable. */
export interface PreparedWrite<Op, R> {
  readonly ops: readonly Op[];
  /** Publishes the write to readers. Called once, only after `ops` are durable. Must not throw. */
  apply(): R;
}

/** Where batches go: one call is one atomic, synced write. */
export interface CommitSink<Op> {
  commit(ops: Op[]): Promise<void>;
}

export interface GroupCommitLimits {
  /** Bytes of queued and in-flight writes beyond which new writes are refused. */
  readonly maxQueuedBytes: number;
  /** Queued and in-flight writes beyond which new writes are refused. */
  readonly maxQueuedWrites: number;
  /** A batch is cut once it holds this many bytes (it always holds at least one write). */
  readonly maxBatchBytes: number;
}

export const DEFAULT_GROUP_COMMIT_LIMITS: GroupCommitLimits = Object.freeze({
  maxQueuedBytes: 64 * 1024 * 1024,
  maxQueuedWrites: 8192,
  maxBatchBytes: 16 * 1024 * 1024,
});

export interface GroupCommitStats {
  /** Synced batches handed to the sink. */
  readonly batches: number;
  /** Writes made durable. */
  readonly writes: number;
  /** Operations in all batches. */
  readonly ops: number;
  /** Estimated bytes of all durable writes. */
  readonly bytes: number;
  /** The most writes one batch held. */
  readonly maxWritesPerBatch: number;
}

interface Pending<Op> {
  readonly group: GroupId;
  readonly sizeBytes: number;
  readonly prepare: () => PreparedWrite<Op, unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type WriterState = 'open' | 'closing' | 'closed' | 'failed';

export class GroupCommitWriter<Op> {
  private readonly limits: GroupCommitLimits;
  private queue: Pending<Op>[] = [];
  /** Bytes and writes queued or in flight: what the bounds limit. */
  private heldBytes = 0;
  private heldWrites = 0;
  private inFlight: Promise<void> | null = null;
  private scheduled = false;
  private state: WriterState = 'open';
  private failure: unknown = null;
  private writableWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private counters = { batches: 0, writes: 0, ops: 0, bytes: 0, maxWritesPerBatch: 0 };

  constructor(private readonly sink: CommitSink<Op>, limits: Partial<GroupCommitLimits> = {}) {
    this.limits = { ...DEFAULT_GROUP_COMMIT_LIMITS, ...limits };
    for (const [name, v] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`GroupCommitLimits.${name} must be a positive integer, got ${v}`);
    }
  }

  /**
   * Queues a write of `group` of about `sizeBytes`. `prepare` runs when the write's batch is cut;
   * if it throws, only this write is refused with that error. Resolves with `apply()`'s result
   * once the batch is durable.
   */
  submit<R>(group: GroupId, sizeBytes: number, prepare: () => PreparedWrite<Op, R>): Promise<R> {
    const refusal = this.refusal(sizeBytes);
    if (refusal !== null) return Promise.reject(refusal);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ group, sizeBytes, prepare, resolve: resolve as (v: unknown) => void, reject });
      this.heldBytes += sizeBytes;
      this.heldWrites++;
      this.schedule();
    });
  }

  private refusal(sizeBytes: number): LogWriteError | null {
    if (this.state === 'failed') return new LogWriteError('WRITE_FAILED', 'an earlier synced batch failed; reopen the store', { cause: this.failure });
    if (this.state !== 'open') return new LogWriteError('CLOSED', 'the log store is closed');
    // An empty writer takes any single write, however large, so that no write is refused forever.
    const full = this.heldWrites >= this.limits.maxQueuedWrites
      || (this.heldWrites > 0 && this.heldBytes + sizeBytes > this.limits.maxQueuedBytes);
    if (full) {
      return new LogWriteError('QUEUE_FULL',
        `write queue holds ${this.heldWrites} writes / ${this.heldBytes} bytes (limits ${this.limits.maxQueuedWrites} / ${this.limits.maxQueuedBytes})`);
    }
    return null;
  }

  /** Resolves when a write of `sizeBytes` would be accepted (or the writer stopped accepting any). */
  whenWritable(sizeBytes = 0): Promise<void> {
    const ready = (): boolean => this.state !== 'open' || this.refusal(sizeBytes) === null;
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const check = (): void => {
        if (ready()) resolve();
        else this.writableWaiters.push(check);
      };
      this.writableWaiters.push(check);
    });
  }

  stats(): GroupCommitStats {
    return { ...this.counters };
  }

  /** Flushes every queued write, then refuses new ones (CLOSED). */
  async close(): Promise<void> {
    if (this.state === 'open') this.state = 'closing';
    await this.idle();
    if (this.state === 'closing') this.state = 'closed';
    this.wakeWritable();
  }

  /**
   * Drops every write not yet handed to the sink (rejected with CRASHED), as a process crash
   * would, and waits for the batch in flight: it is already on its way to the disk, so it
   * completes (and its writes resolve) or fails.
   */
  async crash(): Promise<void> {
    if (this.state !== 'failed') this.state = 'closed';
    this.rejectQueued(new LogWriteError('CRASHED', 'the store crashed before this write was flushed'));
    if (this.inFlight !== null) await this.inFlight;
    this.wakeWritable();
  }

  private idle(): Promise<void> {
    if (this.inFlight === null && this.queue.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight !== null) return;
    this.scheduled = true;
    // setImmediate, not a microtask: every group's Ready handled in this turn of the event loop
    // (including continuations of awaits) joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.startBatch();
    });
  }

  private startBatch(): void {
    if (this.inFlight !== null || this.queue.length === 0) {
      this.notifyIdle();
      return;
    }
    this.inFlight = this.runBatch().finally(() => {
      this.inFlight = null;
      this.wakeWritable();
      // Whatever queued during the sync forms the next batch at once: it has waited already.
      if (this.queue.length > 0 && this.state !== 'failed') this.startBatch();
      else this.notifyIdle();
    });
  }

  private async runBatch(): Promise<void> {
    const { taken, rest } = this.cut();
    this.queue = rest;
    const prepared: { p: Pending<Op>; w: PreparedWrite<Op, unknown> }[] = [];
    const ops: Op[] = [];
    for (const p of taken) {
      let w: PreparedWrite<Op, unknown>;
      try {
        w = p.prepare();
      } catch (err) {
        this.release(p);
        p.reject(err);
        continue;
      }
      prepared.push({ p, w });
      for (const op of w.ops) ops.push(op);
    }
    if (ops.length > 0) {
      try {
        this.counters.batches++;
        await this.sink.commit(ops);
      } catch (err) {
        this.fail(err, prepared.map((x) => x.p));
        return;
      }
    }
    this.counters.ops += ops.length;
    this.counters.maxWritesPerBatch = Math.max(this.counters.maxWritesPerBatch, prepared.length);
    for (const { p, w } of prepared) {
      this.release(p);
      this.counters.writes++;
      this.counters.bytes += p.sizeBytes;
      try {
        p.resolve(w.apply());
      } catch (err) {
        // A bug in apply(): the write is durable but its view may be stale. Say so loudly.
        p.reject(err);
      }
    }
  }

  /** The next batch: FIFO, at most one write per group, up to maxBatchBytes. */
  private cut(): { taken: Pending<Op>[]; rest: Pending<Op>[] } {
    const taken: Pending<Op>[] = [];
    const rest: Pending<Op>[] = [];
    const groups = new Set<GroupId>();
    let bytes = 0;
    for (const p of this.queue) {
      const fits = taken.length === 0 || bytes + p.sizeBytes <= this.limits.maxBatchBytes;
      if (!groups.has(p.group) && fits) {
        taken.push(p);
        bytes += p.sizeBytes;
      } else {
        rest.push(p);
      }
      // A group seen once stays out of this batch, so its later writes keep their order.
      groups.add(p.group);
    }
    return { taken, rest };
  }

  private fail(err: unknown, inBatch: readonly Pending<Op>[]): void {
    this.state = 'failed';
    this.failure = err;
    const error = new LogWriteError('WRITE_FAILED', 'the synced batch failed; its outcome on disk is unknown', { cause: err });
    for (const p of inBatch) {
      this.release(p);
      p.reject(error);
    }
    this.rejectQueued(error);
  }

  private rejectQueued(error: LogWriteError): void {
    const queued = this.queue;
    this.queue = [];
    for (const p of queued) {
      this.release(p);
      p.reject(error);
    }
  }

  private release(p: Pending<Op>): void {
    this.heldBytes -= p.sizeBytes;
    this.heldWrites--;
  }

  private wakeWritable(): void {
    const waiters = this.writableWaiters;
    this.writableWaiters = [];
    for (const w of waiters) w();
  }

  private notifyIdle(): void {
    if (this.inFlight !== null || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
