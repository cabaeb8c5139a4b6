import { describe, expect, it } from 'vitest';
import { MessageType, ProgressState, type Message } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('snapshots and log compaction (Raft §7)', () => {
  function laggingFollower(): LocalCluster {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    for (let i = 0; i < 20; i++) c.node(1).propose(enc(`x${i}`));
    c.stabilize();
    c.compact(1);
    c.compact(2);
    return c;
  }

  it('sends a snapshot to a follower that is behind the first index', () => {
    const c = laggingFollower();
    c.heal();
    c.record = true;
    c.tick(2);
    const snaps = c.sent.filter((m) => m.type === MessageType.Snap && m.to === 3);
    expect(snaps).toHaveLength(1);
    expect(snaps[0]!.snapshot!.metadata.index).toBe(c.storages.get(1)!.snapshot().metadata.index);
    expect(c.node(3).status().commit).toBe(c.node(1).status().commit);
    expect(c.storages.get(3)!.snapshot().metadata.index).toBe(snaps[0]!.snapshot!.metadata.index);
  });

  /** Lets node 1 and node 3 talk until the leader emits a snapshot; returns those messages undelivered. */
  function untilSnapshot(c: LocalCluster): Message[] {
    c.node(1).tick();
    for (let i = 0; i < 10; i++) {
      const out = c.drain(1);
      if (out.some((m) => m.type === MessageType.Snap)) return out;
      c.deliver(out);
      c.deliver(c.drain(2));
      c.deliver(c.drain(3));
    }
    throw new Error('the leader never sent a snapshot');
  }

  it('the leader tracks the follower in snapshot state, then resumes replication', () => {
    const c = laggingFollower();
    c.heal();
    const out = untilSnapshot(c);
    expect(c.node(1).status().progress.get(3)!.state).toBe(ProgressState.Snapshot);
    c.deliver(out);
    c.stabilize();
    expect(c.node(1).status().progress.get(3)!.state).toBe(ProgressState.Replicate);
    const p = c.node(1).propose(enc('after'));
    c.stabilize();
    expect(c.node(3).status().commit).toBe(p.ok ? p.index : -1);
  });

  it('a failed snapshot send returns the follower to probing, and the snapshot is retried', () => {
    const c = laggingFollower();
    c.heal();
    const lost = untilSnapshot(c).filter((m) => m.type === MessageType.Snap);
    expect(lost).toHaveLength(1);
    c.node(1).reportSnapshot(3, false);
    expect(c.node(1).status().progress.get(3)!.state).toBe(ProgressState.Probe);
    c.tick(3);
    expect(c.node(3).status().commit).toBe(c.node(1).status().commit);
  });

  it('a restarted node recovers from its snapshot and log tail', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    for (let i = 0; i < 10; i++) c.node(1).propose(enc(`x${i}`));
    c.stabilize();
    c.compact(2);
    for (let i = 0; i < 5; i++) c.node(1).propose(enc(`y${i}`));
    c.stabilize();
    const before = c.node(2).status();
    c.restart(2);
    const after = c.node(2).status();
    expect(after.hardState).toEqual(before.hardState);
    expect(after.lastIndex).toBe(before.lastIndex);
    expect(after.applied).toBe(c.storages.get(2)!.snapshot().metadata.index);
    c.stabilize();
    // The log tail after the snapshot is applied again.
    expect(c.node(2).status().applied).toBe(before.commit);
  });
});
