import { describe, expect, it } from 'vitest';
import { ConfChangeType, MemoryStorage, MessageType, StateRole } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('leadership transfer (thesis §3.10)', () => {
  it('hands leadership to an up-to-date follower with TimeoutNow', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const term = c.node(1).status().hardState.term;
    c.record = true;
    expect(c.node(1).transferLeadership(3).ok).toBe(true);
    c.stabilize();
    expect(c.sent.some((m) => m.type === MessageType.TimeoutNow && m.to === 3)).toBe(true);
    expect(c.leader()).toBe(3);
    expect(c.node(3).status().hardState.term).toBe(term + 1);
  });

  it('first brings a lagging target up to date, then sends TimeoutNow', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    for (let i = 0; i < 10; i++) c.node(1).propose(enc(`x${i}`));
    c.stabilize();
    c.heal();
    c.record = true;
    expect(c.node(1).transferLeadership(3).ok).toBe(true);
    c.stabilize();
    const kinds = c.sent.filter((m) => m.to === 3).map((m) => m.type);
    expect(kinds.indexOf(MessageType.App)).toBeLessThan(kinds.indexOf(MessageType.TimeoutNow));
    expect(c.leader()).toBe(3);
  });

  it('refuses proposals while a transfer is under way', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    c.node(1).transferLeadership(3);
    expect(c.node(1).propose(enc('x'))).toMatchObject({ ok: false, error: { code: 'TRANSFER_IN_PROGRESS', transferee: 3 } });
  });

  it('aborts a transfer that does not finish within an election timeout', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    c.node(1).transferLeadership(3);
    c.cut.delete('1-2');
    c.cut.delete('2-1');
    c.tick(10);
    expect(c.node(1).status().leadTransferee).toBe(0);
    expect(c.node(1).status().softState.role).toBe(StateRole.Leader);
    expect(c.node(1).propose(enc('x')).ok).toBe(true);
  });

  it('refuses to transfer to a learner or a non-member', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.storages.set(4, new MemoryStorage());
    c.start(4);
    c.node(1).proposeConfChange({ changes: [{ type: ConfChangeType.AddLearner, nodeId: 4 }] });
    c.stabilize();
    expect(c.node(1).transferLeadership(4)).toMatchObject({ ok: false, error: { code: 'INVALID_TARGET' } });
    expect(c.node(1).transferLeadership(9)).toMatchObject({ ok: false, error: { code: 'INVALID_TARGET' } });
  });

  it('the target campaigns past the other voters’ leases', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.tick(3); // followers are in lease: an ordinary campaign would be ignored
    c.node(1).transferLeadership(2);
    c.stabilize();
    expect(c.leader()).toBe(2);
  });

  it('a follower asked to transfer answers NOT_LEADER with the leader', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    expect(c.node(2).transferLeadership(3)).toMatchObject({ ok: false, error: { code: 'NOT_LEADER', leader: 1 } });
  });
});
