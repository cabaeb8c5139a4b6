import { describe, expect, it } from 'vitest';
import type { ClusterStatus, GroupMembership } from '../../src/client/index.js';
import type { Cluster } from '../../jepsen-lite/cluster.js';
import { HistoryRecorder, type HistoryEvent } from '../../jepsen-lite/history.js';
import { makeSchedule, Nemesis, trackOf, type FaultKind, type NemesisAdmin, type ScheduledFault } from '../../jepsen-lite/nemesis.js';

// The membership faults (transfer-leader, move-replica): scheduled on their own track so that
// they overlap the other faults, and applied as their details say, against a fake admin API
// that keeps the data group's membership (group 1 meta, group 2 data).

interface Call { readonly op: 'addNode' | 'removeNode' | 'transferLeader'; readonly group: number; readonly node: number }

class FakeAdmin implements NemesisAdmin {
  readonly calls: Call[] = [];
  /** addNode fails this many times before it works. */
  failAdds = 0;
  constructor(public voters: number[], public leader: number, readonly nodes = 3) {}

  clusterStatus(): Promise<ClusterStatus> {
    const group = (id: number, voters: number[]) => ({ id, voters: [...voters], learners: [], leader: this.leader, term: 2 });
    return Promise.resolve({
      nodes: Array.from({ length: this.nodes }, (_, i) => ({ id: i + 1 })),
      groups: [group(1, [1, 2, 3]), group(2, this.voters)], metaGroupId: 1,
    } as unknown as ClusterStatus);
  }

  addNode(groupId: number, nodeId: number): Promise<GroupMembership> {
    this.calls.push({ op: 'addNode', group: groupId, node: nodeId });
    if (this.failAdds > 0) {
      this.failAdds--;
      return Promise.reject(new Error('UNAVAILABLE: no leader'));
    }
    if (!this.voters.includes(nodeId)) this.voters = [...this.voters, nodeId].sort();
    return Promise.resolve({ voters: [...this.voters], learners: [] });
  }

  removeNode(groupId: number, nodeId: number): Promise<GroupMembership> {
    this.calls.push({ op: 'removeNode', group: groupId, node: nodeId });
    this.voters = this.voters.filter((v) => v !== nodeId);
    return Promise.resolve({ voters: [...this.voters], learners: [] });
  }

  transferLeader(groupId: number, toNode: number): Promise<number> {
    this.calls.push({ op: 'transferLeader', group: groupId, node: toNode });
    this.leader = toNode;
    return Promise.resolve(toNode);
  }
}

/** Enough of a Cluster for pause faults and the final heal. */
function fakeCluster(n: number): { cluster: Cluster; paused: Set<number> } {
  const paused = new Set<number>();
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: i + 1, running: true,
    pause: () => { paused.add(i + 1); },
    resume: () => { paused.delete(i + 1); },
  }));
  const cluster = {
    nodes, network: { healAll: () => {}, links: new Map() },
    node: (id: number) => nodes[id - 1]!,
    leaderOf: () => Promise.resolve(1),
  } as unknown as Cluster;
  return { cluster, paused };
}

const fault = (kind: FaultKind, atMs: number, durationMs: number, order: number[], order2 = order): ScheduledFault =>
  ({ atMs, kind, durationMs, order, order2, track: trackOf(kind) });

async function apply(admin: FakeAdmin, schedule: ScheduledFault[], nodes = 3): Promise<{ events: HistoryEvent[]; paused: Set<number> }> {
  const history = new HistoryRecorder();
  const { cluster, paused } = fakeCluster(nodes);
  const nemesis = new Nemesis(cluster, admin, history, () => {});
  await nemesis.run(schedule, Date.now());
  return { events: history.events, paused };
}

const detail = (e: HistoryEvent | undefined): string => (e?.value as { detail: string } | undefined)?.detail ?? '';

describe('membership faults: the schedule', () => {
  const o = { timeMs: 60_000, nodes: 3, nemesis: ['partition', 'kill', 'membership'] };

  it('membership faults run on their own track, overlapping the main track\'s faults', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = makeSchedule(seed, o);
      const membership = s.filter((f) => f.track === 'membership');
      const main = s.filter((f) => f.track === 'main');
      expect(membership.length).toBeGreaterThan(3);
      for (const f of membership) expect(['transfer-leader', 'move-replica']).toContain(f.kind);
      for (const f of main) expect(['transfer-leader', 'move-replica']).not.toContain(f.kind);
      // Within a track faults never overlap; across tracks some do.
      for (const track of [main, membership]) {
        for (let i = 1; i < track.length; i++) expect(track[i]!.atMs).toBeGreaterThanOrEqual(track[i - 1]!.atMs + track[i - 1]!.durationMs + 1_000);
        expect(track.at(-1)!.atMs + track.at(-1)!.durationMs).toBeLessThanOrEqual(60_000 - 1_500);
      }
      const overlapping = membership.filter((m) => main.some((f) => m.atMs < f.atMs + f.durationMs && f.atMs < m.atMs + m.durationMs));
      expect(overlapping.length).toBeGreaterThan(0);
      expect(s.map((f) => f.atMs)).toEqual([...s.map((f) => f.atMs)].sort((a, b) => a - b));
    }
    expect(makeSchedule(2, o).some((f) => f.kind === 'move-replica')).toBe(true);
  });

  it('adding membership leaves the main track as it was (the CI smoke run\'s schedule is unchanged)', () => {
    for (const seed of [1, 3, 9]) {
      const without = makeSchedule(seed, { ...o, nemesis: ['partition', 'kill'] });
      expect(makeSchedule(seed, o).filter((f) => f.track === 'main')).toEqual(without);
    }
    // The smoke run (test/jepsen/smoke.test.ts): halves, kill -9 of the leader, isolated leader.
    const smoke = makeSchedule(3, { timeMs: 16_000, nodes: 3, nemesis: ['partition', 'kill'], faultMs: [2_000, 3_000], quietMs: [1_000, 1_500] });
    expect(smoke.map((f) => [f.atMs, f.kind, f.durationMs, f.order.join('')])).toEqual([
      [1500, 'partition-halves', 2416, '213'], [5018, 'kill-leader', 2968, '132'], [9242, 'partition-isolate-leader', 2225, '321'],
    ]);
  });
});

