import { encodeConfChange } from './codec.js';
import type { RaftConfig } from './config.js';
import { RaftContractError, type ProposeResult, type RequestResult } from './errors.js';
import { payloadSize } from './raft-log.js';
import { Raft } from './raft.js';
import { ProgressState } from './tracker/progress.js';
import {
  type ConfChange, type ConfState, type Entry, type HardState, type Message, type NodeId, type ReadMode,
  type Ready, type SoftState, StateRole,
} from './types.js';

export interface ProgressStatus {
  readonly match: number;
  readonly next: number;
  readonly state: ProgressState;
  readonly pendingSnapshot: number;
  readonly recentActive: boolean;
  readonly isLearner: boolean;
  readonly inflightMsgs: number;
  readonly inflightBytes: number;
}

export interface Status {
  readonly id: NodeId;
  readonly hardState: HardState;
  readonly softState: SoftState;
  readonly applied: number;
  readonly commit: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly leadTransferee: NodeId;
  readonly confState: ConfState;
  /** The leader's view of every member; empty on other nodes. */
  readonly progress: ReadonlyMap<NodeId, ProgressStatus>;
  readonly leaseValid: boolean;
}

const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

/**
 * The host's handle on one Raft group (after etcd's RawNode): feed it ticks, messages and
 * requests; collect a Ready; do what it says; `advance`.
 */
export class RawNode {
  private readonly raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;
  private inFlight: Ready | null = null;

  /** `makeCore` exists for tests that plant bugs in a Raft subclass; hosts leave it out. */
  constructor(config: RaftConfig, makeCore: (config: RaftConfig) => Raft = (c) => new Raft(c)) {
    this.raft = makeCore(config);
    this.prevSoft = this.raft.softState();
    this.prevHard = this.raft.hardState();
  }

  private checkIdle(what: string): void {
    if (this.inFlight !== null) throw new RaftContractError(`${what}() called between ready() and advance()`);
  }

  tick(): void {
    this.checkIdle('tick');
    this.raft.tick();
  }

  step(m: Message): void {
    this.checkIdle('step');
    this.raft.step(m);
  }

  /** Starts an election now, as if the election timeout had passed. */
  campaign(): void {
    this.checkIdle('campaign');
    this.raft.hup(false);
  }

  propose(data: Uint8Array): ProposeResult {
    this.checkIdle('propose');
    return this.raft.propose([data]);
  }

  /** Appends several entries at once; the result names the last one. */
  proposeBatch(data: readonly Uint8Array[]): ProposeResult {
    this.checkIdle('proposeBatch');
    return this.raft.propose(data);
  }

  proposeConfChange(cc: ConfChange): ProposeResult {
    this.checkIdle('proposeConfChange');
    return this.raft.proposeConfChange(cc, encodeConfChange(cc));
  }

  /** The host calls this while applying a committed conf change entry; it persists the result. */
  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** Asks for a read index; the answer arrives in a later Ready's `readStates` with `ctx`. */
  readIndex(ctx: Uint8Array, mode: ReadMode = 'safe'): RequestResult {
    this.checkIdle('readIndex');
    return this.raft.readIndex(ctx, mode);
  }

  transferLeadership(to: NodeId): RequestResult {
    this.checkIdle('transferLeadership');
    return this.raft.transferLeadership(to);
  }

  reportUnreachable(id: NodeId): void {
    this.checkIdle('reportUnreachable');
    this.raft.reportUnreachable(id);
  }

  reportSnapshot(id: NodeId, ok: boolean): void {
    this.checkIdle('reportSnapshot');
    this.raft.reportSnapshot(id, ok);
  }

  hasReady(): boolean {
    if (this.inFlight !== null) return false;
    const r = this.raft;
    if (r.hasPendingBroadcast()) return true;
    const soft = r.softState();
    if (soft.leader !== this.prevSoft.leader || soft.role !== this.prevSoft.role) return true;
    if (r.term !== this.prevHard.term || r.vote !== this.prevHard.vote || r.raftLog.committed !== this.prevHard.commit) return true;
    return r.msgs.length > 0
      || r.readStates.length > 0
      || r.raftLog.unstable.entries.length > 0
      || r.raftLog.unstable.snapshot !== null
      || r.raftLog.hasNextCommittedEntries();
  }

  ready(): Ready {
    this.checkIdle('ready');
    const r = this.raft;
    r.flushBroadcast();
    const soft = r.softState();
    const hard = r.hardState();
    const softChanged = soft.leader !== this.prevSoft.leader || soft.role !== this.prevSoft.role;
    const termOrVoteChanged = hard.term !== this.prevHard.term || hard.vote !== this.prevHard.vote;
    const hardChanged = termOrVoteChanged || hard.commit !== this.prevHard.commit;
    const now: Message[] = [];
    const afterPersist: Message[] = [];
    for (const m of r.msgs) (r.requiresDurability(m, termOrVoteChanged) ? afterPersist : now).push(m);
    const entries = r.raftLog.unstableEntries();
    const snapshot = r.raftLog.unstable.snapshot;
    const rd: Ready = {
      softState: softChanged ? soft : null,
      hardState: hardChanged ? hard : null,
      readStates: r.readStates,
      entries: entries.length > 0 ? entries.slice() : NO_ENTRIES,
      snapshot,
      committedEntries: r.raftLog.nextCommittedEntries(),
      messages: now,
      persistedMessages: afterPersist,
      mustSync: entries.length > 0 || termOrVoteChanged || snapshot !== null,
    };
    r.msgs = [];
    r.readStates = [];
    this.inFlight = rd;
    return rd;
  }

  advance(rd: Ready): void {
    if (this.inFlight !== rd) throw new RaftContractError('advance() must be given the Ready returned by the last ready()');
    this.inFlight = null;
    const r = this.raft;
    if (rd.softState !== null) this.prevSoft = rd.softState;
    if (rd.hardState !== null) this.prevHard = rd.hardState;
    if (rd.snapshot !== null) {
      r.raftLog.stableSnapTo(rd.snapshot.metadata.index);
      r.appliedTo(rd.snapshot.metadata.index, 0);
    }
    if (rd.entries.length > 0) {
      const last = rd.entries[rd.entries.length - 1]!;
      r.raftLog.stableTo(last.index, last.term);
      r.onPersisted(last.index, last.term);
    }
    if (rd.committedEntries.length > 0) {
      const last = rd.committedEntries[rd.committedEntries.length - 1]!;
      r.appliedTo(last.index, payloadSize(rd.committedEntries));
    }
  }

  status(): Status {
    const r = this.raft;
    const progress = new Map<NodeId, ProgressStatus>();
    if (r.role === StateRole.Leader) {
      for (const [id, pr] of r.tracker.progress) {
        progress.set(id, {
          match: pr.match, next: pr.next, state: pr.state, pendingSnapshot: pr.pendingSnapshot,
          recentActive: pr.recentActive, isLearner: pr.isLearner,
          inflightMsgs: pr.inflights.size(), inflightBytes: pr.inflights.sizeBytes(),
        });
      }
    }
    return {
      id: r.id,
      hardState: r.hardState(),
      softState: r.softState(),
      applied: r.raftLog.applied,
      commit: r.raftLog.committed,
      firstIndex: r.raftLog.firstIndex(),
      lastIndex: r.raftLog.lastIndex(),
      leadTransferee: r.leadTransferee,
      confState: r.tracker.confState(),
      progress,
      leaseValid: r.leaseValid(),
    };
  }
}
