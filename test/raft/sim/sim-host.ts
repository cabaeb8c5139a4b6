import {
  EntryType, MemoryStorage, NONE, RawNode, SeededRng, StateRole, decodeConfChange,
  type ConfChange, type ConfState, type Message, type NodeId, type ProposeResult, type Raft, type RaftConfig,
  type ReadMode, type Ready, type RequestResult,
} from '../../../src/raft/index.js';
import { ViolationError, type Checker } from './checkers.js';
import { HashedLog } from './hashed-log.js';
import {
  applyEntry, decodeCommand, decodeSnapshot, encodeSnapshot, type StateMachineState,
} from './state-machine.js';
import { formatSnapshot, type Trace } from './trace.js';

/**
 * One simulated server: a RawNode, its durable MemoryStorage, its state machine, and a host loop
 * that follows the Ready contract of docs/raft-api.md with ASYNCHRONOUS persistence:
 *
 *   ready() → send `messages` at once → the write of snapshot/entries/hardState completes some
 *   steps later → only then send `persistedMessages`, apply, `advance()`.
 *
 * While a write is in flight the node is not touched; ticks, messages and client requests wait
 * in the inbox. A crash keeps the MemoryStorage (what was written) and loses everything else:
 * the Ready being written, the inbox, the RawNode and the state machine.
 */

export type HostInput =
  | { readonly kind: 'message'; readonly message: Message }
  | { readonly kind: 'tick' }
  | { readonly kind: 'propose'; readonly data: readonly Uint8Array[]; readonly done: (r: ProposeResult) => void }
  | { readonly kind: 'conf-change'; readonly change: ConfChange; readonly done: (r: ProposeResult) => void }
  | { readonly kind: 'read'; readonly context: Uint8Array; readonly mode: ReadMode; readonly done: (r: RequestResult) => void }
  | { readonly kind: 'transfer'; readonly to: NodeId; readonly done: (r: RequestResult) => void }
  | { readonly kind: 'campaign' }
  | { readonly kind: 'report-snapshot'; readonly to: NodeId; readonly ok: boolean }
  | { readonly kind: 'report-unreachable'; readonly to: NodeId };

/** The core's knobs the simulator sets (small, to exercise flow control and batching). */
export type CoreTuning = Omit<RaftConfig, 'id' | 'storage' | 'rng' | 'applied'>;

export interface HostEnv {
  readonly checker: Checker;
  readonly trace: Trace;
  readonly tuning: CoreTuning;
  /** Planted-bug cores for the teeth tests; undefined for the real core. */
  readonly makeCore: ((config: RaftConfig) => Raft) | undefined;
  now(): number;
  send(m: Message, senderIncarnation: number): void;
  /** Steps the next write takes to become durable. */
  persistSteps(): number;
  coreSeed(id: NodeId, incarnation: number): number;
  /** Counts things worth knowing a run exercised (see ClusterStats). */
  count(what: 'snapshotsInstalled' | 'jointConfigsApplied'): void;
  /** A client command was applied by this host. */
  commandApplied(host: SimHost, index: number, proposalId: number): void;
}

/** Inputs a host buffers at most (messages beyond it are dropped, like a full receive queue). */
export const INBOX_LIMIT_INPUTS = 4096;
/** Readies a host handles in one step at most; the rest wait for the next step. */
export const READIES_PER_STEP_MAX = 256;

export interface CompactionPolicy {
  /** Snapshot once the state machine is this many entries past the last snapshot. */
  readonly everyEntries: number;
  /** Entries kept behind the snapshot, so that slightly lagging followers need no snapshot. */
  readonly keepEntries: number;
}

export class SimHost {
  /** Bumped on every start: a process identity for snapshot reports and traces. */
  incarnation = 0;
  /** What the host knows from the Readies it handled (volatile: reset on crash). */
  role: StateRole = StateRole.Follower;
  leader: NodeId = NONE;
  term = 0;
  commit = 0;
  sm!: StateMachineState;
  confState!: ConfState;
  private node: RawNode | null = null;
  private inbox: HostInput[] = [];
  private inboxHead = 0;
  private write: { readonly rd: Ready; readonly dueStep: number; readonly snapshotState: StateMachineState | null; readonly leaderOnceDurable: boolean } | null = null;
  private log!: HashedLog;

  constructor(
    readonly id: NodeId,
    readonly storage: MemoryStorage,
    private readonly env: HostEnv,
    private readonly compaction: CompactionPolicy,
  ) {}

  get alive(): boolean {
    return this.node !== null;
  }

  get appliedIndex(): number {
    return this.sm.appliedIndex;
  }

  /** The last index of the node's log as of the Readies handled so far. */
  get lastIndex(): number {
    return this.log.lastIndex;
  }

