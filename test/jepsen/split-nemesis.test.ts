import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterStatus, CollectionInfo, GroupMembership, OperatorsStatus } from '../../src/client/index.js';
import { ConsistentRing, IdRanges, fromDescriptionJson, newShardingDescription } from '../../src/shard/index.js';
import type { Cluster } from '../../jepsen-lite/cluster.js';
import { HistoryRecorder, type HistoryEvent } from '../../jepsen-lite/history.js';
import {
  compareUtf8, enabledKinds, makeSchedule, Nemesis, pickSplit, rangeSpans, trackOf,
  type FaultKind, type NemesisAdmin, type RangeSpan, type ScheduledFault, type ShardAdmin,
} from '../../jepsen-lite/nemesis.js';
import { Rng } from '../../jepsen-lite/rng.js';
import { registerSplitKeys } from '../../jepsen-lite/workloads/register.js';
import { digitSplitKeys, shardingOptions } from '../../jepsen-lite/workloads/workload.js';

// The split fault: on the membership track, it splits one of the collection's current range
// shards at a workload key strictly inside it (or adds a shard to a consistent collection), and
// records what the reshard did. Checked against a fake admin API that keeps the collection's
// description with the real sharding code (src/shard), so a key the server would refuse is
// refused here too, and runs a reshard as an operator that commits after a few polls.

type Change = Parameters<ShardAdmin['reshard']>[1];

class FakeShardAdmin implements NemesisAdmin, ShardAdmin {
  readonly reshards: Change[] = [];
  readonly calls: string[] = [];
  /** The operator under way: committed (or aborted) after `pollsLeft` listOperators. */
  private pending: { id: number; next: string; pollsLeft: number } | undefined;
  private nextOperator = 1;
  private nextGroup: number;
  /** The reshard operator fails (rolled back) instead of committing. */
  abort = false;
  /** listOperators calls an operator stays listed for. */
  polls = 1;
  groupIds: number[];
  leader = 1;

  constructor(public description: string, readonly nodes = 3) {
    const n = (JSON.parse(description) as { ranges: unknown[] }).ranges.length;
    this.groupIds = Array.from({ length: n }, (_, i) => 2 + i);
    this.nextGroup = 2 + n;
  }

  describeCollection(name: string): Promise<CollectionInfo> {
    this.calls.push(`describeCollection ${name}`);
    return Promise.resolve({ name, shards: this.groupIds.length, groupIds: [...this.groupIds], shardingJson: this.description } as unknown as CollectionInfo);
  }

  reshard(collection: string, change: Change): Promise<{ operatorId: number; shardingJson: string }> {
    this.calls.push(`reshard ${collection}`);
    if (this.pending !== undefined) return Promise.reject(new Error(`FAILED_PRECONDITION: collection "${collection}" is already being resharded`));
    // The server's own checks: a split key strictly inside the range (IdRanges.split throws otherwise).
    const current = fromDescriptionJson(this.description);
    let next: unknown;
    if ('split' in change) {
      if (!(current instanceof IdRanges)) return Promise.reject(new Error('FAILED_PRECONDITION: shard split needs range sharding'));
      next = current.split(change.split.shard, change.split.splitKey);
    } else {
      if (!(current instanceof ConsistentRing)) return Promise.reject(new Error('FAILED_PRECONDITION: add_shard needs consistent sharding'));
      next = current.addShard();
    }
    this.reshards.push(change);
    const id = this.nextOperator++;
    this.pending = { id, next: JSON.stringify(next), pollsLeft: this.polls };
    return Promise.resolve({ operatorId: id, shardingJson: JSON.stringify(next) });
  }

  listOperators(): Promise<OperatorsStatus> {
    this.calls.push('listOperators');
    const p = this.pending;
    if (p !== undefined && p.pollsLeft-- <= 0) {
      this.pending = undefined;
      if (!this.abort) this.commit(p.next);
    }
    const ops = this.pending === undefined ? [] : [{ id: this.pending.id, kind: 'reshard', groupId: 2, step: 'copying', startedAtMs: 0 }];
    return Promise.resolve({ operators: ops, planned: 0 });
  }

