import { describe, expect, it } from 'vitest';
import { MemoryStorage, message, MessageType, RaftContractError, RawNode, SeededRng } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('refusals are typed results that leave the state machine unchanged', () => {
  it('a proposal to a follower returns NOT_LEADER with the leader hint', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const before = c.node(2).status();
    expect(c.node(2).propose(enc('x'))).toMatchObject({ ok: false, error: { code: 'NOT_LEADER', leader: 1 } });
    expect(c.node(2).status()).toEqual(before);
  });

  it('a proposal before any election returns NO_LEADER', () => {
    const c = new LocalCluster([1, 2, 3]);
    expect(c.node(1).propose(enc('x'))).toMatchObject({ ok: false, error: { code: 'NO_LEADER' } });
  });

  it('a leader refuses proposals past the uncommitted-bytes limit', () => {
    const c = new LocalCluster([1, 2, 3], { maxUncommittedEntriesSize: 1000 });
    c.elect(1);
    c.isolate(1);
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const r = c.node(1).propose(new Uint8Array(184));
      if (!r.ok) {
        expect(r.error.code).toBe('UNCOMMITTED_LOG_FULL');
        refused++;
      }
    }
    expect(refused).toBe(15);
    c.heal();
    c.stabilize();
    expect(c.node(1).propose(new Uint8Array(184)).ok).toBe(true);
  });

  it('messages from unknown nodes do not change the leader', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const before = c.node(1).status();
    c.node(1).step(message({ type: MessageType.AppResp, from: 9, to: 1, term: before.hardState.term, index: 100 }));
    c.node(1).step(message({ type: MessageType.HeartbeatResp, from: 9, to: 1, term: before.hardState.term }));
    expect(c.node(1).status()).toEqual(before);
  });

  it('messages addressed to another node or with term 0 are ignored', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    const before = c.node(2).status();
    c.node(2).step(message({ type: MessageType.App, from: 1, to: 3, term: 99 }));
    c.node(2).step(message({ type: MessageType.Vote, from: 3, to: 2, term: 0 }));
    expect(c.node(2).status()).toEqual(before);
  });

  it('calling ready() twice without advance() is a contract error, and step() in between too', () => {
    const node = new RawNode({ id: 1, storage: MemoryStorage.bootstrap({ voters: [1], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false }), rng: new SeededRng(1) });
    node.campaign();
    const rd = node.ready();
    expect(() => node.ready()).toThrow(RaftContractError);
    expect(() => node.step(message({ type: MessageType.Heartbeat, from: 2, to: 1, term: 5 }))).toThrow(RaftContractError);
    node.advance(rd);
  });

  it('rejects an invalid configuration with a message naming the field', () => {
    const storage = new MemoryStorage();
    expect(() => new RawNode({ id: 1, storage, rng: new SeededRng(1), electionTick: 1, heartbeatTick: 1 })).toThrow(/electionTick/);
    expect(() => new RawNode({ id: 0, storage, rng: new SeededRng(1) })).toThrow(/config\.id/);
  });
});
