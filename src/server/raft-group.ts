import {
  confChangeOf, EntryType, RawNode,
  type ConfState, type Entry, type Message, type RaftRefusal, type ReadMode, type ReadState, type Ready, type Snapshot,
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
  /**
   * The bytes to store in the Raft snapshot when the log is compacted at the current applied
   * index. State machines that stream their own snapshots (the vector store) leave it out.
   */
  snapshotData?(): Uint8Array;
  /** Installs a Raft snapshot received from the leader (those whose snapshotData() carries the state). */
  restoreSnapshot?(snapshot: Snapshot): Promise<void>;
}

/** A read index request whose answer has not arrived. */
interface PendingRead {
  readonly ctx: string;
  resolve(index: number): void;
  reject(error: Error): void;
}

/** The group stopped waiting for an answer to a read (leadership changed, or the group stopped). */
export class ReadAbandonedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadAbandonedError';
  }
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
/** Incoming Raft messages buffered while a Ready is being handled; beyond this they are dropped (Raft retries). */
export const MAX_QUEUED_MESSAGES = 8192;
/** Other requests (reads, transfers, conf changes) buffered while a Ready is being handled. */
export const MAX_QUEUED_REQUESTS = 4096;

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
  private persistedWaiters: { index: number; term: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private queuedMessages: Message[] = [];
  private queuedRequests: ((node: RawNode) => void)[] = [];
  private readonly pendingReads = new Map<string, PendingRead>();
  private readCounter = 0;

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

  /**
   * Proposes `data` and resolves once the leader's own log holds it durably (ack=async): the
   * entry may still be lost if this leader fails before replicating it. Resolves with the index.
   */
  proposeDurable(data: Uint8Array): Promise<number> {
    return this.run((node) => {
      const r = node.propose(data);
      if (!r.ok) throw new ProposalRefusedError(r.error);
      return r;
    }).then((r) => new Promise<number>((resolve, reject) => {
      this.persistedWaiters.push({ index: r.index, term: r.term, resolve: () => resolve(r.index), reject });
    }));
  }

  /**
   * Runs `fn` on the core now, or right after the Ready in flight is advanced (the core must not
   * be called in between). Resolves with what `fn` returns; rejects with what it throws.
   */
  run<T>(fn: (node: RawNode) => T): Promise<T> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      const op = (node: RawNode): void => {
        try {
          resolve(fn(node));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      };
      if (!this.inFlight) {
        op(this.node);
        return;
      }
      if (this.queuedRequests.length >= MAX_QUEUED_REQUESTS) {
        reject(new ProposalRefusedError({ code: 'UNCOMMITTED_LOG_FULL', limitBytes: 0, message: `group ${this.id} has ${MAX_QUEUED_REQUESTS} requests queued` }));
        return;
      }
      this.queuedRequests.push(op);
    });
  }

  /** Steps a message from a peer now, or once the Ready in flight is advanced. Drops it when the buffer is full. */
  step(m: Message): boolean {
    if (this.failure !== null) return false;
    if (!this.inFlight) {
      this.node.step(m);
      return true;
    }
    if (this.queuedMessages.length >= MAX_QUEUED_MESSAGES) return false;
    this.queuedMessages.push(m);
    return true;
  }

  /**
   * Asks the core for a read index (`safe`: ReadIndex, a heartbeat round; `lease`: the leader's
   * lease). Resolves with the index a read must wait to be applied; rejects with
   * ProposalRefusedError when refused, ReadAbandonedError when leadership changes first.
   */
  readIndex(mode: ReadMode): Promise<number> {
    const ctx = `${this.id}:${++this.readCounter}`;
    return this.run((node) => {
      const r = node.readIndex(new TextEncoder().encode(ctx), mode);
      if (!r.ok) throw new ProposalRefusedError(r.error);
    }).then(() => new Promise<number>((resolve, reject) => {
      this.pendingReads.set(ctx, { ctx, resolve, reject });
    }));
  }

  /** Answers read requests from a Ready's read states. */
  resolveReads(states: readonly ReadState[]): void {
    for (const s of states) {
      const ctx = new TextDecoder().decode(s.context);
      const pending = this.pendingReads.get(ctx);
      if (pending === undefined) continue;
      this.pendingReads.delete(ctx);
      pending.resolve(s.index);
    }
  }

  /** Resolves ack=async writes whose entries are now durable in this node's log. */
  notifyPersisted(rd: Ready): void {
    if (this.persistedWaiters.length === 0) return;
    const last = rd.entries.length > 0 ? rd.entries[rd.entries.length - 1]! : null;
    const still: typeof this.persistedWaiters = [];
    for (const w of this.persistedWaiters) {
      const e = last === null || w.index > last.index ? null : rd.entries.find((x) => x.index === w.index) ?? null;
      if (e === null) still.push(w);
      else if (e.term === w.term) w.resolve();
      else w.reject(new OutcomeUnknownError(`entry ${w.index} of term ${w.term} was replaced by one of term ${e.term}`));
    }
    this.persistedWaiters = still;
  }

  /** Feeds buffered proposals and ticks to the core once no Ready is in flight. */
  flushInputs(): void {
    if (this.inFlight || this.failure !== null) return;
    if (this.queuedMessages.length > 0) {
      const msgs = this.queuedMessages;
      this.queuedMessages = [];
      for (const m of msgs) this.node.step(m);
    }
    if (this.queuedRequests.length > 0) {
      const ops = this.queuedRequests;
      this.queuedRequests = [];
      for (const op of ops) op(this.node);
    }
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
    for (const w of this.persistedWaiters) w.reject(new OutcomeUnknownError(`leadership changed before entry ${w.index} was durable`));
    this.persistedWaiters = [];
    for (const r of this.pendingReads.values()) r.reject(new ReadAbandonedError(`group ${this.id}: leadership changed before the read index arrived`));
    this.pendingReads.clear();
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
    for (const w of this.persistedWaiters) w.reject(new OutcomeUnknownError(error.message));
    this.persistedWaiters = [];
    for (const r of this.pendingReads.values()) r.reject(error);
    this.pendingReads.clear();
    for (const op of this.queuedRequests) op(failingNode(error));
    this.queuedRequests = [];
    this.queuedMessages = [];
  }

  hasWork(): boolean {
    return this.failure === null && !this.inFlight
      && (this.pendingTicks > 0 || this.queued.length > 0 || this.queuedMessages.length > 0 || this.queuedRequests.length > 0 || this.node.hasReady());
  }
}

/** Stands in for the core when a group stops: every queued request then throws `error`. */
function failingNode(error: Error): RawNode {
  return new Proxy({}, { get: () => () => { throw error; } }) as RawNode;
}
