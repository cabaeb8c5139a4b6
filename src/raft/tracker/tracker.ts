import { JointConfig } from '../quorum/joint.js';
import { MajorityConfig, VoteResult } from '../quorum/majority.js';
import type { ConfState, NodeId } from '../types.js';
import { Progress } from './progress.js';

/** The membership of a group in the form the quorum math and the changer work on. */
export interface MembershipConfig {
  readonly voters: JointConfig;
  /** Non-voting members: they receive the log but count in no quorum. */
  readonly learners: ReadonlySet<NodeId>;
  /** Voters of the outgoing config that become learners when the joint config is left. */
  readonly learnersNext: ReadonlySet<NodeId>;
  /** Leave the joint config automatically once it is applied. */
  readonly autoLeave: boolean;
}

export function emptyMembership(): MembershipConfig {
  return { voters: new JointConfig(), learners: new Set(), learnersNext: new Set(), autoLeave: false };
}

export function membershipFromConfState(cs: ConfState): MembershipConfig {
  return {
    voters: new JointConfig(new MajorityConfig(cs.voters), new MajorityConfig(cs.votersOutgoing)),
    learners: new Set(cs.learners),
    learnersNext: new Set(cs.learnersNext),
    autoLeave: cs.autoLeave,
  };
}

export function confStateOf(c: MembershipConfig): ConfState {
  const sorted = (s: Iterable<NodeId>): NodeId[] => [...s].sort((a, b) => a - b);
  return {
    voters: c.voters.incoming.sorted(),
    learners: sorted(c.learners),
    votersOutgoing: c.voters.outgoing.sorted(),
    learnersNext: sorted(c.learnersNext),
    autoLeave: c.autoLeave,
  };
}

/** Every member: voters of both halves, learners and learners-to-be. */
export function membersOf(c: MembershipConfig): NodeId[] {
  const ids = new Set<NodeId>([...c.voters.ids(), ...c.learners, ...c.learnersNext]);
  return [...ids].sort((a, b) => a - b);
}

/** The leader's (and candidate's) view of the group: membership, per-member progress, votes. */
export class ProgressTracker {
  config: MembershipConfig = emptyMembership();
  progress = new Map<NodeId, Progress>();
  /** Sorted member ids, recomputed when the config changes (iteration order must be deterministic). */
  private memberIds: NodeId[] = [];
  readonly votes = new Map<NodeId, boolean>();

  constructor(
    readonly maxInflightMsgs: number,
    readonly maxInflightBytes: number,
  ) {}

  /** Installs a membership, keeping the progress of members that stay and creating the rest. */
  setConfig(config: MembershipConfig, nextIndex: number): void {
    const members = membersOf(config);
    const progress = new Map<NodeId, Progress>();
    for (const id of members) {
      const isLearner = config.learners.has(id);
      let pr = this.progress.get(id);
      if (pr === undefined) {
        pr = new Progress(nextIndex, this.maxInflightMsgs, this.maxInflightBytes, isLearner);
        // A new member has not had the chance to answer yet; do not count it as dead at once.
        pr.recentActive = true;
      }
      pr.isLearner = isLearner;
      progress.set(id, pr);
    }
    this.config = config;
    this.progress = progress;
    this.memberIds = members;
  }

  confState(): ConfState {
    return confStateOf(this.config);
  }

  /** Member ids in ascending order. */
  ids(): readonly NodeId[] {
    return this.memberIds;
  }

  isVoter(id: NodeId): boolean {
    return this.config.voters.has(id);
  }

  isSingleton(): boolean {
    return !this.config.voters.isJoint() && this.config.voters.incoming.size === 1;
  }

  /** The largest index that a quorum has durably appended. */
  committed(): number {
    return this.config.voters.committedIndex((id) => this.progress.get(id)?.match);
  }

  /** Whether a quorum has been heard from since the last check (check-quorum). */
  quorumActive(selfId: NodeId): boolean {
    const votes = new Map<NodeId, boolean>();
    for (const [id, pr] of this.progress) {
      if (pr.isLearner) continue;
      votes.set(id, id === selfId || pr.recentActive);
    }
    return this.config.voters.voteResult(votes) === VoteResult.Won;
  }

  /** The latest leader tick at which a quorum is known to have been following (leader lease). */
  quorumLeaseTick(selfId: NodeId, nowTick: number): number {
    return this.config.voters.committedIndex((id) =>
      id === selfId ? nowTick : (this.progress.get(id)?.leaseAckTick ?? Number.NEGATIVE_INFINITY));
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const [id, pr] of this.progress) {
      if (pr.isLearner) continue;
      const v = this.votes.get(id);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    return { granted, rejected, result: this.config.voters.voteResult(this.votes) };
  }
}