  /** The retired ranges' groups leave, each new range gets a new group (as the coordinator's commit). */
  private commit(next: string): void {
    const before = new Map((JSON.parse(this.description) as { ranges: { id: number; epoch: number }[] }).ranges.map((r, i) => [r.id, { epoch: r.epoch, group: this.groupIds[i]! }]));
    const ranges = (JSON.parse(next) as { ranges: { id: number; epoch: number }[] }).ranges;
    this.groupIds = ranges.map((r) => {
      const b = before.get(r.id);
      return b !== undefined && b.epoch === r.epoch ? b.group : this.nextGroup++;
    });
    this.description = next;
  }

  clusterStatus(): Promise<ClusterStatus> {
    const group = (id: number, voters: number[]) => ({ id, voters, learners: [], leader: this.leader, term: 2 });
    return Promise.resolve({
      nodes: Array.from({ length: this.nodes }, (_, i) => ({ id: i + 1 })),
      groups: [group(1, [1, 2, 3]), ...this.groupIds.map((g) => group(g, [1, 2, 3]))], metaGroupId: 1,
    } as unknown as ClusterStatus);
  }

  addNode(groupId: number, nodeId: number): Promise<GroupMembership> {
    this.calls.push(`addNode ${groupId} ${nodeId}`);
    return Promise.resolve({ voters: [1, 2, 3], learners: [] });
  }

  removeNode(groupId: number, nodeId: number): Promise<GroupMembership> {
    this.calls.push(`removeNode ${groupId} ${nodeId}`);
    return Promise.resolve({ voters: [1, 2, 3].filter((x) => x !== nodeId), learners: [] });
  }

  transferLeader(groupId: number, toNode: number): Promise<number> {
    this.calls.push(`transferLeader ${groupId} ${toNode}`);
    return Promise.resolve(toNode);
  }
}

function fakeCluster(n: number, leaderOf: (group: number) => number | undefined = () => 1): Cluster {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: i + 1, running: true, pause: () => {}, resume: () => {} }));
  return {
    nodes, network: { healAll: () => {}, links: new Map() },
    node: (id: number) => nodes[id - 1]!,
    leaderOf: (group: number) => Promise.resolve(leaderOf(group)),
  } as unknown as Cluster;
}

const fault = (kind: FaultKind, atMs: number, durationMs: number, order = [1, 2, 3], order2 = order): ScheduledFault =>
  ({ atMs, kind, durationMs, order, order2, track: trackOf(kind) });

async function apply(admin: FakeShardAdmin, schedule: ScheduledFault[], keys: readonly string[], o: { sharded?: boolean; leaderOf?: (g: number) => number | undefined } = {}): Promise<HistoryEvent[]> {
  const history = new HistoryRecorder();
  const nemesis = new Nemesis(fakeCluster(3, o.leaderOf), admin, history, () => {}, { collection: 'jepsen', sharded: o.sharded ?? true, keys: () => keys });
  await nemesis.run(schedule, Date.now());
  return history.events;
}

const detail = (e: HistoryEvent | undefined): string => (e?.value as { detail: string } | undefined)?.detail ?? '';
const phase = (e: HistoryEvent): string => (e.value as { phase: string }).phase;
const rangeDesc = (splitKeys: string[]): string => JSON.stringify(newShardingDescription({ kind: 'range', splitKeys }));
const setIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `s${i}`);
const REGISTER_IDS = ['reg-k0', 'reg-k1', 'reg-k2', 'reg-k3', 'reg-k4'];

/** The key lies strictly inside the span (what the server demands of a split key). */
const strictlyInside = (r: RangeSpan, k: string): boolean => compareUtf8(k, r.start) > 0 && (r.end === undefined || compareUtf8(k, r.end) < 0);

