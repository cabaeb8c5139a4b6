// Specification of the leader's view of the group: src/raft/tracker/tracker.ts.
// After etcd-io/raft tracker/tracker.go (Committed, QuorumActive, TallyVotes) and raft_test.go
// (TestCommit, TestLeaderElectionWithCheckQuorum). Reference: Raft paper §5.2 (elections),
// §5.3/§5.4.2 (commit), thesis §6.2 (check quorum) and §6.4.1 (leases).
import { describe, expect, it } from 'vitest';
import { VoteResult } from '../../../src/raft/quorum/majority.js';
import { ProgressTracker, confStateOf, emptyMembership, membersOf, membershipFromConfState } from '../../../src/raft/tracker/tracker.js';
import type { ConfState, NodeId } from '../../../src/raft/types.js';

function membership(f: Partial<ConfState>): ReturnType<typeof membershipFromConfState> {
  return membershipFromConfState({
    voters: f.voters ?? [], learners: f.learners ?? [], votersOutgoing: f.votersOutgoing ?? [],
    learnersNext: f.learnersNext ?? [], autoLeave: f.autoLeave ?? false,
  });
}
function tracker(f: Partial<ConfState>, nextIndex = 1): ProgressTracker {
  const t = new ProgressTracker(16, 0);
  t.setConfig(membership(f), nextIndex);
  return t;
}
function setMatches(t: ProgressTracker, matches: Readonly<Record<number, number | undefined>>): void {
  for (const [id, m] of Object.entries(matches)) if (m !== undefined) t.progress.get(Number(id))!.match = m;
}
function setActive(t: ProgressTracker, active: readonly NodeId[]): void {
  for (const [id, pr] of t.progress) pr.recentActive = active.includes(id);
}

