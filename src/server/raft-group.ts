import {
  confChangeOf, EntryType, RawNode,
  type ConfState, type Entry, type RaftRefusal, type Ready,
} from '../raft/index.js';
import type { GroupId } from '../store/log/index.js';

/** What a Raft group replicates into: it applies committed entries in index order. */
export interface GroupStateMachine<R> {
  /**
   * Applies the committed entry at `index`. Called in increasing index order; after a restart
   * the tail after the state machine's durable applied index is applied again, so applying an
   * index twice must be a no-op.
   */
  apply(index: number, data: Uint8Array): Promise<R>;
  /** The index the state machine's durable state reflects (0 when new). */
  readonly appliedIndex: number;
}

/** The core refused a proposal (not leader, transfer under way, log full...). Nothing was written. */
export class ProposalRefusedError extends Error {
  readonly refusal: RaftRefusal;
  constructor(refusal: RaftRefusal) {
    super(refusal.message);
    this.name = 'ProposalRefusedError';
    this.refusal = refusal;
  }
}

/**
 * The proposal was accepted, but what happened to it is unknown: leadership changed before it
 * was applied, or the group stopped. It may or may not take effect; retrying an idempotent
 * write (upserts by id) is safe. The server maps this to UNAVAILABLE "outcome unknown".
 */
export class OutcomeUnknownError extends Error {
  constructor(message: string) {
    super(`outcome unknown: ${message}`);
    this.name = 'OutcomeUnknownError';
  }
}

interface Waiter<R> {
  readonly term: number;
  resolve(result: R): void;
  reject(error: Error): void;
}

interface QueuedProposal<R> {
  readonly data: Uint8Array;
  resolve(result: R): void;
  reject(error: Error): void;
}

/** Proposals buffered while a Ready is being handled; beyond this (count or bytes) they are refused. */
export const MAX_QUEUED_PROPOSALS = 4096;
export const MAX_QUEUED_PROPOSAL_BYTES = 64 * 1024 * 1024;

/**
 * One Raft group hosted on a node: its RawNode, its state machine, and the proposals waiting for
 * their entries to apply. The scheduler drives it; nothing here does I/O.
 */
export class RaftGroup<R> {
  readonly id: GroupId;
  readonly node: RawNode;
  readonly stateMachine: GroupStateMachine<R>;
  /** Between ready() and advance(): inputs are buffered, as the core's contract requires. */
  inFlight = false;
  /** Set when the group can no longer make progress (storage failure); every call rejects with it. */
  failure: Error | null = null;
  pendingTicks = 0;
  /** Index up to which the log was compacted. */
  compactedIndex: number;
  /** Bytes of entries applied since the last compaction (the compaction policy's second trigger). */
  appliedBytesSinceCompaction = 0;
  private readonly waiters = new Map<number, Waiter<R>>();
  private queued: QueuedProposal<R>[] = [];
  private queuedBytes = 0;
  private appliedWaiters: { index: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(id: GroupId, node: RawNode, stateMachine: GroupStateMachine<R>) {
    this.id = id;
    this.node = node;
    this.stateMachine = stateMachine;
    this.compactedIndex = node.status().firstIndex - 1;
  }

  /** Proposes `data`; resolves with the state machine's result once the entry is applied. */
  propose(data: Uint8Array): Promise<R> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<R>((resolve, reject) => {
      if (this.inFlight) {
        if (this.queued.length >= MAX_QUEUED_PROPOSALS || (this.queued.length > 0 && this.queuedBytes + data.length > MAX_QUEUED_PROPOSAL_BYTES)) {
          reject(new ProposalRefusedError({
            code: 'UNCOMMITTED_LOG_FULL', limitBytes: MAX_QUEUED_PROPOSAL_BYTES,
            message: `group ${this.id} has ${this.queued.length} proposals (${this.queuedBytes} bytes) queued; limits ${MAX_QUEUED_PROPOSALS} / ${MAX_QUEUED_PROPOSAL_BYTES} bytes`,
          }));
          return;
        }
        this.queued.push({ data, resolve, reject });
        this.queuedBytes += data.length;
        return;
      }
      this.proposeNow({ data, resolve, reject });
    });
  }

  private proposeNow(p: QueuedProposal<R>): void {
    const r = this.node.propose(p.data);
    if (!r.ok) {
      p.reject(new ProposalRefusedError(r.error));
      return;
    }
    this.waiters.set(r.index, { term: r.term, resolve: p.resolve, reject: p.reject });
  }

  /** Feeds buffered proposals and ticks to the core once no Ready is in flight. */
  flushInputs(): void {
    if (this.inFlight || this.failure !== null) return;
    for (; this.pendingTicks > 0; this.pendingTicks--) this.node.tick();
    if (this.queued.length === 0) return;
    const queued = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    for (const p of queued) this.proposeNow(p);
  }

  /**
   * Applies a Ready's committed entries (after its writes are durable) and resolves the waiters
   * of those entries. Returns the conf state to record, if a conf change was applied.
   */
  async applyCommitted(rd: Ready): Promise<ConfState | null> {
    let confState: ConfState | null = null;
    for (const e of rd.committedEntries) {
      if (e.type === EntryType.ConfChange) {
        confState = this.node.applyConfChange(confChangeOf(e));
        this.settle(e, undefined);
        continue;
      }
      // Each new leader's empty entry carries no command.
      if (e.data.length === 0) {
        this.settle(e, undefined);
        continue;
      }
      const result = await this.stateMachine.apply(e.index, e.data);
      this.settle(e, result);
    }
    return confState;
  }

  private settle(e: Entry, result: R | undefined): void {
    const w = this.waiters.get(e.index);
    if (w === undefined) return;
    this.waiters.delete(e.index);
    if (w.term !== e.term) {
      w.reject(new OutcomeUnknownError(`entry ${e.index} of term ${w.term} was replaced by one of term ${e.term} after a leader change`));
    } else if (result === undefined) {
      w.reject(new OutcomeUnknownError(`entry ${e.index} applied without a result`));
    } else {
      w.resolve(result);
    }
  }

  /** Resolves once every entry up to `index` is applied. */
  whenApplied(index: number): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.node.status().applied >= index) return Promise.resolve();
    return new Promise((resolve, reject) => this.appliedWaiters.push({ index, resolve, reject }));
  }

  /** Called by the scheduler after each advance. */
  notifyApplied(): void {
    if (this.appliedWaiters.length === 0) return;
    const applied = this.node.status().applied;
    const still: typeof this.appliedWaiters = [];
    for (const w of this.appliedWaiters) {
      if (w.index <= applied) w.resolve();
      else still.push(w);
    }
    this.appliedWaiters = still;
  }

  /** Leadership was lost: proposals not yet applied may or may not commit later. */
  failPendingOnLeaderChange(): void {
    for (const [index, w] of this.waiters) w.reject(new OutcomeUnknownError(`leadership changed before entry ${index} applied`));
    this.waiters.clear();
  }

  /** Stops the group: every waiting and future call rejects with `error`. */
  fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const w of this.waiters.values()) w.reject(new OutcomeUnknownError(error.message));
    this.waiters.clear();
    for (const p of this.queued) p.reject(error);
    this.queued = [];
    this.queuedBytes = 0;
    for (const w of this.appliedWaiters) w.reject(error);
    this.appliedWaiters = [];
  }

  hasWork(): boolean {
    return this.failure === null && !this.inFlight && (this.pendingTicks > 0 || this.queued.length > 0 || this.node.hasReady());
  }
}
