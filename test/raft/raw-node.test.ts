import { describe, expect, it } from 'vitest';
import { StateRole } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('RawNode in a fault-free cluster', () => {
  it('elects the node that campaigns and replicates its first entry to everyone', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    expect(c.node(1).status().softState.role).toBe(StateRole.Leader);
    for (const id of [1, 2, 3]) expect(c.node(id).status().commit).toBe(2);
  });

  it('commits and applies a proposal on every node', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const r = c.node(1).propose(enc('x'));
    expect(r.ok).toBe(true);
    c.stabilize();
    for (const id of [1, 2, 3]) {
      const data = c.applied.get(id)!.map((e) => new TextDecoder().decode(e.data));
      expect(data).toEqual(['', 'x']);
    }
  });

  it('refuses a proposal on a follower with the leader as hint', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const r = c.node(2).propose(enc('x'));
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_LEADER', leader: 1 } });
  });

  it('elects a leader by election timeout alone', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.tick(40);
    expect(c.leader()).toBeDefined();
  });
});