describe('membership faults: applied as they say', () => {
  it('move-replica on 3 nodes removes a follower (never the leader) and adds the same node back when the fault ends', async () => {
    for (const [leader, order, out] of [[1, [1, 2, 3], 2], [3, [3, 1, 2], 1], [2, [2, 3, 1], 3]] as const) {
      const admin = new FakeAdmin([1, 2, 3], leader);
      const { events } = await apply(admin, [fault('move-replica', 0, 30, [...order])]);
      expect(admin.calls).toEqual([{ op: 'removeNode', group: 2, node: out }, { op: 'addNode', group: 2, node: out }]);
      expect(admin.voters).toEqual([1, 2, 3]);
      const [start, end] = events.filter((e) => e.f === 'move-replica');
      expect(detail(start)).toContain(`remove ${out} (voters ${JSON.stringify([1, 2, 3].filter((x) => x !== out))})`);
      expect(detail(end)).toContain(`re-added ${out} (voters [1,2,3]`);
      expect(end!.time - start!.time).toBeGreaterThanOrEqual(25e6);
    }
  });

  it('move-replica with a spare node adds the spare first, then removes a follower, and leaves it moved', async () => {
    const admin = new FakeAdmin([1, 2, 3], 2, 4);
    const { events } = await apply(admin, [fault('move-replica', 0, 20, [2, 4, 1, 3])], 4);
    expect(admin.calls).toEqual([{ op: 'addNode', group: 2, node: 4 }, { op: 'removeNode', group: 2, node: 1 }]);
    expect(admin.voters).toEqual([2, 3, 4]);
    expect(detail(events.find((e) => e.f === 'move-replica'))).toBe('group 2: move 1 → 4: add 4 (voters [1,2,3,4]), remove 1 (voters [2,3,4])');
  });

  it('a re-add that fails is tried again, and then left to the coordinator', async () => {
    const once = new FakeAdmin([1, 2, 3], 1);
    once.failAdds = 1;
    const a = await apply(once, [fault('move-replica', 0, 10, [1, 3, 2])]);
    expect(once.calls.map((c) => `${c.op} ${c.node}`)).toEqual(['removeNode 3', 'addNode 3', 'addNode 3']);
    expect(detail(a.events.at(-1))).toContain('re-added 3');

    const never = new FakeAdmin([1, 2, 3], 1);
    never.failAdds = 5;
    const b = await apply(never, [fault('move-replica', 0, 10, [1, 3, 2])]);
    expect(never.calls.filter((c) => c.op === 'addNode')).toHaveLength(2);
    expect(detail(b.events.at(-1))).toMatch(/re-adding 3 failed .*left to the coordinator/);
  }, 10_000);

  it('transfer-leader hands the group to another voter', async () => {
    const admin = new FakeAdmin([1, 2, 3], 1);
    // order2[0] odd: the data group.
    const { events } = await apply(admin, [fault('transfer-leader', 0, 10, [1, 3, 2], [1, 2, 3])]);
    expect(admin.calls).toEqual([{ op: 'transferLeader', group: 2, node: 3 }]);
    expect(detail(events[0])).toBe('group 2 leadership 1 → 3: now led by 3');
  });

  it('a membership fault runs while a main-track fault is active', async () => {
    const admin = new FakeAdmin([1, 2, 3], 1);
    const { events, paused } = await apply(admin, [fault('pause-random', 0, 150, [3, 1, 2]), fault('move-replica', 20, 40, [1, 2, 3])]);
    const at = (f: string, phase: string): number => events.find((e) => e.f === f && (e.value as { phase: string }).phase === phase)!.time;
    expect(at('move-replica', 'start')).toBeLessThan(at('pause-random', 'end'));
    expect(at('move-replica', 'end')).toBeLessThan(at('pause-random', 'end'));
    expect(at('pause-random', 'start')).toBeLessThan(at('move-replica', 'start'));
    expect(admin.calls.map((c) => `${c.op} ${c.node}`)).toEqual(['removeNode 2', 'addNode 2']);
    expect(paused.size).toBe(0);
  });
});
