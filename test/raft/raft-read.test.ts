import { describe, expect, it } from 'vitest';
import { MessageType } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const ctx = (s: string): Uint8Array => enc(s);
const reads = (c: LocalCluster, id: number): string[] =>
  c.readStates.get(id)!.map((r) => `${new TextDecoder().decode(r.context)}@${r.index}`);

describe('ReadIndex and lease reads (thesis §6.4)', () => {
  it('answers a read on the leader after a heartbeat round confirms its leadership', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.record = true;
    c.node(1).readIndex(ctx('r1'));
    c.stabilize();
    const commit = c.node(1).status().commit;
    expect(reads(c, 1)).toEqual([`r1@${commit}`]);
    expect(c.sent.some((m) => m.type === MessageType.Heartbeat && m.context !== null)).toBe(true);
  });

  it('does not answer a read while the leader cannot reach a quorum', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(1);
    c.node(1).readIndex(ctx('r1'));
    c.stabilize();
    expect(reads(c, 1)).toEqual([]);
  });

  it("defers reads until the new leader commits an entry of its own term", () => {
    const c = new LocalCluster([1, 2, 3], { preVote: false });
    c.node(1).campaign();
    c.deliver(c.drain(1));
    c.deliver(c.drain(2).concat(c.drain(3)));
    // Node 1 is leader but its empty entry is not committed yet.
    c.node(1).readIndex(ctx('early'));
    const out = c.drain(1);
    expect(out.some((m) => m.type === MessageType.Heartbeat && m.context !== null)).toBe(false);
    c.deliver(out);
    c.stabilize();
    expect(reads(c, 1)).toEqual([`early@${c.node(1).status().commit}`]);
  });

  it('a follower forwards the read to the leader and gets the read index back', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.node(1).propose(enc('x'));
    c.stabilize();
    expect(c.node(2).readIndex(ctx('f1')).ok).toBe(true);
    c.stabilize();
    expect(reads(c, 2)).toEqual([`f1@${c.node(1).status().commit}`]);
  });

  it('a follower without a leader refuses the read', () => {
    const c = new LocalCluster([1, 2, 3]);
    expect(c.node(2).readIndex(ctx('f1'))).toMatchObject({ ok: false, error: { code: 'NO_LEADER' } });
  });

  it('a lease read is answered at once while a quorum recently acknowledged a heartbeat', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.tick(1);
    expect(c.node(1).status().leaseValid).toBe(true);
    c.record = true;
    c.node(1).readIndex(ctx('l1'), 'lease');
    const out = c.drain(1);
    expect(out.filter((m) => m.type === MessageType.Heartbeat)).toHaveLength(0);
    expect(reads(c, 1)).toEqual([`l1@${c.node(1).status().commit}`]);
  });

  it('the lease expires an election timeout (less the drift margin) after the last acknowledged heartbeat', () => {
    const c = new LocalCluster([1, 2, 3], { electionTick: 10, leaseMarginTicks: 1 });
    c.elect(1);
    c.tick(1);
    c.isolate(1);
    let validTicks = 0;
    for (let i = 0; i < 12; i++) {
      c.tick(1);
      if (c.node(1).status().leaseValid) validTicks++;
    }
    expect(validTicks).toBe(8);
  });

  it('without a valid lease, a lease read falls back to a heartbeat round', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.tick(1);
    c.isolate(1);
    c.tick(9);
    expect(c.node(1).status().leaseValid).toBe(false);
    c.node(1).readIndex(ctx('l2'), 'lease');
    c.stabilize();
    expect(reads(c, 1)).toEqual([]);
  });

  it('without check-quorum there is no lease', () => {
    const c = new LocalCluster([1, 2, 3], { checkQuorum: false });
    c.elect(1);
    c.tick(1);
    expect(c.node(1).status().leaseValid).toBe(false);
  });

  it('after sending TimeoutNow the leader serves no lease reads for the rest of its term', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.tick(1);
    c.cut.add('1-3'); // the TimeoutNow is lost, the transfer times out
    c.node(1).transferLeadership(3);
    c.stabilize();
    c.cut.clear();
    c.tick(12);
    expect(c.node(1).status().leadTransferee).toBe(0);
    expect(c.node(1).status().leaseValid).toBe(false);
  });
});