describe('split fault: where it splits', () => {
  it('splits the range holding the most workload keys, strictly inside it, with keys on both sides', () => {
    const spans = rangeSpans(rangeDesc(['s3', 's6']))!;
    expect(spans.map((r) => [r.id, r.start, r.end])).toEqual([[0, '', 's3'], [1, 's3', 's6'], [2, 's6', undefined]]);
    for (let seed = 0; seed < 50; seed++) {
      const p = pickSplit(spans, setIds(200), new Rng(seed))!;
      // s0..s199: "" to s3 holds s0, s1*, s10*..s19*, s2*, ...: by far the most.
      expect(p.range.id).toBe(0);
      expect(strictlyInside(p.range, p.key)).toBe(true);
      expect(p.keysBelow).toBeGreaterThan(0);
      expect(p.keysBelow).toBeLessThan(p.keysInRange);
    }
  });

  it('a range starting at a workload key is never split at that key (both halves must be non-empty)', () => {
    // [reg-k2, ∞) holds k2, k3, k4 and starts at k2.
    const spans = rangeSpans(rangeDesc(registerSplitKeys(2)))!;
    for (let seed = 0; seed < 200; seed++) {
      const p = pickSplit(spans, REGISTER_IDS, new Rng(seed))!;
      expect(p.range.id).toBe(1);
      expect(['reg-k3', 'reg-k4']).toContain(p.key);
    }
  });

  it('with no range holding two keys, any key strictly inside a range; with none, nothing', () => {
    const spans = rangeSpans(rangeDesc(['reg-k1', 'reg-k2', 'reg-k3', 'reg-k4']))!;
    // Every range starts at its only key, except the first ("" < reg-k0).
    expect(pickSplit(spans, REGISTER_IDS, new Rng(1))).toMatchObject({ key: 'reg-k0', range: { id: 0 }, keysBelow: 0 });
    expect(pickSplit(rangeSpans(rangeDesc(['reg-k0', 'reg-k1', 'reg-k2', 'reg-k3', 'reg-k4']))!, REGISTER_IDS, new Rng(1))).toBeUndefined();
    expect(pickSplit(spans, [], new Rng(1))).toBeUndefined();
  });

  it('any ranges and keys: the pick is a workload key the real IdRanges.split accepts', () => {
    const key = fc.stringMatching(/^[a-z0-9]{1,4}$/);
    fc.assert(fc.property(fc.uniqueArray(key, { maxLength: 5 }), fc.array(key, { maxLength: 30 }), fc.integer(), (starts, keys, seed) => {
      const desc = rangeDesc([...starts].sort(compareUtf8));
      const p = pickSplit(rangeSpans(desc)!, keys, new Rng(seed));
      const anyInside = rangeSpans(desc)!.some((r) => keys.some((k) => strictlyInside(r, k)));
      expect(p !== undefined).toBe(anyInside);
      if (p === undefined) return;
      expect(keys).toContain(p.key);
      expect(() => (fromDescriptionJson(desc) as IdRanges).split(p.range.id, p.key)).not.toThrow();
    }), { seed: 20261124, numRuns: 300 });
  });

  it('the initial split keys come from each workload\'s key space; no --sharding leaves createCollection as it was', () => {
    expect(registerSplitKeys(2)).toEqual(['reg-k2']);
    expect(registerSplitKeys(3)).toEqual(['reg-k1', 'reg-k3']);
    expect(digitSplitKeys('s', 2)).toEqual(['s5']);
    expect(digitSplitKeys('v', 3)).toEqual(['v3', 'v6']);
    const base = { ack: 'majority' as const, consistency: 'linearizable' as const, seed: 1 };
    expect(shardingOptions(base, registerSplitKeys)).toEqual({});
    expect(shardingOptions({ ...base, sharding: { kind: 'range', shards: 2 } }, registerSplitKeys)).toEqual({ sharding: 'range', splitKeys: ['reg-k2'] });
    expect(shardingOptions({ ...base, sharding: { kind: 'consistent', shards: 4 } }, registerSplitKeys)).toEqual({ sharding: 'consistent', shards: 4 });
  });
});

describe('split fault: the schedule', () => {
  it('`split` is its own family, runs on the membership track, and leaves the main track as it was', () => {
    expect(enabledKinds(['split'])).toEqual(['split']);
    expect(enabledKinds(['membership'])).not.toContain('split');
    const o = { timeMs: 30_000, nodes: 3 };
    for (const seed of [1, 2, 3]) {
      const s = makeSchedule(seed, { ...o, nemesis: ['partition', 'kill', 'split'] });
      const splits = s.filter((f) => f.kind === 'split');
      expect(splits.length).toBeGreaterThanOrEqual(3);
      for (const f of splits) expect(f.track).toBe('membership');
      expect(s.filter((f) => f.track === 'main')).toEqual(makeSchedule(seed, { ...o, nemesis: ['partition', 'kill'] }));
    }
  });
});