  /** Starts (or restarts) the process over whatever its storage holds. */
  start(): void {
    if (this.node !== null) throw new Error(`n${this.id} is already running`);
    this.incarnation++;
    const snap = this.storage.snapshot();
    const restored = decodeSnapshot(snap.data);
    if (restored instanceof Error) this.env.checker.fail('core-error', `n${this.id} cannot restore its snapshot: ${restored.message}`);
    if (restored.appliedIndex !== snap.metadata.index) {
      this.env.checker.fail('core-error', `n${this.id} snapshot at ${snap.metadata.index} holds state of index ${restored.appliedIndex}`);
    }
    // The state machine restarts from the snapshot, so the membership the core starts from must
    // be the snapshot's too: conf changes after it are re-applied as their entries re-commit.
    this.storage.setConfState(snap.metadata.confState);
    this.sm = restored;
    this.confState = snap.metadata.confState;
    this.log = new HashedLog(snap.metadata.index, restored.chainHash);
    const last = this.storage.lastIndex();
    if (last > snap.metadata.index) {
      const tail = this.storage.entries(snap.metadata.index + 1, last + 1, Number.POSITIVE_INFINITY);
      const hashes = this.log.stage(null, tail);
      if (typeof hashes === 'string') this.env.checker.fail('core-error', `n${this.id} durable log does not chain: ${hashes}`);
      this.log.commitStaged();
    }
    const hs = this.storage.initialState().hardState;
    this.term = hs.term;
    this.commit = hs.commit;
    this.role = StateRole.Follower;
    this.leader = NONE;
    this.inbox = [];
    this.inboxHead = 0;
    this.core(() => {
      this.node = new RawNode({
        ...this.env.tuning,
        id: this.id,
        storage: this.storage,
        rng: new SeededRng(this.env.coreSeed(this.id, this.incarnation)),
        applied: snap.metadata.index,
      }, this.env.makeCore);
    });
  }

  /** Stops the process: the write in flight, the inbox and all volatile state are lost. */
  crash(): void {
    if (this.node === null) return;
    if (this.write !== null) this.log.dropStaged();
    this.node = null;
    this.write = null;
    this.inbox = [];
    this.inboxHead = 0;
    this.role = StateRole.Follower;
    this.leader = NONE;
  }

  /** Queues a message from the network; false if the host is down or its inbox is full. */
  receive(m: Message): boolean {
    if (this.node === null || this.inbox.length - this.inboxHead >= INBOX_LIMIT_INPUTS) return false;
    this.inbox.push({ kind: 'message', message: m });
    return true;
  }

  /** Queues a tick or a client/transport request; ignored while the host is down. */
  submit(input: Exclude<HostInput, { kind: 'message' }>): boolean {
    if (this.node === null) return false;
    this.inbox.push(input);
    return true;
  }

  /**
   * Runs the host loop for the current step: finish a due write, feed the inbox to the node,
   * start the next Ready. Stops when a write is in flight, or the node has nothing to do.
   */
  pump(): void {
    for (let n = 0; n < READIES_PER_STEP_MAX && this.node !== null; n++) {
      if (this.write !== null) {
        if (this.write.dueStep > this.env.now()) return;
        this.finishWrite();
      }
      while (this.inboxHead < this.inbox.length && this.node !== null) {
        const input = this.inbox[this.inboxHead++]!;
        this.core(() => this.handle(input));
      }
      this.inbox = [];
      this.inboxHead = 0;
      const node = this.node;
      if (node === null || !this.core(() => node.hasReady())) return;
      this.beginReady(this.core(() => node.ready()));
    }
  }

  /** Snapshots the state machine and compacts the log now (if nothing is being written). */
  compactNow(): boolean {
    if (this.node === null || this.write !== null) return false;
    return this.maybeCompact(true);
  }

  /** Whether a Ready's write is in flight (a crash now loses it). */
  get writing(): boolean {
    return this.write !== null;
  }

  /** What the write in flight holds, for traces. */
  describeWrite(): string {
    const rd = this.write?.rd;
    if (rd === undefined) return 'nothing';
    const parts: string[] = [];
    if (rd.hardState !== null) parts.push(`hardState term=${rd.hardState.term} vote=n${rd.hardState.vote} commit=${rd.hardState.commit}`);
    if (rd.entries.length > 0) parts.push(`entries ${rd.entries[0]!.index}..${rd.entries[rd.entries.length - 1]!.index}`);
    if (rd.snapshot !== null) parts.push(`snapshot ${rd.snapshot.metadata.index}`);
    return parts.join(', ') || 'no state';
  }

  // --- the Ready contract -----------------------------------------------------------------------