describe('ProgressTracker.committed', () => {
  it.each([
    { name: 'single voter: its own match', conf: { voters: [1] }, matches: { 1: 5 }, want: 5 },
    { name: 'three voters: the middle match', conf: { voters: [1, 2, 3] }, matches: { 1: 5, 2: 4, 3: 1 }, want: 4 },
    { name: 'four voters: the third largest match', conf: { voters: [1, 2, 3, 4] }, matches: { 1: 5, 2: 4, 3: 3, 4: 1 }, want: 3 },
    { name: 'learners do not count', conf: { voters: [1, 2, 3], learners: [4, 5] }, matches: { 1: 9, 2: 1, 3: 1, 4: 9, 5: 9 }, want: 1 },
    { name: 'joint: the lagging outgoing half holds the commit back', conf: { voters: [1, 2, 3], votersOutgoing: [1, 4, 5] }, matches: { 1: 9, 2: 9, 3: 9, 4: 2, 5: 2 }, want: 2 },
    { name: 'joint: the lagging incoming half holds the commit back', conf: { voters: [1, 2, 3], votersOutgoing: [1, 4, 5] }, matches: { 1: 9, 2: 2, 3: 2, 4: 9, 5: 9 }, want: 2 },
  ])('$name', ({ conf, matches, want }) => {
    const t = tracker(conf);
    setMatches(t, matches);
    expect(t.committed()).toBe(want);
  });

  it('with no voters it is +Infinity (the empty majority never holds back)', () => {
    expect(new ProgressTracker(16, 0).committed()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('ProgressTracker.quorumActive (check quorum, thesis §6.2)', () => {
  it.each([
    { name: 'the leader alone in a single-voter group is a quorum', conf: { voters: [1] }, active: [], want: true },
    { name: 'the leader and one of two followers are a quorum', conf: { voters: [1, 2, 3] }, active: [2], want: true },
    { name: 'the leader alone of three is not a quorum', conf: { voters: [1, 2, 3] }, active: [], want: false },
    { name: 'active learners do not make a quorum', conf: { voters: [1, 2, 3], learners: [4, 5] }, active: [4, 5], want: false },
    { name: 'joint: active in incoming only is not enough', conf: { voters: [1, 2, 3], votersOutgoing: [1, 4, 5] }, active: [2, 3], want: false },
    { name: 'joint: active in both halves is a quorum', conf: { voters: [1, 2, 3], votersOutgoing: [1, 4, 5] }, active: [2, 4], want: true },
  ])('$name', ({ conf, active, want }) => {
    const t = tracker(conf);
    setActive(t, active);
    expect(t.quorumActive(1)).toBe(want);
  });

  it('the leader counts itself active even if its recentActive flag is false', () => {
    const t = tracker({ voters: [1, 2, 3] });
    setActive(t, [2]);
    expect(t.progress.get(1)!.recentActive).toBe(false);
    expect(t.quorumActive(1)).toBe(true);
  });
});

describe('ProgressTracker.quorumLeaseTick (leader lease, thesis §6.4.1)', () => {
  function withAcks(conf: Partial<ConfState>, acks: Record<number, number>): ProgressTracker {
    const t = tracker(conf);
    for (const [id, tick] of Object.entries(acks)) t.progress.get(Number(id))!.leaseAckTick = tick;
    return t;
  }

  it('the leader counts as acknowledging the current tick', () => {
    expect(withAcks({ voters: [1] }, {}).quorumLeaseTick(1, 20)).toBe(20);
  });

  it('three voters: the most recent tick acknowledged by the leader and one follower', () => {
    expect(withAcks({ voters: [1, 2, 3] }, { 2: 15, 3: 12 }).quorumLeaseTick(1, 20)).toBe(15);
  });

  it('three voters, no follower ever acknowledged: below every real tick', () => {
    expect(withAcks({ voters: [1, 2, 3] }, {}).quorumLeaseTick(1, 20)).toBeLessThan(0);
  });

  it('learners do not extend the lease', () => {
    expect(withAcks({ voters: [1, 2, 3], learners: [4] }, { 2: 3, 3: 2, 4: 19 }).quorumLeaseTick(1, 20)).toBe(3);
  });

  it('joint: the older of the two halves\' lease ticks', () => {
    expect(withAcks({ voters: [1, 2, 3], votersOutgoing: [1, 4, 5] }, { 2: 18, 3: 18, 4: 7, 5: 6 }).quorumLeaseTick(1, 20)).toBe(7);
  });
});

describe('ProgressTracker votes (Raft §5.2)', () => {
  it('a node\'s first vote counts; a later, different answer from it is ignored', () => {
    const t = tracker({ voters: [1, 2, 3] });
    t.recordVote(2, false);
    t.recordVote(2, true);
    expect(t.votes.get(2)).toBe(false);
  });

  it.each([
    { name: 'self only: pending', votes: [[1, true]], granted: 1, rejected: 0, result: VoteResult.Pending },
    { name: 'self and one grant: won', votes: [[1, true], [2, true]], granted: 2, rejected: 0, result: VoteResult.Won },
    { name: 'two rejections: lost', votes: [[1, true], [2, false], [3, false]], granted: 1, rejected: 2, result: VoteResult.Lost },
    { name: 'a learner\'s grant is not counted', votes: [[1, true], [4, true]], granted: 1, rejected: 0, result: VoteResult.Pending },
  ] as { name: string; votes: [NodeId, boolean][]; granted: number; rejected: number; result: VoteResult }[])(
    'tally: $name', ({ votes, granted, rejected, result }) => {
      const t = tracker({ voters: [1, 2, 3], learners: [4] });
      for (const [id, g] of votes) t.recordVote(id, g);
      expect(t.tallyVotes()).toEqual({ granted, rejected, result });
    });

  it('tally in a joint config needs both halves', () => {
    const t = tracker({ voters: [1, 2, 3], votersOutgoing: [1, 4, 5] });
    for (const id of [1, 2, 3]) t.recordVote(id, true);
    expect(t.tallyVotes().result).toBe(VoteResult.Pending);
    t.recordVote(4, true);
    expect(t.tallyVotes().result).toBe(VoteResult.Won);
  });

  it('resetVotes forgets every vote', () => {
    const t = tracker({ voters: [1, 2, 3] });
    t.recordVote(1, true);
    t.recordVote(2, true);
    t.resetVotes();
    expect(t.tallyVotes()).toEqual({ granted: 0, rejected: 0, result: VoteResult.Pending });
  });
});

describe('ProgressTracker.setConfig', () => {
  it('keeps the progress of members that stay (same object, same match)', () => {
    const t = tracker({ voters: [1, 2, 3] });
    const pr2 = t.progress.get(2)!;
    pr2.match = 7;
    pr2.next = 8;
    t.setConfig(membership({ voters: [1, 2, 4] }), 20);
    expect(t.progress.get(2)).toBe(pr2);
    expect([pr2.match, pr2.next]).toEqual([7, 8]);
  });

  it('creates progress for new members at the given next index, counted as recently active', () => {
    const t = tracker({ voters: [1, 2, 3] });
    t.setConfig(membership({ voters: [1, 2, 3, 4] }), 20);
    const pr4 = t.progress.get(4)!;
    expect([pr4.next, pr4.match, pr4.recentActive, pr4.isLearner]).toEqual([20, 0, true, false]);
  });

  it('drops the progress of members that leave', () => {
    const t = tracker({ voters: [1, 2, 3] });
    t.setConfig(membership({ voters: [1, 2] }), 20);
    expect([...t.progress.keys()].sort()).toEqual([1, 2]);
  });

  it('updates the learner flag of a promoted learner and a demoted voter, keeping their progress', () => {
    const t = tracker({ voters: [1, 2], learners: [3] });
    const pr2 = t.progress.get(2)!;
    const pr3 = t.progress.get(3)!;
    expect([pr2.isLearner, pr3.isLearner]).toEqual([false, true]);
    t.setConfig(membership({ voters: [1, 3], learners: [2] }), 20);
    expect(t.progress.get(2)).toBe(pr2);
    expect(t.progress.get(3)).toBe(pr3);
    expect([pr2.isLearner, pr3.isLearner]).toEqual([true, false]);
  });

  it('tracks outgoing voters and learnersNext while joint; learnersNext still vote', () => {
    const t = tracker({ voters: [1, 2, 4], votersOutgoing: [1, 2, 3], learnersNext: [3], learners: [5] });
    expect(t.ids()).toEqual([1, 2, 3, 4, 5]);
    expect(t.progress.get(3)!.isLearner).toBe(false);
    expect(t.isVoter(3)).toBe(true);
    expect(t.isVoter(5)).toBe(false);
  });

  it('ids() are ascending', () => {
    const t = tracker({ voters: [5, 1, 3], learners: [4, 2] });
    expect(t.ids()).toEqual([1, 2, 3, 4, 5]);
  });

  it('isSingleton: exactly one voter and not joint', () => {
    expect(tracker({ voters: [1] }).isSingleton()).toBe(true);
    expect(tracker({ voters: [1], learners: [2] }).isSingleton()).toBe(true);
    expect(tracker({ voters: [1, 2] }).isSingleton()).toBe(false);
    expect(tracker({ voters: [1], votersOutgoing: [1, 2] }).isSingleton()).toBe(false);
  });

  it('confState() reports the installed membership, sorted', () => {
    const want: ConfState = { voters: [1, 2, 4], learners: [5], votersOutgoing: [1, 2, 3], learnersNext: [3], autoLeave: true };
    const t = tracker({ voters: [4, 2, 1], learners: [5], votersOutgoing: [3, 2, 1], learnersNext: [3], autoLeave: true });
    expect(t.confState()).toEqual(want);
    expect(confStateOf(membershipFromConfState(want))).toEqual(want);
  });

  it('membersOf and emptyMembership', () => {
    expect(membersOf(emptyMembership())).toEqual([]);
    expect(membersOf(membership({ voters: [3], votersOutgoing: [2], learners: [1], learnersNext: [2] }))).toEqual([1, 2, 3]);
  });
});
