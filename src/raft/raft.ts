import { decodeConfChange, encodeConfChange } from './codec.js';
import { applyChange } from './confchange/changer.js';
import { resolveConfig, type RaftConfig, type ResolvedConfig } from './config.js';
import { RaftInvariantError, StorageError, type ProposeResult, type RaftRefusal, type RequestResult } from './errors.js';
import { VoteResult } from './quorum/majority.js';
import { payloadSize, RaftLog } from './raft-log.js';
import { ReadOnly, type ReadRequest } from './read-only.js';
import type { Rng } from './rng.js';
import { BOOTSTRAP_TERM } from './storage.js';
import { ProgressState } from './tracker/progress.js';
import { membershipFromConfState, ProgressTracker } from './tracker/tracker.js';
import {
  EntryType, message, MessageType, NONE, StateRole,
  type ConfChange, type ConfState, type Entry, type HardState, type Message, type NodeId, type ReadMode,
  type ReadState, type Snapshot, type SoftState,
} from './types.js';

/** Marks a Vote sent because of a leadership transfer: voters grant it despite their lease. */
const CAMPAIGN_TRANSFER = new Uint8Array([0x74, 0x72, 0x61, 0x6e, 0x73, 0x66, 0x65, 0x72]); // "transfer"

/** Forwarded ReadIndex requests carry their mode in `index`. */
const READ_MODE_LEASE = 1;

function isTransferCampaign(m: Message): boolean {
  const c = m.context;
  if (c === null || c.length !== CAMPAIGN_TRANSFER.length) return false;
  for (let i = 0; i < c.length; i++) if (c[i] !== CAMPAIGN_TRANSFER[i]) return false;
  return true;
}

function refusal(error: RaftRefusal): { ok: false; error: RaftRefusal } {
  return { ok: false, error };
}

const EMPTY = new Uint8Array(0);

/**
 * The Raft consensus algorithm for one group as a pure state machine (after etcd's raft.go).
 * It never does I/O: "sending" appends to an outbox and "persisting" is the host's job, reported
 * back through `RawNode.advance`. Protected methods are the seams where tests plant bugs.
 */
export class Raft {
  readonly id: NodeId;
  term = 0;
  vote: NodeId = NONE;
  lead: NodeId = NONE;
  role: StateRole = StateRole.Follower;
  readonly raftLog: RaftLog;
  readonly tracker: ProgressTracker;
  readonly cfg: ResolvedConfig;
  /** Outbox, in send order; RawNode splits it into "now" and "after persist" at ready(). */
  msgs: Message[] = [];
  readStates: ReadState[] = [];

  /** Learners (and removed nodes) never campaign. */
  isLearner = false;
  leadTransferee: NodeId = NONE;
  /** Index of the last conf change the leader appended; no new one until it is applied. */
  pendingConfIndex = 0;
  /** Bytes of entries appended by this leader and not yet applied. */
  uncommittedSize = 0;
  readOnly = new ReadOnly();
  /** Index of this leader's first entry of its term (its empty entry). */
  leaderFirstIndex = 0;
  /** Reads that arrived before this leader committed an entry of its term. */
  pendingReads: { request: ReadRequest; mode: ReadMode }[] = [];

  electionElapsed = 0;
  heartbeatElapsed = 0;
  transferElapsed = 0;
  randomizedElectionTimeout = 0;
  /** Monotonic count of ticks; the leader lease is measured in it. */
  ticks = 0;
  /** After a TimeoutNow a voter may ignore its lease for us, so our lease is void for the term. */
  leaseVoidInTerm = false;
  /**
   * Ticks during which a restarted node refuses votes: it may have promised a lease to a leader
   * before the crash and cannot remember it.
   */
  voteQuiescenceTicks = 0;
  /** A TimeoutNow arrived while a committed conf change was unapplied: campaign once it is. */
  private campaignWhenApplied = false;
  /** The voter last asked to take over from this removed leader. */
  private lastHandOverTarget: NodeId = NONE;
  /** Appends waiting to be broadcast at the next ready() (proposal batching). */
  private pendingBroadcast = false;
  private pendingBroadcastCommit = false;
  private readonly rng: Rng;

