import { describe, expect, it } from 'vitest';
import { ConfChangeType, MemoryStorage, StateRole, type ConfChange } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const addLearner = (id: number): ConfChange => ({ changes: [{ type: ConfChangeType.AddLearner, nodeId: id }] });
const addVoter = (id: number): ConfChange => ({ changes: [{ type: ConfChangeType.AddVoter, nodeId: id }] });
const remove = (id: number): ConfChange => ({ changes: [{ type: ConfChangeType.RemoveNode, nodeId: id }] });

/** Starts node `id` with an empty log, as a host does for a replica being added. */
function addEmptyNode(c: LocalCluster, id: number): void {
  c.storages.set(id, new MemoryStorage());
  c.start(id);
}

describe('membership changes (Raft §6, thesis §4)', () => {
  it('a learner receives the log but counts in no quorum', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    addEmptyNode(c, 4);
    expect(c.node(1).proposeConfChange(addLearner(4)).ok).toBe(true);
    c.stabilize();
    expect(c.node(4).status().confState.learners).toEqual([4]);
    expect(c.node(4).status().commit).toBe(c.node(1).status().commit);
    // With two voters down, the learner cannot make up the quorum.
    c.isolate(2);
    c.isolate(3);
    const r = c.node(1).propose(enc('x'));
    expect(r.ok).toBe(true);
    c.stabilize();
    expect(c.node(4).status().lastIndex).toBe(r.ok ? r.index : -1);
    expect(c.node(1).status().commit).toBeLessThan(r.ok ? r.index : -1);
  });

  it('a learner never campaigns', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    addEmptyNode(c, 4);
    c.node(1).proposeConfChange(addLearner(4));
    c.stabilize();
    c.isolate(4);
    c.tick(100);
    expect(c.node(4).status().softState.role).toBe(StateRole.Follower);
    expect(c.node(4).status().hardState.term).toBe(c.node(1).status().hardState.term);
  });

  it('promotes a caught-up learner to voter', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    addEmptyNode(c, 4);
    c.node(1).proposeConfChange(addLearner(4));
    c.stabilize();
    expect(c.node(1).proposeConfChange(addVoter(4)).ok).toBe(true);
    c.stabilize();
    for (const id of [1, 2, 3, 4]) expect(c.node(id).status().confState.voters).toEqual([1, 2, 3, 4]);
    expect(c.node(1).status().confState.learners).toEqual([]);
  });

  it('refuses a second conf change while one is not yet applied', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    expect(c.node(1).proposeConfChange(addLearner(4)).ok).toBe(true);
    expect(c.node(1).proposeConfChange(addLearner(5))).toMatchObject({ ok: false, error: { code: 'CONF_CHANGE_PENDING' } });
  });

  it("refuses a conf change until the leader's first entry of its term is applied", () => {
    // A fresh leader whose empty entry is not applied yet refuses.
    const d = new LocalCluster([1, 2, 3], { preVote: false });
    d.node(1).campaign();
    d.deliver(d.drain(1));
    d.deliver(d.drain(2).concat(d.drain(3)));
    expect(d.node(1).status().softState.role).toBe(StateRole.Leader);
    expect(d.node(1).proposeConfChange(addLearner(4))).toMatchObject({ ok: false, error: { code: 'CONF_CHANGE_PENDING' } });
  });

  it('refuses an invalid change (removing every voter) with a reason', () => {
    const c = new LocalCluster([1]);
    c.elect(1);
    const r = c.node(1).proposeConfChange(remove(1));
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_CONF_CHANGE' } });
    if (!r.ok) expect(r.error.message).toMatch(/all voters/);
  });

  it('applies two voter changes at once only through a joint configuration', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const r = c.node(1).proposeConfChange({
      changes: [{ type: ConfChangeType.AddVoter, nodeId: 4 }, { type: ConfChangeType.RemoveNode, nodeId: 3 }],
      transition: 'explicit',
    });
    // Two voter changes always go through a joint configuration (a simple change of two voters
    // cannot be expressed): check that the joint path is taken.
    expect(r.ok).toBe(true);
    c.stabilize();
    expect(c.node(1).status().confState.votersOutgoing).toEqual([1, 2, 3]);
  });

  it('replaces two voters at once through a joint configuration and leaves it automatically', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    addEmptyNode(c, 4);
    addEmptyNode(c, 5);
    const r = c.node(1).proposeConfChange({
      changes: [
        { type: ConfChangeType.AddVoter, nodeId: 4 }, { type: ConfChangeType.AddVoter, nodeId: 5 },
        { type: ConfChangeType.RemoveNode, nodeId: 2 }, { type: ConfChangeType.RemoveNode, nodeId: 3 },
      ],
    });
    expect(r.ok).toBe(true);
    c.stabilize();
    for (const id of [1, 4, 5]) {
      const cs = c.node(id).status().confState;
      expect(cs.voters).toEqual([1, 4, 5]);
      expect(cs.votersOutgoing).toEqual([]);
    }
    // The new configuration commits without nodes 2 and 3.
    c.isolate(2);
    c.isolate(3);
    const p = c.node(1).propose(enc('after'));
    c.stabilize();
    expect(c.node(4).status().commit).toBe(p.ok ? p.index : -1);
  });

  it('the leader removes itself with a simple change, hands over to an up-to-date voter, and steps down', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const term = c.node(1).status().hardState.term;
    expect(c.node(1).proposeConfChange(remove(1)).ok).toBe(true);
    c.stabilize();
    // The successor is elected by TimeoutNow, without waiting for an election timeout.
    const leader = c.leader() === 1 ? [2, 3].find((id) => c.node(id).status().softState.role === StateRole.Leader) : c.leader();
    expect(leader === 2 || leader === 3).toBe(true);
    expect(c.node(leader!).status().hardState.term).toBe(term + 1);
    expect(c.node(2).status().confState.voters).toEqual([2, 3]);
    // The removed node stepped down when it sent TimeoutNow to a voter holding its whole log.
    expect(c.node(1).status().softState.role).toBe(StateRole.Follower);
    const p = c.node(leader!).propose(enc('x'));
    c.stabilize();
    expect(c.node(2).status().commit).toBe(p.ok ? p.index : -1);
  });

  it('a removed leader refuses proposals while it hands over', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    c.node(1).proposeConfChange(remove(1));
    c.deliver(c.drain(1)); // the removal reaches node 2
    const ack = c.drain(2);
    // Before the removal commits, the leader appends one more entry that node 2 will not get: when
    // the removal applies, no voter holds the leader's whole log, so it must first catch one up.
    expect(c.node(1).propose(enc('late')).ok).toBe(true);
    c.cut.add('1-2');
    c.deliver(ack);
    c.drain(1);
    expect(c.node(1).status().confState.voters).toEqual([2, 3]);
    expect(c.node(1).status().softState.role).toBe(StateRole.Leader);
    expect(c.node(1).propose(enc('x'))).toMatchObject({ ok: false, error: { code: 'NOT_LEADER' } });
  });

  it('a removed leader whose successor cannot be elected at once retries with another voter', () => {
    const c = new LocalCluster([1, 2, 3, 4]);
    c.elect(1);
    expect(c.node(1).proposeConfChange(remove(1)).ok).toBe(true);
    // The first target never hears the TimeoutNow.
    c.cut.add('1-2');
    c.cut.add('1-3');
    c.cut.add('1-4');
    c.stabilize();
    c.heal();
    c.tick(30);
    const leaders = [2, 3, 4].filter((id) => c.node(id).status().softState.role === StateRole.Leader);
    expect(leaders).toHaveLength(1);
    expect(c.node(1).status().softState.role).toBe(StateRole.Follower);
  });

  it('the voters that have not yet learned of the removal still elect a leader (the removed leader hands over)', () => {
    // Two voters; the leader removes itself. The survivor must win, though it may need the removed
    // node's vote until it learns that the change committed.
    const c = new LocalCluster([1, 2]);
    c.elect(1);
    c.node(1).propose(enc('a'));
    c.stabilize();
    expect(c.node(1).proposeConfChange(remove(1)).ok).toBe(true);
    c.stabilize();
    c.tick(30);
    expect(c.node(2).status().softState.role).toBe(StateRole.Leader);
    expect(c.node(2).status().confState.voters).toEqual([2]);
  });

  it('the leader removes itself through a joint change and steps down once it is left', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    addEmptyNode(c, 4);
    const r = c.node(1).proposeConfChange({
      changes: [{ type: ConfChangeType.AddVoter, nodeId: 4 }, { type: ConfChangeType.RemoveNode, nodeId: 1 }],
    });
    expect(r.ok).toBe(true);
    c.stabilize();
    expect(c.node(1).status().softState.role).toBe(StateRole.Follower);
    expect(c.node(2).status().confState).toMatchObject({ voters: [2, 3, 4], votersOutgoing: [] });
    // Node 4 may still be catching up: the old leader stepped down as soon as C_new applied. The
    // next leader brings it up to date.
    c.tick(40);
    expect([2, 3, 4]).toContain(c.leader());
    expect(c.node(4).status().confState).toMatchObject({ voters: [2, 3, 4], votersOutgoing: [] });
  });

  it('a removed node that never learned of its removal cannot depose the leader (pre-vote, check-quorum lease)', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    c.node(1).proposeConfChange(remove(3));
    c.stabilize();
    expect(c.node(3).status().confState.voters).toEqual([1, 2, 3]); // it does not know
    const term = c.node(1).status().hardState.term;
    c.heal();
    c.tick(100);
    expect(c.node(1).status().softState.role).toBe(StateRole.Leader);
    expect(c.node(1).status().hardState.term).toBe(term);
    expect(c.node(1).propose(enc('still leading')).ok).toBe(true);
  });

  it('a removed node cannot disturb the group: it does not campaign and its messages are ignored', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.node(1).proposeConfChange(remove(3));
    c.stabilize();
    const term = c.node(1).status().hardState.term;
    c.tick(100);
    expect(c.node(3).status().softState.role).toBe(StateRole.Follower);
    expect(c.node(1).status().softState.role).toBe(StateRole.Leader);
    expect(c.node(1).status().hardState.term).toBe(term);
    expect(c.node(1).status().progress.has(3)).toBe(false);
  });
});
