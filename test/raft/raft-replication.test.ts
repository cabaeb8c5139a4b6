import { describe, expect, it } from 'vitest';
import { MessageType, ProgressState, type Message } from '../../src/raft/index.js';
import { LocalCluster } from './support/local-cluster.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const apps = (msgs: readonly Message[], to?: number): Message[] =>
  msgs.filter((m) => m.type === MessageType.App && (to === undefined || m.to === to));

describe('log replication and flow control (Raft §5.3, thesis §10.2)', () => {
  it('batches proposals made between two Readies into one App per follower', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    for (let i = 0; i < 100; i++) c.node(1).propose(enc(`p${i}`));
    const out = c.drain(1);
    expect(apps(out, 2)).toHaveLength(1);
    expect(apps(out, 3)).toHaveLength(1);
    expect(apps(out, 2)[0]!.entries).toHaveLength(100);
  });

  it('caps the bytes of entries in one App at maxSizePerMsg', () => {
    const c = new LocalCluster([1, 2, 3], { maxSizePerMsg: 1000 });
    c.elect(1);
    for (let i = 0; i < 50; i++) c.node(1).propose(new Uint8Array(84)); // 100 bytes each with the header
    const out = apps(c.drain(1), 2);
    expect(out.length).toBe(5);
    for (const m of out) expect(m.entries.length).toBeLessThanOrEqual(10);
  });

  it('keeps at most maxInflightMsgs Apps in flight to a follower that does not answer', () => {
    const c = new LocalCluster([1, 2, 3], { maxInflightMsgs: 4, maxSizePerMsg: 100 });
    c.elect(1);
    c.cut.add('2-1'); // node 2's answers are lost
    const sentTo2: Message[] = [];
    for (let i = 0; i < 20; i++) {
      c.node(1).propose(new Uint8Array(84));
      const out = c.drain(1);
      sentTo2.push(...apps(out, 2));
      c.deliver(out);
      c.drain(2); // its answers vanish on the cut link
      c.deliver(c.drain(3));
      c.drain(1);
    }
    expect(sentTo2.length).toBe(4);
    expect(c.node(1).status().progress.get(2)!.inflightMsgs).toBe(4);
  });

  it('recovers a follower whose whole window of Apps was lost', () => {
    const c = new LocalCluster([1, 2, 3], { maxInflightMsgs: 2, maxSizePerMsg: 100 });
    c.elect(1);
    c.cut.add('1-2');
    for (let i = 0; i < 10; i++) c.node(1).propose(new Uint8Array(84));
    c.stabilize();
    expect(c.node(1).status().progress.get(2)!.inflightMsgs).toBe(2);
    c.heal();
    c.tick(3);
    expect(c.node(2).status().commit).toBe(c.node(1).status().commit);
  });

  it('also bounds the window in bytes (maxInflightBytes)', () => {
    const c = new LocalCluster([1, 2, 3], { maxInflightMsgs: 100, maxInflightBytes: 300, maxSizePerMsg: 100 });
    c.elect(1);
    c.cut.add('2-1');
    let sent = 0;
    for (let i = 0; i < 20; i++) {
      c.node(1).propose(new Uint8Array(84));
      const out = c.drain(1);
      sent += apps(out, 2).length;
      c.deliver(out.filter((m) => m.to === 3));
      c.deliver(c.drain(3));
      c.drain(1);
    }
    expect(sent).toBe(3);
  });

  it('sends one probe per heartbeat to a follower whose log position is unknown', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(2);
    c.node(1).reportUnreachable(2); // replicate → probe
    expect(c.node(1).status().progress.get(2)!.state).toBe(ProgressState.Probe);
    let probes = 0;
    for (let i = 0; i < 5; i++) {
      c.node(1).propose(enc(`x${i}`));
      const out = c.drain(1);
      probes += apps(out, 2).length;
      c.deliver(out.filter((m) => m.to === 3));
      c.deliver(c.drain(3));
      c.drain(1);
    }
    expect(probes).toBe(1);
  });

  it('brings a follower thousands of entries behind, with a divergent log, up to date in a few round trips', () => {
    const c = new LocalCluster([1, 2, 3], { maxSizePerMsg: 64 * 1024, maxInflightMsgs: 64 });
    c.elect(1);
    // Node 1 leads alone for a while: 3,000 entries that will never commit.
    c.isolate(1);
    for (let i = 0; i < 3000; i++) c.node(1).propose(enc(`stale${i}`));
    c.stabilize();
    // Nodes 2 and 3 elect a leader and commit 5,000 other entries.
    c.tick(60);
    const leader = c.leader() === 1 ? undefined : c.leader();
    expect(leader === 2 || leader === 3).toBe(true);
    for (let i = 0; i < 5000; i++) c.node(leader!).propose(enc(`new${i}`));
    c.stabilize();
    c.heal();
    c.record = true;
    c.tick(3);
    const toNode1 = c.sent.filter((m) => m.to === 1 && m.type === MessageType.App);
    const rejections = c.sent.filter((m) => m.from === 1 && m.type === MessageType.AppResp && m.reject);
    expect(c.node(1).status().commit).toBe(c.node(leader!).status().commit);
    expect(c.node(1).status().lastIndex).toBe(c.node(leader!).status().lastIndex);
    // One probe skips the whole divergent term; the rest streams in 64 KiB messages.
    expect(rejections.length).toBeLessThanOrEqual(2);
    expect(toNode1.length).toBeLessThan(30);
  });

  it('tells a follower the commit index only up to what it is known to hold (heartbeat commit)', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.isolate(3);
    c.node(1).propose(enc('x'));
    c.stabilize();
    c.heal();
    c.node(1).tick(); // heartbeat
    const hb = c.drain(1).filter((m) => m.type === MessageType.Heartbeat && m.to === 3);
    expect(hb).toHaveLength(1);
    expect(hb[0]!.commit).toBeLessThanOrEqual(c.node(1).status().progress.get(3)!.match);
  });

  it("sends the leader's Apps before its own append is durable, and counts its own vote only after", () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    c.node(1).propose(enc('x'));
    const rd = c.node(1).ready();
    expect(rd.entries).toHaveLength(1);
    expect(apps(rd.messages)).toHaveLength(2);
    const before = c.node(1).status().progress.get(1)!.match;
    expect(before).toBe(rd.entries[0]!.index - 1);
    c.storages.get(1)!.append(rd.entries);
    c.node(1).advance(rd);
    expect(c.node(1).status().progress.get(1)!.match).toBe(rd.entries[0]!.index);
  });

  it('commits by counting only entries of the current term (§5.4.2)', () => {
    const c = new LocalCluster([1, 2, 3]);
    c.elect(1);
    // Node 1 appends an entry that reaches node 2 only, then loses its leadership.
    c.cut.add('1-3');
    c.cut.add('2-1');
    c.node(1).propose(enc('old'));
    c.stabilize();
    c.heal();
    const oldIndex = c.node(2).status().lastIndex;
    expect(c.node(2).status().commit).toBeLessThan(oldIndex);
    // Node 2 becomes leader in a new term; node 3 acknowledges the old entry before the new one.
    c.isolate(1);
    c.tick(60);
    expect(c.leader()).not.toBe(1);
    const leader = c.leader()!;
    expect(c.node(leader).status().commit).toBeGreaterThanOrEqual(oldIndex);
    const entries = c.storages.get(leader)!.entries(oldIndex, oldIndex + 2, Infinity);
    // The old entry was committed only together with (after) an entry of the new term.
    expect(entries[1]!.term).toBe(c.node(leader).status().hardState.term);
  });
});