  constructor(config: RaftConfig) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    this.rng = this.cfg.rng;
    this.raftLog = new RaftLog(this.cfg.storage, this.cfg.maxCommittedSizePerReady);
    this.tracker = new ProgressTracker(this.cfg.maxInflightMsgs, this.cfg.maxInflightBytes);
    const { hardState, confState } = this.cfg.storage.initialState();
    this.tracker.setConfig(membershipFromConfState(confState), this.raftLog.lastIndex() + 1);
    this.isLearner = this.tracker.progress.get(this.id)?.isLearner ?? false;
    if (hardState.term !== 0 || hardState.vote !== NONE || hardState.commit !== 0) this.loadHardState(hardState);
    if (this.cfg.applied > 0) this.raftLog.appliedTo(this.cfg.applied);
    // Only a node past the bootstrap term can have followed a leader (and promised it a lease).
    if (this.cfg.checkQuorum && hardState.term > BOOTSTRAP_TERM) this.voteQuiescenceTicks = this.cfg.electionTick;
    this.becomeFollower(this.term, NONE);
  }

  private loadHardState(hs: HardState): void {
    if (hs.commit < this.raftLog.committed || hs.commit > this.raftLog.lastIndex()) {
      throw new RaftInvariantError(`stored commit ${hs.commit} is outside [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`);
    }
    this.raftLog.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  softState(): SoftState {
    return { leader: this.lead, role: this.role };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  // ---------------------------------------------------------------- sending

  protected send(m: Message): void {
    this.msgs.push(m);
  }

  /**
   * Whether `m` may only leave after the Ready's state is durable. Responses that promise an
   * append or a vote always wait; when the term or vote changed in this Ready, everything waits
   * so that no peer learns of a term this node could forget in a crash.
   */
  requiresDurability(m: Message, termOrVoteChanged: boolean): boolean {
    return termOrVoteChanged
      || m.type === MessageType.AppResp
      || m.type === MessageType.VoteResp
      || m.type === MessageType.PreVoteResp;
  }

  /** Sends App to `to` if flow control allows. Returns whether a message was sent. */
  private maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.tracker.progress.get(to);
    if (pr === undefined || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.raftLog.term(prevIndex);
    let ents: Entry[] | undefined;
    try {
      ents = this.raftLog.entriesFrom(pr.next, this.cfg.maxSizePerMsg);
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 'COMPACTED')) throw e;
      ents = undefined;
    }
    if (ents !== undefined && ents.length === 0 && !sendIfEmpty) return false;
    if (prevTerm === undefined || ents === undefined) return this.maybeSendSnapshot(to);
    const last = ents.length > 0 ? ents[ents.length - 1]!.index : prevIndex;
    this.send(message({
      type: MessageType.App, from: this.id, to, term: this.term,
      index: prevIndex, logTerm: prevTerm, entries: ents, commit: this.raftLog.committed,
    }));
    pr.sentEntries(last, ents.length, payloadSize(ents));
    return true;
  }

  private sendAppend(to: NodeId): void {
    this.maybeSendAppend(to, true);
  }

  private maybeSendSnapshot(to: NodeId): boolean {
    const pr = this.tracker.progress.get(to)!;
    // A follower that does not answer would not take the snapshot either.
    if (!pr.recentActive) return false;
    let snap: Snapshot;
    try {
      snap = this.raftLog.snapshot();
    } catch (e) {
      if (e instanceof StorageError && e.code === 'SNAPSHOT_TEMPORARILY_UNAVAILABLE') return false;
      throw e;
    }
    if (snap.metadata.index === 0) throw new RaftInvariantError(`node ${to} needs a snapshot but there is none`);
    this.send(message({ type: MessageType.Snap, from: this.id, to, term: this.term, snapshot: snap }));
    pr.becomeSnapshot(snap.metadata.index);
    return true;
  }

  private sendHeartbeat(to: NodeId, ctx: Uint8Array | null): void {
    const pr = this.tracker.progress.get(to)!;
    // A follower may lack entries up to our commit; it must only commit what it is known to have.
    const commit = Math.min(pr.match, this.raftLog.committed);
    this.send(message({
      type: MessageType.Heartbeat, from: this.id, to, term: this.term, commit, context: ctx, leaseTick: this.ticks,
    }));
  }

  private forEachPeer(f: (id: NodeId) => void): void {
    for (const id of this.tracker.ids()) if (id !== this.id) f(id);
  }

  private bcastHeartbeat(): void {
    const ctx = this.readOnly.lastPendingContext();
    this.forEachPeer((id) => this.sendHeartbeat(id, ctx));
  }

  /** Sends the appends deferred since the last ready(): many proposals, one App per follower. */
  flushBroadcast(): void {
    if (!this.pendingBroadcast || this.role !== StateRole.Leader) {
      this.pendingBroadcast = false;
      this.pendingBroadcastCommit = false;
      return;
    }
    const sendIfEmpty = this.pendingBroadcastCommit;
    this.pendingBroadcast = false;
    this.pendingBroadcastCommit = false;
    this.forEachPeer((id) => {
      // Keep filling the window: one follower may take several messages' worth of entries.
      if (this.maybeSendAppend(id, sendIfEmpty)) while (this.maybeSendAppend(id, false));
    });
  }

  hasPendingBroadcast(): boolean {
    return this.pendingBroadcast && this.role === StateRole.Leader;
  }

  private scheduleBroadcast(commitChanged: boolean): void {
    this.pendingBroadcast = true;
    if (commitChanged) this.pendingBroadcastCommit = true;
  }

  // ---------------------------------------------------------------- state transitions

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.tracker.resetVotes();
    const last = this.raftLog.lastIndex();
    for (const [id, pr] of this.tracker.progress) {
      pr.becomeProbe();
      pr.match = 0;
      pr.next = last + 1;
      pr.recentActive = false;
      pr.leaseAckTick = Number.NEGATIVE_INFINITY;
      if (id === this.id) pr.match = this.raftLog.lastStableIndex();
    }
    this.pendingConfIndex = 0;
    this.uncommittedSize = 0;
    this.readOnly = new ReadOnly();
    this.pendingReads = [];
    this.pendingBroadcast = false;
    this.pendingBroadcastCommit = false;
    this.leaseVoidInTerm = false;
    this.campaignWhenApplied = false;
  }

  becomeFollower(term: number, lead: NodeId): void {
    this.reset(term);
    this.lead = lead;
    this.role = StateRole.Follower;
  }

  private becomePreCandidate(): void {
    if (this.role === StateRole.Leader) throw new RaftInvariantError('leader cannot become pre-candidate');
    // Pre-vote does not touch term or vote: a node that cannot win disturbs nobody.
    this.tracker.resetVotes();
    this.lead = NONE;
    this.role = StateRole.PreCandidate;
  }

  private becomeCandidate(): void {
    if (this.role === StateRole.Leader) throw new RaftInvariantError('leader cannot become candidate');
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = StateRole.Candidate;
  }

  private becomeLeader(): void {
    if (this.role === StateRole.Follower) throw new RaftInvariantError('follower cannot become leader');
    this.reset(this.term);
    this.lead = this.id;
    this.role = StateRole.Leader;
    const self = this.tracker.progress.get(this.id);
    if (self !== undefined) {
      self.becomeReplicate();
      self.recentActive = true;
    }
    // No conf change until an entry of this term is applied: an uncommitted change of an earlier
    // leader could otherwise be overtaken by ours with disjoint majorities.
    this.pendingConfIndex = this.raftLog.lastIndex() + 1;
    const empty: Entry = { term: this.term, index: this.raftLog.lastIndex() + 1, type: EntryType.Normal, data: EMPTY };
    this.leaderFirstIndex = empty.index;
    this.raftLog.append([empty]);
    this.scheduleBroadcast(false);
  }

  private resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.cfg.electionTick + this.rng.nextInt(this.cfg.electionTick);
  }

  /** Whether this node may become leader: a voter, with no snapshot waiting to be applied. */
  promotable(): boolean {
    const pr = this.tracker.progress.get(this.id);
    return pr !== undefined && !pr.isLearner && this.raftLog.unstable.snapshot === null;
  }

  // ---------------------------------------------------------------- ticks

  tick(): void {
    this.ticks++;
    if (this.voteQuiescenceTicks > 0) this.voteQuiescenceTicks--;
    if (this.role === StateRole.Leader) this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.hup(false);
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.leadTransferee !== NONE) {
      this.transferElapsed++;
      if (this.transferElapsed >= this.cfg.electionTick) this.abortLeaderTransfer();
    }
    if (this.isHandingOver()) this.handOver();
    if (this.electionElapsed >= this.cfg.electionTick) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        if (!this.tracker.quorumActive(this.id)) {
          this.becomeFollower(this.term, NONE);
          return;
        }
        for (const [id, pr] of this.tracker.progress) if (id !== this.id) pr.recentActive = false;
      }
    }
    if (this.role !== StateRole.Leader) return;
    if (this.heartbeatElapsed >= this.cfg.heartbeatTick) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat();
    }
  }

  // ---------------------------------------------------------------- elections

  /** Starts an election (after a timeout, a `campaign()` call, or a TimeoutNow). */
  hup(transfer: boolean): void {
    if (this.role === StateRole.Leader) return;
    if (!this.promotable()) return;
    // A committed but unapplied conf change may remove us or change the quorum: wait for it.
    if (this.hasUnappliedConfChanges()) return;
    if (this.cfg.preVote && !transfer) this.campaign(true, false);
    else this.campaign(false, transfer);
  }

  private hasUnappliedConfChanges(): boolean {
    const lo = Math.max(this.raftLog.applied + 1, this.raftLog.firstIndex());
    const hi = this.raftLog.committed + 1;
    if (lo >= hi) return false;
    for (let i = lo; i < hi;) {
      const ents = this.raftLog.slice(i, hi, this.cfg.maxCommittedSizePerReady);
      for (const e of ents) if (e.type === EntryType.ConfChange) return true;
      i += ents.length;
    }
    return false;
  }

  private campaign(pre: boolean, transfer: boolean): void {
    let term: number;
    let type: MessageType;
    if (pre) {
      this.becomePreCandidate();
      type = MessageType.PreVote;
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      type = MessageType.Vote;
      term = this.term;
    }
    if (this.poll(this.id, true) === VoteResult.Won) {
      // A single-voter group wins at once.
      if (pre) this.campaign(false, transfer);
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.raftLog.lastIndex();
    const lastTerm = this.raftLog.lastTerm();
    for (const id of this.tracker.ids()) {
      if (id === this.id || !this.tracker.isVoter(id)) continue;
      this.send(message({
        type, from: this.id, to: id, term, index: lastIndex, logTerm: lastTerm,
        context: transfer ? CAMPAIGN_TRANSFER : null,
      }));
    }
  }

  private poll(id: NodeId, granted: boolean): VoteResult {
    this.tracker.recordVote(id, granted);
    return this.tracker.tallyVotes().result;
  }

  /**
   * A vote refusal names the voter's commit index and the term of the entry there. If our log
   * holds an entry of that term at that index, our log up to it is the voter's (Log Matching),
   * which is committed, so we may commit it too. Without this, voters that have not learned that
   * a membership change committed can stay in the old (or joint) configuration and keep needing
   * the vote of a removed node that refuses them for good, since it cannot lead and its log is
   * longer (found by the simulator, seed 486046899: a leader removed itself, applied the change
   * and crashed before it could hand over).
   */
  private learnCommitFromRefusal(m: Message): void {
    if ((m.type !== MessageType.VoteResp && m.type !== MessageType.PreVoteResp) || !m.reject) return;
    if (m.commit <= this.raftLog.committed || m.logTerm === 0) return;
    if (this.raftLog.matchTerm(m.commit, m.logTerm)) this.raftLog.commitTo(m.commit);
  }

  /** Raft §5.2 and §5.4.1: one vote per term, and only for a log at least as up to date as ours. */
  protected canGrantVote(m: Message): boolean {
    const canVote = this.vote === m.from
      || (this.vote === NONE && this.lead === NONE)
      || (m.type === MessageType.PreVote && m.term > this.term);
    return canVote && this.raftLog.isUpToDate(m.index, m.logTerm);
  }

  // ---------------------------------------------------------------- step

  /** Processes a message from a peer. Messages that make no sense here are ignored. */
  step(m: Message): void {
    if (m.from === NONE || m.from === this.id || m.to !== this.id || m.term === 0) return;
    this.learnCommitFromRefusal(m);
    // Vote requests are answered whoever sends them: our own configuration may be the stale one
    // (a voter that crashed before learning it was added must still be elected), so refusing
    // "unknown" candidates can leave a group without a leader for good. Removed nodes are kept
    // from disturbing the group by pre-vote and the check-quorum lease below (thesis §4.2.3).

    if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        const force = isTransferCampaign(m);
        const inLease = this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTick;
        // Check-quorum: while we hear from a leader (or may have promised one a lease before a
        // restart), a candidate cannot disturb it, unless the leader itself asked (transfer).
        if (!force && (inLease || this.voteQuiescenceTicks > 0)) return;
      }
      if (m.type === MessageType.PreVote) {
        // A pre-vote never changes our term.
      } else if (m.type === MessageType.PreVoteResp && !m.reject) {
        // We bump the term when we get a quorum of these.
      } else if (m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap) {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === MessageType.App || m.type === MessageType.Heartbeat)) {
        // A stale leader (or one we outran in a partition) learns our term and steps down; without
        // this, a node whose term grew alone could never rejoin while votes are held back.
        this.send(message({ type: MessageType.AppResp, from: this.id, to: m.from, term: this.term }));
      } else if (m.type === MessageType.PreVote) {
        this.send(message({ type: MessageType.PreVoteResp, from: this.id, to: m.from, term: this.term, reject: true }));
      }
      return;
    }

    switch (m.type) {
      case MessageType.Vote:
      case MessageType.PreVote: {
        const respType = m.type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp;
        if (this.canGrantVote(m)) {
          // For a pre-vote the response carries the candidate's future term, not ours.
          this.send(message({ type: respType, from: this.id, to: m.from, term: m.term }));
          if (m.type === MessageType.Vote) {
            this.electionElapsed = 0;
            this.vote = m.from;
          }
        } else {
          // The refusal carries what we know is committed (see learnCommitFromRefusal).
          const committed = this.raftLog.committed;
          this.send(message({
            type: respType, from: this.id, to: m.from, term: this.term, reject: true,
            commit: committed, logTerm: this.raftLog.term(committed) ?? 0,
          }));
        }
        return;
      }
      default:
        break;
    }
    switch (this.role) {
      case StateRole.Leader: this.stepLeader(m); break;
      case StateRole.Candidate:
      case StateRole.PreCandidate: this.stepCandidate(m); break;
      case StateRole.Follower: this.stepFollower(m); break;
    }
  }

  private stepLeader(m: Message): void {
    const pr = this.tracker.progress.get(m.from);
    if (pr === undefined) return; // not a member (never was, or removed)
    switch (m.type) {
      case MessageType.AppResp: {
        pr.recentActive = true;
        if (m.reject) {
          let nextProbe = m.rejectHint;
          if (m.logTerm > 0) nextProbe = this.raftLog.findConflictByTerm(m.rejectHint, m.logTerm)[0];
          if (pr.maybeDecrTo(m.index, nextProbe)) {
            if (pr.state === ProgressState.Replicate) pr.becomeProbe();
            this.sendAppend(m.from);
          }
          return;
        }
        const wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.index) && !(pr.match === m.index && pr.state === ProgressState.Probe)) return;
        switch (pr.state) {
          case ProgressState.Probe: pr.becomeReplicate(); break;
          case ProgressState.Snapshot:
            if (pr.match + 1 >= this.raftLog.firstIndex()) {
              pr.becomeProbe();
              pr.becomeReplicate();
            }
            break;
          case ProgressState.Replicate: pr.inflights.freeLE(m.index); break;
        }
        if (this.maybeCommit()) {
          this.onCommitAdvanced();
        } else if (wasPaused || pr.state === ProgressState.Replicate) {
          while (this.maybeSendAppend(m.from, false));
        }
        if (m.from === this.leadTransferee && pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(m.from);
        return;
      }
      case MessageType.HeartbeatResp: {
        pr.recentActive = true;
        pr.probeSent = false;
        if (m.leaseTick > pr.leaseAckTick) pr.leaseAckTick = m.leaseTick;
        // A full window may be full of lost messages: let one more through so that either it
        // lands or its rejection sends the follower back to probing. Otherwise a follower whose
        // whole window was dropped would never hear from us again.
        if (pr.state === ProgressState.Replicate && pr.inflights.full()) pr.inflights.freeFirstOne();
        if (pr.match < this.raftLog.lastIndex()) this.sendAppend(m.from);
        if (m.context === null || m.context.length === 0) return;
        const acks = this.readOnly.recvAck(m.from, m.context);
        if (acks === null) return;
        const withSelf = new Map(acks);
        withSelf.set(this.id, true);
        if (this.tracker.config.voters.voteResult(withSelf) !== VoteResult.Won) return;
        for (const done of this.readOnly.advance(m.context)) this.answerRead(done.request, done.index);
        return;
      }
      case MessageType.ReadIndex:
        this.readIndexAsLeader({ from: m.from, context: m.context ?? EMPTY }, m.index === READ_MODE_LEASE ? 'lease' : 'safe');
        return;
      case MessageType.TransferLeader:
        this.transferLeadership(m.from);
        return;
      default:
        return;
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case MessageType.App:
        this.becomeFollower(m.term, m.from);
        this.handleAppend(m);
        return;
      case MessageType.Heartbeat:
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case MessageType.Snap:
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case MessageType.VoteResp:
      case MessageType.PreVoteResp: {
        const mine = this.role === StateRole.PreCandidate ? MessageType.PreVoteResp : MessageType.VoteResp;
        if (m.type !== mine) return;
        const result = this.poll(m.from, !m.reject);
        if (result === VoteResult.Won) {
          if (this.role === StateRole.PreCandidate) this.campaign(false, false);
          else this.becomeLeader();
        } else if (result === VoteResult.Lost) {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case MessageType.App:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppend(m);
        return;
      case MessageType.Heartbeat:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case MessageType.Snap:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case MessageType.TimeoutNow:
        // The leader hands over: campaign at once, past the other voters' leases; or, when a
        // committed conf change is still to be applied, as soon as it is.
        if (this.hasUnappliedConfChanges()) this.campaignWhenApplied = true;
        else this.hup(true);
        return;
      case MessageType.ReadIndexResp:
        if (m.context !== null) this.readStates.push({ index: m.index, context: m.context });
        return;
      default:
        return;
    }
  }

  private handleAppend(m: Message): void {
    if (m.index < this.raftLog.committed) {
      this.send(message({ type: MessageType.AppResp, from: this.id, to: m.from, term: this.term, index: this.raftLog.committed }));
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send(message({ type: MessageType.AppResp, from: this.id, to: m.from, term: this.term, index: lastNew }));
      return;
    }
    // Our log does not match at m.index: point the leader at the last index whose term is no
    // greater than the one it tried, skipping a whole divergent term per round trip.
    const hintIndex = Math.min(m.index, this.raftLog.lastIndex());
    const [idx, term] = this.raftLog.findConflictByTerm(hintIndex, m.logTerm);
    this.send(message({
      type: MessageType.AppResp, from: this.id, to: m.from, term: this.term,
      index: m.index, reject: true, rejectHint: idx, logTerm: term,
    }));
  }

  private handleHeartbeat(m: Message): void {
    this.raftLog.commitTo(Math.min(m.commit, this.raftLog.lastIndex()));
    this.send(message({
      type: MessageType.HeartbeatResp, from: this.id, to: m.from, term: this.term, context: m.context, leaseTick: m.leaseTick,
    }));
  }

  private handleSnapshot(m: Message): void {
    const snap = m.snapshot;
    if (snap !== null && this.restore(snap)) {
      this.send(message({ type: MessageType.AppResp, from: this.id, to: m.from, term: this.term, index: this.raftLog.lastIndex() }));
    } else {
      this.send(message({ type: MessageType.AppResp, from: this.id, to: m.from, term: this.term, index: this.raftLog.committed }));
    }
  }

  /** Installs a snapshot from the leader. Returns false when it brings nothing new. */
  private restore(s: Snapshot): boolean {
    const { index, term, confState } = s.metadata;
    if (index <= this.raftLog.committed) return false;
    if (this.role !== StateRole.Follower) return false;
    // The snapshot's membership may predate our addition (the leader's latest snapshot is older
    // than the change that added us): we then start as a non-member that cannot campaign, and
    // learn our membership from the log tail that follows.
    if (this.raftLog.matchTerm(index, term)) {
      // We already have the snapshot's last entry: just fast-forward the commit index.
      this.raftLog.commitTo(index);
      return false;
    }
    this.raftLog.restore(s);
    this.tracker.setConfig(membershipFromConfState(confState), this.raftLog.lastIndex() + 1);
    this.isLearner = this.tracker.progress.get(this.id)?.isLearner ?? false;
    return true;
  }

  // ---------------------------------------------------------------- commit

  /** Raft §5.4.2: the leader commits by counting replicas only entries of its own term. */
  protected maybeCommit(): boolean {
    return this.raftLog.maybeCommit(this.tracker.committed(), this.term);
  }

  private onCommitAdvanced(): void {
    this.scheduleBroadcast(true);
    this.releasePendingReads();
  }

  /** The host made entries up to (index, term) durable. */
  onPersisted(index: number, term: number): void {
    if (this.role !== StateRole.Leader) return;
    const self = this.tracker.progress.get(this.id);
    if (self === undefined || this.raftLog.term(index) !== term) return;
    if (self.maybeUpdate(index) && this.maybeCommit()) this.onCommitAdvanced();
  }

  /** Whether this leader's first entry is committed: then its commit index covers every earlier leader's. */
  private committedEntryInCurrentTerm(): boolean {
    return this.role === StateRole.Leader && this.raftLog.committed >= this.leaderFirstIndex;
  }

  // ---------------------------------------------------------------- client requests

  private notLeader(): RaftRefusal {
    if (this.lead === NONE) return { code: 'NO_LEADER', message: `node ${this.id} knows no leader in term ${this.term}` };
    return { code: 'NOT_LEADER', leader: this.lead, message: `node ${this.id} is not the leader; try node ${this.lead}` };
  }

  private checkCanPropose(): RaftRefusal | null {
    if (this.role !== StateRole.Leader) return this.notLeader();
    if (!this.tracker.progress.has(this.id)) {
      return { code: 'NOT_LEADER', leader: NONE, message: `node ${this.id} was removed from the group` };
    }
    if (this.leadTransferee !== NONE) {
      return { code: 'TRANSFER_IN_PROGRESS', transferee: this.leadTransferee, message: `leadership is being transferred to node ${this.leadTransferee}` };
    }
    return null;
  }

  private appendProposals(items: readonly { type: EntryType; data: Uint8Array }[]): ProposeResult {
    let size = 0;
    for (const it of items) size += it.data.length + 16;
    const limit = this.cfg.maxUncommittedEntriesSize;
    if (this.uncommittedSize > 0 && this.uncommittedSize + size > limit) {
      return refusal({ code: 'UNCOMMITTED_LOG_FULL', limitBytes: limit, message: `uncommitted entries exceed ${limit} bytes` });
    }
    this.uncommittedSize += size;
    let index = this.raftLog.lastIndex();
    const ents: Entry[] = [];
    for (const it of items) ents.push({ term: this.term, index: ++index, type: it.type, data: it.data });
    this.raftLog.append(ents);
    this.scheduleBroadcast(false);
    return { ok: true, index, term: this.term };
  }

  propose(data: readonly Uint8Array[]): ProposeResult {
    const refused = this.checkCanPropose();
    if (refused !== null) return refusal(refused);
    if (data.length === 0) return { ok: true, index: this.raftLog.lastIndex(), term: this.term };
    return this.appendProposals(data.map((d) => ({ type: EntryType.Normal, data: d })));
  }

  proposeConfChange(cc: ConfChange, encoded: Uint8Array): ProposeResult {
    const refused = this.checkCanPropose();
    if (refused !== null) return refusal(refused);
    if (this.pendingConfIndex > this.raftLog.applied) {
      return refusal({
        code: 'CONF_CHANGE_PENDING', pendingIndex: this.pendingConfIndex,
        message: `a conf change (or this leader's first entry) at index ${this.pendingConfIndex} is not applied yet`,
      });
    }
    const r = applyChange(this.tracker.config, cc);
    if (!r.ok) return refusal({ code: 'INVALID_CONF_CHANGE', message: r.reason });
    const res = this.appendProposals([{ type: EntryType.ConfChange, data: encoded }]);
    if (res.ok) this.pendingConfIndex = res.index;
    return res;
  }

  /**
   * Applies a committed conf change. Invalid changes (which a leader never appends) are ignored
   * on every node alike, so that membership stays a deterministic function of the log.
   */
  applyConfChange(cc: ConfChange): ConfState {
    const r = applyChange(this.tracker.config, cc);
    if (r.ok) {
      this.tracker.setConfig(r.config, this.raftLog.lastIndex() + 1);
      this.switchedConfig();
    }
    return this.tracker.confState();
  }

  private switchedConfig(): void {
    const self = this.tracker.progress.get(this.id);
    this.isLearner = self?.isLearner ?? false;
    if (this.role !== StateRole.Leader) return;
    if (this.leadTransferee !== NONE && !this.tracker.isVoter(this.leadTransferee)) this.abortLeaderTransfer();
    // The quorum changed: something may now be committed, and new members need probing now.
    if (this.maybeCommit()) this.onCommitAdvanced();
    else this.scheduleBroadcast(true);
    if (this.isHandingOver()) this.handOver();
  }

  /** A leader that applied a configuration in which it is no longer a voter. */
  private isHandingOver(): boolean {
    if (this.role !== StateRole.Leader) return false;
    const self = this.tracker.progress.get(this.id);
    return self === undefined || self.isLearner || !this.tracker.isVoter(this.id);
  }

  /**
   * A leader that applied its own removal (or demotion) keeps leading, without counting itself
   * and refusing proposals, until a voter of the new configuration holds its whole log, and then
   * hands over with TimeoutNow and steps down (thesis §4.2.2, as etcd's TODO suggests).
   * Stepping down at once can leave the group without a leader for good: voters that have not
   * yet learned that the change committed still need this node's vote, which it refuses to
   * every candidate whose log is shorter than its own (found by the simulator, seed 1249216967).
   */
  private handOver(): void {
    if (this.leadTransferee !== NONE) return;
    let best = NONE;
    let bestMatch = -1;
    for (const id of this.tracker.ids()) {
      if (id === this.id || !this.tracker.isVoter(id)) continue;
      const match = this.tracker.progress.get(id)!.match;
      // After a failed attempt, prefer another target when there is one.
      const score = id === this.lastHandOverTarget ? match - 0.5 : match;
      if (score > bestMatch) {
        best = id;
        bestMatch = score;
      }
    }
    if (best === NONE) {
      this.becomeFollower(this.term, NONE);
      return;
    }
    this.lastHandOverTarget = best;
    this.transferLeadership(best);
  }

  /** Called after the host applied entries up to `index`. */
  appliedTo(index: number, appliedBytes: number): void {
    this.raftLog.appliedTo(index);
    if (this.campaignWhenApplied && !this.hasUnappliedConfChanges()) {
      this.campaignWhenApplied = false;
      this.hup(true);
    }
    if (this.role !== StateRole.Leader) return;
    this.uncommittedSize = Math.max(0, this.uncommittedSize - appliedBytes);
    const c = this.tracker.config;
    if (c.autoLeave && c.voters.isJoint() && index >= this.pendingConfIndex && this.tracker.progress.has(this.id)) {
      // Joint consensus with auto-leave: the leader proposes C_new as soon as C_old,new applies.
      const res = this.appendProposals([{ type: EntryType.ConfChange, data: encodeConfChange({ changes: [] }) }]);
      if (res.ok) this.pendingConfIndex = res.index;
    }
  }

  // ---------------------------------------------------------------- reads

  readIndex(ctx: Uint8Array, mode: ReadMode): RequestResult {
    if (this.role === StateRole.Leader) {
      this.readIndexAsLeader({ from: this.id, context: ctx }, mode);
      return { ok: true };
    }
    if (this.lead === NONE) return refusal(this.notLeader());
    this.send(message({
      type: MessageType.ReadIndex, from: this.id, to: this.lead, term: this.term, context: ctx,
      index: mode === 'lease' ? READ_MODE_LEASE : 0,
    }));
    return { ok: true };
  }

  private readIndexAsLeader(req: ReadRequest, mode: ReadMode): void {
    // Until an entry of our term is committed our commit index may lag behind the previous
    // leader's: a read index taken now could miss acknowledged writes (thesis §6.4 step 1).
    if (!this.committedEntryInCurrentTerm()) {
      this.pendingReads.push({ request: req, mode });
      return;
    }
    this.handleReadIndex(req, mode);
  }

  /** Thesis §6.4: record the commit index, then confirm leadership with a heartbeat round. */
  protected handleReadIndex(req: ReadRequest, mode: ReadMode): void {
    if (this.tracker.isSingleton() && this.tracker.isVoter(this.id)) {
      this.answerRead(req, this.raftLog.committed);
      return;
    }
    if (mode === 'lease' && this.leaseValid()) {
      this.answerRead(req, this.raftLog.committed);
      return;
    }
    if (!this.readOnly.add(this.raftLog.committed, req)) return;
    this.forEachPeer((id) => this.sendHeartbeat(id, req.context));
  }

  private releasePendingReads(): void {
    if (this.pendingReads.length === 0 || !this.committedEntryInCurrentTerm()) return;
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const r of reads) this.handleReadIndex(r.request, r.mode);
  }

  protected answerRead(req: ReadRequest, index: number): void {
    if (req.from === this.id) {
      this.readStates.push({ index, context: req.context });
    } else {
      this.send(message({ type: MessageType.ReadIndexResp, from: this.id, to: req.from, term: this.term, index, context: req.context }));
    }
  }

  /**
   * The leader lease: a quorum acknowledged a heartbeat sent at tick T, and each of them refuses
   * to vote for electionTick ticks after hearing from us, so no other leader can exist before
   * T + electionTick (less a margin for clock drift).
   */
  leaseValid(): boolean {
    if (!this.cfg.checkQuorum || this.leaseVoidInTerm || this.role !== StateRole.Leader || this.leadTransferee !== NONE) return false;
    const since = this.tracker.quorumLeaseTick(this.id, this.ticks);
    return this.ticks < since + this.cfg.electionTick - this.cfg.leaseMarginTicks;
  }

  // ---------------------------------------------------------------- leadership transfer

  transferLeadership(to: NodeId): RequestResult {
    if (this.role !== StateRole.Leader) return refusal(this.notLeader());
    const pr = this.tracker.progress.get(to);
    if (pr === undefined) return refusal({ code: 'INVALID_TARGET', message: `node ${to} is not a member of the group` });
    if (pr.isLearner || !this.tracker.isVoter(to)) return refusal({ code: 'INVALID_TARGET', message: `node ${to} is a learner and cannot lead` });
    if (to === this.id) return { ok: true };
    if (this.leadTransferee === to) return { ok: true };
    this.abortLeaderTransfer();
    this.leadTransferee = to;
    this.transferElapsed = 0;
    if (pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(to);
    else this.sendAppend(to);
    return { ok: true };
  }

  private sendTimeoutNow(to: NodeId): void {
    // The target will campaign past everyone's lease; ours cannot be trusted for this term.
    this.leaseVoidInTerm = true;
    this.send(message({ type: MessageType.TimeoutNow, from: this.id, to, term: this.term }));
    // A removed leader is done once a voter holds its whole log: even if this message is lost,
    // that voter's log is as long as any, and we vote for it when it campaigns.
    if (this.isHandingOver()) this.becomeFollower(this.term, NONE);
  }

  private abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
    this.transferElapsed = 0;
  }

  // ---------------------------------------------------------------- transport feedback

  reportUnreachable(id: NodeId): void {
    if (this.role !== StateRole.Leader) return;
    const pr = this.tracker.progress.get(id);
    if (pr !== undefined && pr.state === ProgressState.Replicate) pr.becomeProbe();
  }

  reportSnapshot(id: NodeId, ok: boolean): void {
    if (this.role !== StateRole.Leader) return;
    const pr = this.tracker.progress.get(id);
    if (pr === undefined || pr.state !== ProgressState.Snapshot) return;
    if (!ok) pr.pendingSnapshot = 0;
    pr.becomeProbe();
    // Wait for a heartbeat response before probing again rather than hammering a slow peer.
    pr.probeSent = true;
  }
}


/** Decodes a conf change entry, for hosts applying committed entries. */
export function confChangeOf(e: Entry): ConfChange {
  if (e.type !== EntryType.ConfChange) throw new RangeError(`entry ${e.index} is not a conf change`);
  return decodeConfChange(e.data);
}