  private handle(input: HostInput): void {
    const node = this.node!;
    switch (input.kind) {
      case 'message': node.step(input.message); break;
      case 'tick': node.tick(); break;
      case 'propose':
        input.done(input.data.length === 1 ? node.propose(input.data[0]!) : node.proposeBatch(input.data));
        break;
      case 'conf-change': input.done(node.proposeConfChange(input.change)); break;
      case 'read': input.done(node.readIndex(input.context, input.mode)); break;
      case 'transfer': input.done(node.transferLeadership(input.to)); break;
      case 'campaign': node.campaign(); break;
      case 'report-snapshot': node.reportSnapshot(input.to, input.ok); break;
      case 'report-unreachable': node.reportUnreachable(input.to); break;
    }
  }

  private beginReady(rd: Ready): void {
    const checker: Checker = this.env.checker;
    const trace = this.env.trace;
    const now = this.env.now();
    const wasLeaderInTerm = this.role === StateRole.Leader ? this.term : -1;
    const durableLast = this.log.lastIndex;
    if (rd.hardState !== null) this.term = rd.hardState.term;
    if (rd.softState !== null) {
      this.role = rd.softState.role;
      this.leader = rd.softState.leader;
      if (trace.enabled) trace.line(now, `n${this.id} ${this.role} term=${this.term} leader=n${this.leader}`);
    }

    let snapshotState: StateMachineState | null = null;
    if (rd.snapshot !== null) {
      const s = decodeSnapshot(rd.snapshot.data);
      if (s instanceof Error) checker.fail('core-error', `n${this.id} got an undecodable snapshot: ${s.message}`);
      if (s.appliedIndex !== rd.snapshot.metadata.index) {
        checker.fail('core-error', `n${this.id} got snapshot ${rd.snapshot.metadata.index} holding state of ${s.appliedIndex}`);
      }
      snapshotState = s;
      this.env.count('snapshotsInstalled');
      checker.entryLogged(this.id, rd.snapshot.metadata.index, rd.snapshot.metadata.term, s.chainHash);
      if (trace.enabled) trace.line(now, `n${this.id} installs snapshot ${formatSnapshot(rd.snapshot)}`);
    }

    // Leader append-only: a node that stays leader of one term only ever appends.
    if (wasLeaderInTerm === this.term && this.role === StateRole.Leader && rd.entries.length > 0
      && rd.entries[0]!.index <= durableLast) {
      checker.fail('leader-append-only',
        `n${this.id}, leader of term ${this.term}, rewrites its log from ${rd.entries[0]!.index} (last index ${durableLast})`);
    }
    // A node never rewrites what it knows is committed: compare its chain at its commit index.
    const committedHashBefore = rd.entries.length > 0 && rd.entries[0]!.index <= this.commit ? this.log.hashAt(this.commit) : undefined;
    const staged = this.log.stage(
      snapshotState === null ? null : { index: rd.snapshot!.metadata.index, hash: snapshotState.chainHash }, rd.entries);
    if (typeof staged === 'string') checker.fail('log-matching', `n${this.id}: ${staged}`);
    for (let k = 0; k < rd.entries.length; k++) {
      const e = rd.entries[k]!;
      checker.entryLogged(this.id, e.index, e.term, staged[k]!);
    }
    if (committedHashBefore !== undefined && this.log.hashAt(this.commit) !== committedHashBefore) {
      checker.fail('committed-entry-lost', `n${this.id} rewrites its log from ${rd.entries[0]!.index}, below its commit index ${this.commit}`);
    }
    if (trace.enabled && rd.entries.length > 0) {
      trace.line(now, `n${this.id} appends ${rd.entries[0]!.index}..${rd.entries[rd.entries.length - 1]!.index} term=${rd.entries[rd.entries.length - 1]!.term}`);
    }

    if (rd.hardState !== null && rd.hardState.commit !== this.commit) {
      this.commit = rd.hardState.commit;
      const h = this.log.hashAt(this.commit);
      if (h !== undefined) checker.committed(this.id, this.commit, h);
    }
    // Leadership counts from the moment it can be observed. If this Ready changes term or vote,
    // nothing of it leaves the node before the write (a single voter elects itself in memory and
    // may crash before persisting that term: such a leadership never existed); otherwise the
    // leader's first messages go out right now.
    const durable = this.storage.hardStateNow();
    const termOrVoteChanges = rd.hardState !== null && (rd.hardState.term !== durable.term || rd.hardState.vote !== durable.vote);
    const becomesLeader = rd.softState !== null && rd.softState.role === StateRole.Leader;
    if (becomesLeader && !termOrVoteChanges) checker.leaderElected(this.id, this.term, this.log);

    for (const m of rd.messages) this.env.send(m, this.incarnation);
    const needsWrite = rd.snapshot !== null || rd.entries.length > 0 || rd.hardState !== null;
    this.write = { rd, dueStep: now + (needsWrite ? this.env.persistSteps() : 0), snapshotState, leaderOnceDurable: becomesLeader && termOrVoteChanges };
  }