describe('split fault: applied as it says', () => {
  it('splits a range shard at a workload key, records the reshard, and reports its commit when the fault ends', async () => {
    const admin = new FakeShardAdmin(rangeDesc(['s3', 's6']));
    const events = await apply(admin, [fault('split', 0, 20)], setIds(300));
    expect(admin.reshards).toHaveLength(1);
    const change = admin.reshards[0] as { split: { shard: number; splitKey: string } };
    expect(change.split.shard).toBe(0);
    expect(setIds(300)).toContain(change.split.splitKey);
    const [start, end] = events.filter((e) => e.f === 'split');
    expect(start).toMatchObject({ process: 'nemesis', type: 'info' });
    expect(phase(start!)).toBe('start');
    expect(detail(start)).toMatch(new RegExp(`^collection jepsen: split shard 0 \\(group 2, \\[\\"\\", \\"s3\\"\\), \\d+ workload keys\\) at "${change.split.splitKey}" \\(\\d+ keys below\\): operator 1$`));
    expect(phase(end!)).toBe('end');
    expect(detail(end)).toBe(`committed: 0:"" 3:"${change.split.splitKey}" 1:"s3" 2:"s6", groups [5,6,3,4]`);
    expect(admin.groupIds).toEqual([5, 6, 3, 4]);
  });

  it('knows when a reshard may have renumbered versions: from its request until the fault saw it end; open-ended if it never did', async () => {
    const admin = new FakeShardAdmin(rangeDesc(['s5']));
    const nemesis = new Nemesis(fakeCluster(3), admin, new HistoryRecorder(), () => {}, { collection: 'jepsen', sharded: true, keys: () => setIds(50) });
    const t0 = Date.now();
    expect(nemesis.mayHaveResharded(0, Date.now())).toBe(false);
    await nemesis.run([fault('split', 50, 10)], t0);
    const t1 = Date.now();
    expect(nemesis.mayHaveResharded(0, t0 + 40)).toBe(false);
    expect(nemesis.mayHaveResharded(0, t1)).toBe(true);
    expect(nemesis.mayHaveResharded(t1 + 1, t1 + 1_000)).toBe(false);

    const slow = new FakeShardAdmin(rangeDesc(['s5']));
    slow.polls = 1_000;
    const n2 = new Nemesis(fakeCluster(3), slow, new HistoryRecorder(), () => {}, { collection: 'jepsen', sharded: true, keys: () => setIds(50) });
    const done = n2.run([fault('split', 0, 10)], Date.now());
    await new Promise((r) => setTimeout(r, 300));
    n2.stop();
    await done;
    expect(n2.mayHaveResharded(Date.now() + 60_000, Date.now() + 61_000)).toBe(true);
  });

  it('several splits: each one splits the collection\'s current ranges', async () => {
    const admin = new FakeShardAdmin(rangeDesc(registerSplitKeys(2)));
    const schedule = [0, 40, 80, 120, 160].map((at) => fault('split', at, 10));
    const events = await apply(admin, schedule, REGISTER_IDS);
    // {k0,k1 | k2,k3,k4} → every workload key its own range: 3 splits with keys on both sides, then
    // "" < reg-k0 is the last key strictly inside a range, then none is left.
    expect(admin.reshards.map((c) => (c as { split: { splitKey: string } }).split.splitKey).sort()).toEqual(['reg-k0', 'reg-k1', 'reg-k3', 'reg-k4']);
    expect(rangeSpans(admin.description)!.map((r) => r.start)).toEqual(['', ...REGISTER_IDS]);
    const ends = events.filter((e) => e.f === 'split' && phase(e) === 'end');
    expect(ends.slice(0, 4).map(detail).every((d) => d.startsWith('committed: '))).toBe(true);
    expect(detail(events.filter((e) => e.f === 'split' && phase(e) === 'start').at(-1))).toMatch(/none of the workload's 5 keys is strictly inside a shard/);
  });

  it('a consistent collection gets one more shard', async () => {
    const admin = new FakeShardAdmin(JSON.stringify(newShardingDescription({ kind: 'consistent', shards: 1 })));
    const events = await apply(admin, [fault('split', 0, 10), fault('split', 40, 10)], setIds(10));
    expect(admin.reshards).toEqual([{ addShard: true }, { addShard: true }]);
    expect(admin.groupIds).toHaveLength(3);
    expect(detail(events[0])).toBe('collection jepsen: add a shard to 1 (groups [2]): operator 1');
    expect(detail(events[1])).toMatch(/^committed: consistent, 2 ranges, groups \[\d+,\d+\]$/);
  });

  it('a reshard that is rolled back is reported as not committed; one still under way when the run ends, as under way', async () => {
    const aborted = new FakeShardAdmin(rangeDesc(['s5']));
    aborted.abort = true;
    const a = await apply(aborted, [fault('split', 0, 10)], setIds(50));
    expect(detail(a.at(-1))).toBe('not committed (rolled back or never started): 0:"" 1:"s5", groups [2,3]');

    const slow = new FakeShardAdmin(rangeDesc(['s5']));
    slow.polls = 1_000;
    const history = new HistoryRecorder();
    const nemesis = new Nemesis(fakeCluster(3), slow, history, () => {}, { collection: 'jepsen', sharded: true, keys: () => setIds(50) });
    const done = nemesis.run([fault('split', 0, 10)], Date.now());
    await new Promise((r) => setTimeout(r, 400));
    nemesis.stop();
    await done;
    expect(detail(history.events.at(-1))).toMatch(/^not committed yet: 0:"" 1:"s5", groups \[2,3\]; operator 1 still under way \(step copying\) when the run ended$/);
  }, 10_000);

  it('a refused reshard is recorded as failed', async () => {
    const admin = new FakeShardAdmin(rangeDesc(['s5']));
    admin.polls = 1_000;
    // The first reshard never finishes (the run stops waiting); the second is refused.
    await admin.reshard('jepsen', { split: { shard: 1, splitKey: 's7' } });
    const history = new HistoryRecorder();
    const nemesis = new Nemesis(fakeCluster(3), admin, history, () => {}, { collection: 'jepsen', sharded: true, keys: () => setIds(50) });
    const done = nemesis.run([fault('split', 0, 10)], Date.now());
    await new Promise((r) => setTimeout(r, 200));
    nemesis.stop();
    await done;
    expect(detail(history.events[0])).toMatch(/: failed: FAILED_PRECONDITION: collection "jepsen" is already being resharded$/);
  });

  it('in a sharded run, "the data group" is one of the collection\'s current groups (not group 2 once it is retired)', async () => {
    const admin = new FakeShardAdmin(rangeDesc(['s5']));
    const leaders: number[] = [];
    const events = await apply(admin, [
      fault('split', 0, 10), fault('move-replica', 60, 10, [2, 3, 1]), fault('transfer-leader', 100, 10, [1, 3, 2], [3, 1, 2]),
      fault('pause-leader', 0, 200, [1, 2, 3]),
    ], setIds(40), { leaderOf: (g) => { leaders.push(g); return 1; } });
    const groups = new Set(admin.groupIds);
    expect(groups.has(2) || groups.has(3)).toBe(true);
    const moved = admin.calls.filter((c) => c.startsWith('removeNode') || c.startsWith('addNode')).map((c) => Number(c.split(' ')[1]));
    expect(moved).toHaveLength(2);
    for (const g of moved) expect(groups).toContain(g);
    const transferred = admin.calls.find((c) => c.startsWith('transferLeader'))!;
    expect(groups).toContain(Number(transferred.split(' ')[1]));
    expect(detail(events.find((e) => e.f === 'pause-leader'))).toMatch(/^SIGSTOP leader 1 \(of group [23]\)$/);
    expect(leaders.length).toBeGreaterThan(0);
  });

  it('an unsharded run keeps to group 2 and asks nothing more of the admin API', async () => {
    const admin = new FakeShardAdmin(rangeDesc([]));
    const events = await apply(admin, [fault('move-replica', 0, 10, [2, 3, 1]), fault('pause-leader', 0, 10)], [], { sharded: false });
    expect(admin.calls).toEqual(['removeNode 2 2', 'addNode 2 2']);
    expect(events.map(detail)).toContain('SIGSTOP leader 1');
  });
});
