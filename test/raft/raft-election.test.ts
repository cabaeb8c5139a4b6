import { describe, expect, it } from 'vitest';
import { MessageType, StateRole } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const role = (c: LocalCluster, id: number): StateRole => c.node(id).status().softState.role;
const term = (c: LocalCluster, id: number): number => c.node(id).status().hardState.term;

describe('elections (Raft §5.2, thesis §9.6 pre-vote, §6.2 check-quorum)', () => {
  it('a single voter becomes leader as soon as it campaigns', () => {
    const c = new LocalCluster([1]);
    c.elect(1);
    expect(role(c, 1)).toBe(StateRole.Leader);
    expect(c.node(1).status().commit).toBe(2);
  });

  it('elects exactly one leader from election timeouts alone', () => {
    const c = new LocalCluster([1, 2, 3, 4, 5]);
    c.tick(40);
    const leaders = [1, 2, 3, 4, 5].filter((id) => role(c, id) === StateRole.Leader);
    expect(leaders).toHaveLength(1);
  });

  it('with pre-vote, a partitioned follower does not raise its term', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const before = term(c, 3);
    c.isolate(3);
    c.tick(100);
    expect(term(c, 3)).toBe(before);
    expect(role(c, 3)).toBe(StateRole.PreCandidate);
  });

  it('a rejoining follower does not depose a healthy leader (pre-vote)', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    c.tick(100);
    c.heal();
    c.tick(5);
    expect(role(c, 1)).toBe(StateRole.Leader);
    expect(term(c, 1)).toBe(term(c, 3));
  });

  it('without pre-vote, a partitioned follower raises its term and disrupts the leader on rejoin', () => {
    const c = new LocalCluster([1, 2, 3], { preVote: false, checkQuorum: false });
    c.elect(1);
    c.isolate(3);
    c.tick(100);
    const inflated = term(c, 3);
    expect(inflated).toBeGreaterThan(term(c, 1));
    c.heal();
    c.tick(20);
    // Node 3's next election forces everyone past the inflated term: the leader was deposed.
    expect(term(c, 1)).toBeGreaterThan(inflated);
  });

  it('check-quorum: a leader cut off from the quorum steps down within two election timeouts', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(1);
    c.tick(20);
    expect(role(c, 1)).toBe(StateRole.Follower);
  });

  it('check-quorum: the majority side elects a new leader in a higher term', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(1);
    c.tick(60);
    const leader = c.leader();
    expect(leader === 2 || leader === 3).toBe(true);
    expect(term(c, leader!)).toBeGreaterThan(term(c, 1));
  });

  it('followers that hear from a leader ignore vote requests (the lease of check-quorum)', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.node(2).campaign();
    c.stabilize();
    expect(role(c, 1)).toBe(StateRole.Leader);
    expect(role(c, 2)).not.toBe(StateRole.Leader);
    expect(term(c, 1)).toBe(term(c, 3));
  });

  it('a node grants at most one vote per term (§5.2)', () => {
    const c = new LocalCluster([1, 2, 3], { preVote: false, checkQuorum: false });
    c.node(1).campaign();
    const votes1 = c.drain(1).filter((m) => m.type === MessageType.Vote);
    c.node(2).campaign();
    const votes2 = c.drain(2).filter((m) => m.type === MessageType.Vote);
    // Node 3 sees node 1's request first, then node 2's, in the same term.
    c.deliver(votes1.filter((m) => m.to === 3));
    c.deliver(votes2.filter((m) => m.to === 3));
    const replies = c.drain(3).filter((m) => m.type === MessageType.VoteResp);
    expect(replies.map((m) => [m.to, m.reject])).toEqual([[1, false], [2, true]]);
  });

  it('a node does not vote for a candidate whose log is behind its own (§5.4.1)', () => {
    const c = new LocalCluster([1, 2, 3], { preVote: false, checkQuorum: false });
    c.elect(1);
    c.isolate(3);
    c.node(1).propose(new TextEncoder().encode('x'));
    c.stabilize();
    c.heal();
    c.node(3).campaign();
    const req = c.drain(3).filter((m) => m.type === MessageType.Vote && m.to === 2);
    c.deliver(req);
    const replies = c.drain(2).filter((m) => m.type === MessageType.VoteResp);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.reject).toBe(true);
  });

  it('a restarted node refuses votes for an election timeout: it may have promised a lease', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.restart(2);
    c.restart(3);
    // Node 3 campaigns at once; node 2, just restarted, must not help it depose node 1's lease.
    c.node(3).campaign();
    c.stabilize();
    expect(role(c, 3)).not.toBe(StateRole.Leader);
    c.tick(40);
    expect(c.leader()).toBeDefined();
  });

  it('a vote is sent only after it is durable, and a term change holds back every message', () => {
    const c = new LocalCluster([1, 2, 3], { preVote: false });
    c.node(1).campaign();
    const rd1 = c.node(1).ready();
    expect(rd1.hardState?.vote).toBe(1);
    expect(rd1.messages).toHaveLength(0);
    expect(rd1.persistedMessages.map((m) => m.type)).toEqual([MessageType.Vote, MessageType.Vote]);
    c.node(1).advance(rd1);
    c.deliver(rd1.persistedMessages);
    const rd2 = c.node(2).ready();
    expect(rd2.hardState?.vote).toBe(1);
    expect(rd2.messages).toHaveLength(0);
    expect(rd2.persistedMessages.map((m) => m.type)).toEqual([MessageType.VoteResp]);
    c.node(2).advance(rd2);
  });
});