  private finishWrite(): void {
    const { rd, snapshotState } = this.write!;
    const checker: Checker = this.env.checker;
    const trace = this.env.trace;
    const node = this.node!;
    // The write, in the contract's order; it is atomic because nothing runs in between.
    this.core(() => {
      if (rd.snapshot !== null) this.storage.applySnapshot(rd.snapshot);
      this.storage.append(rd.entries);
      if (rd.hardState !== null) this.storage.setHardState(rd.hardState);
    });
    this.log.commitStaged();
    if (this.write!.leaderOnceDurable) checker.leaderElected(this.id, this.term, this.log);
    this.write = null;
    for (const m of rd.persistedMessages) this.env.send(m, this.incarnation);

    if (rd.snapshot !== null && snapshotState !== null) {
      this.sm = snapshotState;
      this.confState = rd.snapshot.metadata.confState;
      checker.applied(this.id, snapshotState.appliedIndex, snapshotState.chainHash);
    }
    for (const e of rd.committedEntries) {
      if (e.index !== this.sm.appliedIndex + 1) {
        checker.fail('core-error', `n${this.id} is handed entry ${e.index} to apply after ${this.sm.appliedIndex}`);
      }
      this.sm = applyEntry(this.sm, e);
      const logged = this.log.hashAt(e.index);
      if (logged !== undefined && logged !== this.sm.chainHash) {
        checker.fail('state-machine-safety', `n${this.id} applies entry ${e.index}@${e.term}, which differs from its own log there`);
      }
      checker.applied(this.id, e.index, this.sm.chainHash);
      if (e.type === EntryType.ConfChange) {
        const cs = this.core(() => node.applyConfChange(decodeConfChange(e.data)));
        this.storage.setConfState(cs);
        this.confState = cs;
        if (cs.votersOutgoing.length > 0) this.env.count('jointConfigsApplied');
        if (trace.enabled) trace.line(this.env.now(), `n${this.id} applies conf change ${e.index}: ${formatConfState(cs)}`);
      } else {
        const id = decodeCommand(e);
        if (id !== null) this.env.commandApplied(this, e.index, id);
      }
    }
    for (const rs of rd.readStates) checker.readAnswered(this.id, decodeReadId(rs.context), rs.index);
    this.core(() => node.advance(rd));
    this.maybeCompact(false);
  }

  private maybeCompact(force: boolean): boolean {
    const applied = this.sm.appliedIndex;
    const snapIndex = this.storage.snapshot().metadata.index;
    if (applied <= snapIndex || (!force && applied - snapIndex < this.compaction.everyEntries)) return false;
    this.storage.createSnapshot(applied, this.confState, encodeSnapshot(this.sm));
    const upTo = applied - this.compaction.keepEntries;
    if (upTo >= this.storage.firstIndex()) {
      this.storage.compact(upTo);
      this.log.compact(upTo);
    }
    if (this.env.trace.enabled) this.env.trace.line(this.env.now(), `n${this.id} snapshot at ${applied}, log from ${this.storage.firstIndex()}`);
    return true;
  }

  /** Runs a call into the core; anything it throws (other than a violation) is a core error. */
  private core<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ViolationError) throw e;
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return this.env.checker.fail('core-error', `n${this.id} threw ${what}`);
    }
  }
}

export function encodeReadId(id: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, id);
  return out;
}

export function decodeReadId(ctx: Uint8Array): number {
  return ctx.length === 4 ? new DataView(ctx.buffer, ctx.byteOffset, 4).getUint32(0) : -1;
}

export function formatConfState(cs: ConfState): string {
  const parts = [`voters=[${cs.voters.join(',')}]`];
  if (cs.votersOutgoing.length > 0) parts.push(`outgoing=[${cs.votersOutgoing.join(',')}]`);
  if (cs.learners.length > 0) parts.push(`learners=[${cs.learners.join(',')}]`);
  if (cs.learnersNext.length > 0) parts.push(`learnersNext=[${cs.learnersNext.join(',')}]`);
  if (cs.votersOutgoing.length > 0) parts.push(cs.autoLeave ? 'auto-leave' : 'explicit-leave');
  return parts.join(' ');
}

/** Every node named in a configuration (joint or not). */
export function membersOf(cs: ConfState): Set<NodeId> {
  return new Set([...cs.voters, ...cs.votersOutgoing, ...cs.learners, ...cs.learnersNext]);
}
