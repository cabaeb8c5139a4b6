/**
 * The nemesis: a fault schedule drawn from the seed before the run starts (same seed, same
 * schedule: the same faults, durations, quiet periods and node picks), then executed against the
 * live cluster. "The leader" is resolved when a fault starts (it depends on the run); every
 * other choice comes from the schedule.
 */
import { execFileSync } from 'node:child_process';
import type { VectorStudioClient } from '../src/client/index.js';
import type { Cluster } from './cluster.js';
import type { HistoryRecorder } from './history.js';
import { Rng } from './rng.js';

export const FAMILIES = ['partition', 'kill', 'pause', 'clog', 'membership', 'split', 'clock'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAULT_KINDS = {
  'partition-halves': 'partition', 'partition-isolate-leader': 'partition', 'partition-isolate-slow-leader': 'partition', 'partition-bridge': 'partition', 'partition-one-way': 'partition',
  'clog-swizzle': 'clog', 'clog-slow': 'clog',
  'kill-random': 'kill', 'kill-leader': 'kill', 'kill-leader-cut': 'kill',
  'pause-random': 'pause', 'pause-leader': 'pause',
  'transfer-leader': 'membership', 'move-replica': 'membership',
  'split': 'split',
  'clock-skew': 'clock',
} as const satisfies Record<string, Family>;
export type FaultKind = keyof typeof FAULT_KINDS;

/** Relative weights of the kinds within the enabled set. */
const WEIGHTS: Record<FaultKind, number> = {
  'partition-halves': 3, 'partition-isolate-leader': 3, 'partition-isolate-slow-leader': 1, 'partition-bridge': 1, 'partition-one-way': 1,
  'clog-swizzle': 2, 'clog-slow': 1,
  'kill-random': 2, 'kill-leader': 2, 'kill-leader-cut': 1,
  'pause-random': 1, 'pause-leader': 2,
  'transfer-leader': 2, 'move-replica': 1,
  'split': 1,
  'clock-skew': 1,
};

export interface ScheduledFault {
  readonly atMs: number;
  readonly kind: FaultKind;
  readonly durationMs: number;
  /** The nodes in a random order (picks: the first, halves, bridge, swizzle order). */
  readonly order: readonly number[];
  /** A second random order (swizzle restore order, one-way targets). */
  readonly order2: readonly number[];
  /**
   * `main`: partitions, kills, pauses, clogs, clock, one at a time. `membership`: leadership
   * transfers, replica moves and shard splits, one at a time on their own timeline, so that they
   * overlap the main track's faults (membership and placement change while faults are active).
   */
  readonly track: Track;
}

export type Track = 'main' | 'membership';

/** The track a kind runs on: membership and placement faults (the `membership` and `split` families) on their own. */
export function trackOf(kind: FaultKind): Track {
  const family: Family = FAULT_KINDS[kind];
  return family === 'membership' || family === 'split' ? 'membership' : 'main';
}

export interface ScheduleOptions {
  readonly timeMs: number;
  readonly nodes: number;
  /** Families and/or kinds (`partition`, `kill-leader`, ...). */
  readonly nemesis: readonly string[];
  readonly faultMs?: readonly [number, number];
  readonly quietMs?: readonly [number, number];
  readonly firstAtMs?: number;
}

/**
 * Faults that a family name does not include: they must be named. The throttled isolated leader
 * is a partition and a pause at once, built to give the planted-bug test a wide window; it also
 * provokes the open server bugs listed in README.md, so the CI smoke run (`partition,kill`)
 * leaves it out.
 */
const NAMED_ONLY: ReadonlySet<FaultKind> = new Set(['partition-isolate-slow-leader']);

/** The kinds that `--nemesis a,b,c` enables. */
export function enabledKinds(nemesis: readonly string[]): FaultKind[] {
  const kinds = new Set<FaultKind>();
  for (const n of nemesis) {
    if (n === 'none' || n === '') continue;
    if ((FAMILIES as readonly string[]).includes(n)) {
      for (const [k, f] of Object.entries(FAULT_KINDS)) if (f === n && !NAMED_ONLY.has(k as FaultKind)) kinds.add(k as FaultKind);
    } else if (n in FAULT_KINDS) {
      kinds.add(n as FaultKind);
    } else {
      throw new Error(`--nemesis: "${n}" is neither a family (${FAMILIES.join(', ')}) nor a fault (${Object.keys(FAULT_KINDS).join(', ')})`);
    }
  }
  return [...kinds];
}

/**
 * The fault schedule of a run: two tracks, each faults by weight separated by quiet periods and
 * ending 1.5 s before the end. The main track (everything but membership) draws from the seed as
 * it always did; the membership track (transfer-leader, move-replica) draws from its own stream,
 * so adding membership to a nemesis set leaves the main track's schedule unchanged. Sorted by
 * start time.
 */
export function makeSchedule(seed: number, o: ScheduleOptions): ScheduledFault[] {
  const kinds = enabledKinds(o.nemesis);
  const main = drawTrack(new Rng(seed ^ 0x5eed), 'main', kinds.filter((k) => trackOf(k) === 'main'), o, o.firstAtMs ?? 1_500);
  const rng = new Rng(seed ^ 0x3e3b);
  const [qMin, qMax] = o.quietMs ?? [1_000, 3_000];
  // The membership track starts a quiet period after the main one, so its first fault lands inside or after the first main fault.
  const membership = drawTrack(rng, 'membership', kinds.filter((k) => trackOf(k) === 'membership'), o, (o.firstAtMs ?? 1_500) + rng.int(qMin, qMax));
  return [...main, ...membership].sort((a, b) => a.atMs - b.atMs);
}

function drawTrack(rng: Rng, track: Track, kinds: readonly FaultKind[], o: ScheduleOptions, firstAtMs: number): ScheduledFault[] {
  if (kinds.length === 0) return [];
  const [fMin, fMax] = o.faultMs ?? [2_000, 5_000];
  const [qMin, qMax] = o.quietMs ?? [1_000, 3_000];
  const ids = Array.from({ length: o.nodes }, (_, i) => i + 1);
  const out: ScheduledFault[] = [];
  let t = firstAtMs;
  for (let guard = 0; guard < 10_000; guard++) {
    const kind = rng.weighted(kinds.map((k) => ({ weight: WEIGHTS[k], value: k })));
    const durationMs = rng.int(fMin, fMax);
    const order = rng.shuffle(ids);
    const order2 = rng.shuffle(ids);
    if (t + durationMs > o.timeMs - 1_500) break;
    out.push({ atMs: t, kind, durationMs, order, order2, track });
    t += durationMs + rng.int(qMin, qMax);
  }
  return out;
}

/** Whether the `faketime` tool is installed (clock skew needs it). */
export function faketimeInstalled(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v faketime'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface FaultInterval {
  readonly kind: FaultKind;
  readonly startNs: number;
  readonly endNs: number;
  readonly detail: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Data group of the collection under test (group 1 is the meta group). */
const DATA_GROUP = 2;

/** What the nemesis asks of the cluster's admin API (a VectorStudioClient; a fake in the unit tests). */
export type NemesisAdmin = Pick<VectorStudioClient, 'clusterStatus' | 'transferLeader' | 'addNode' | 'removeNode'>;
/** What the split fault (and a sharded run's group lookup) asks in addition. */
export type ShardAdmin = Pick<VectorStudioClient, 'describeCollection' | 'reshard' | 'listOperators'>;

export interface NemesisOptions {
  /** The collection under test (default `jepsen`). */
  readonly collection?: string;
  /**
   * The collection has, or may get, more than one shard: each fault that targets "the data
   * group" looks the collection's groups up when it starts and picks one. Default false: group 2,
   * the only data group, with no look-up (the schedule and calls of unsharded runs are unchanged).
   */
  readonly sharded?: boolean;
  /** The ids the workload has written so far: split keys are drawn from them. */
  readonly keys?: () => readonly string[];
}

/** How long the split fault waits, after the fault's length, for its reshard to commit (less when the run ends). */
const SPLIT_WAIT_MS = 20_000;

/** A `range` description's range as the split fault sees it: `[start, end)`, end undefined for the last. */
export interface RangeSpan {
  readonly id: number;
  readonly start: string;
  readonly end: string | undefined;
}

/** The ranges of a sharding description (`shardingJson`) in order, or undefined when it is not `range`. */
export function rangeSpans(shardingJson: string): RangeSpan[] | undefined {
  const d = JSON.parse(shardingJson) as { kind?: string; ranges?: { id: number; start?: string }[] };
  if (d.kind !== 'range' || d.ranges === undefined) return undefined;
  return d.ranges.map((r, i) => ({ id: r.id, start: r.start ?? '', end: d.ranges![i + 1]?.start }));
}

/** UTF-8 byte order, the order of `range` sharding (docs/sharding.md). */
export const compareUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const inSpan = (r: RangeSpan, k: string): boolean => compareUtf8(k, r.start) >= 0 && (r.end === undefined || compareUtf8(k, r.end) < 0);

export interface SplitPick {
  /** Index of the range in the description's order (and in `groupIds`). */
  readonly index: number;
  readonly range: RangeSpan;
  readonly key: string;
  /** Workload keys in the range before the split, and below the key. */
  readonly keysInRange: number;
  readonly keysBelow: number;
}

/**
 * Where to split: a key strictly inside a range (start < key < end, as the server demands), drawn
 * from the workload's keys. The range holding the most workload keys is split, at a key from the
 * middle half of its keys above the lowest, so that both halves hold keys. When no range holds
 * two keys, any workload key strictly inside a range will do (one half then holds no key yet).
 * Undefined when no workload key is strictly inside any range.
 */
export function pickSplit(ranges: readonly RangeSpan[], keys: readonly string[], rng: Rng): SplitPick | undefined {
  const sorted = [...new Set(keys)].sort(compareUtf8);
  const per = ranges.map((range, index) => ({ index, range, keys: sorted.filter((k) => inSpan(range, k)) }));
  // Ties between equally full ranges go by the fault's own draw.
  const order = rng.shuffle(per);
  const best = order.reduce<(typeof per)[number] | undefined>((b, r) => (r.keys.length >= 2 && (b === undefined || r.keys.length > b.keys.length) ? r : b), undefined);
  if (best !== undefined) {
    const above = best.keys.slice(1); // every one is above the lowest key, so above the start
    const key = above[rng.int(Math.floor((above.length - 1) / 4), Math.floor((3 * (above.length - 1)) / 4))]!;
    return { index: best.index, range: best.range, key, keysInRange: best.keys.length, keysBelow: best.keys.filter((k) => compareUtf8(k, key) < 0).length };
  }
  const loose = order.flatMap((r) => r.keys.filter((k) => compareUtf8(k, r.range.start) > 0).map((key) => ({ r, key })));
  if (loose.length === 0) return undefined;
  const { r, key } = rng.pick(loose);
  return { index: r.index, range: r.range, key, keysInRange: r.keys.length, keysBelow: r.keys.filter((k) => compareUtf8(k, key) < 0).length };
}

/** A description's ranges as `id/epoch/start`, to compare two descriptions whatever their field order. */
function canonical(shardingJson: string): string {
  const d = JSON.parse(shardingJson) as { kind?: string; ranges?: { id: number; epoch: number; start?: string }[] };
  return JSON.stringify([d.kind, (d.ranges ?? []).map((r) => [r.id, r.epoch, r.start ?? null])]);
}

const quote = (s: string | undefined): string => (s === undefined ? '∞' : JSON.stringify(s));
/** `0:"" 2:"s3" 1:"s6"`: each range's id and start, in order. */
function startsText(shardingJson: string): string {
  const spans = rangeSpans(shardingJson);
  if (spans !== undefined) return spans.map((r) => `${r.id}:${quote(r.start)}`).join(' ');
  const d = JSON.parse(shardingJson) as { kind?: string; ranges?: unknown[] };
  return `${d.kind ?? '?'}, ${d.ranges?.length ?? '?'} ranges`;
}

/** How long the nemesis gives one membership call (AddNode waits for the learner to catch up). */
const MEMBERSHIP_CALL_MS = 10_000;

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);

export class Nemesis {
  readonly intervals: FaultInterval[] = [];
  /** move-replica without a spare node: the node removed from a data group when the fault began, re-added when it ends. */
  private readonly readd = new Map<ScheduledFault, { group: number; node: number }>();
  /** split: the reshard it asked for, checked when the fault ends. */
  private readonly splits = new Map<ScheduledFault, { operatorId: number | undefined; window: { to: number }; before: string; expected: string | undefined }>();
  private readonly collection: string;
  private readonly sharded: boolean;
  private readonly keys: () => readonly string[];
  /**
   * When a reshard could have committed (Date.now() ms): from just before the split fault asked
   * for it until the fault saw it end (committed or rolled back); open-ended when it never did.
   */
  private readonly reshardWindows: { from: number; to: number }[] = [];
  /** A sharded run's data groups as last looked up. */
  private groups: readonly number[] = [DATA_GROUP];
  readonly notes: string[] = [];
  private stopped = false;
  private throttling = false;
  private throttle: Promise<void> = Promise.resolve();

  constructor(
    private readonly cluster: Cluster,
    private readonly admin: NemesisAdmin & Partial<ShardAdmin>,
    private readonly history: HistoryRecorder,
    private readonly log: (line: string) => void,
    options: NemesisOptions = {},
  ) {
    this.collection = options.collection ?? 'jepsen';
    this.sharded = options.sharded ?? false;
    this.keys = options.keys ?? (() => []);
  }

  stop(): void {
    this.stopped = true;
  }

  private note(n: string): void {
    if (!this.notes.includes(n)) {
      this.notes.push(n);
      this.log(`nemesis: ${n}`);
    }
  }

  /** Runs `schedule`, relative to `t0` (Date.now() at the start of the workload). */
  async run(schedule: readonly ScheduledFault[], t0: number): Promise<void> {
    // Each track runs its faults one at a time; the tracks run side by side.
    const tracks = [...new Set(schedule.map((f) => f.track))];
    await Promise.all(tracks.map(async (track) => {
      for (const f of schedule.filter((x) => x.track === track)) {
        if (this.stopped) return;
        await sleep(t0 + f.atMs - Date.now());
        if (this.stopped) return;
        await this.execute(f);
      }
    }));
  }

  /**
   * The data group a fault targets: group 2 in an unsharded run; in a sharded one, one of the
   * collection's groups as they are now (a split replaces groups), picked by the fault's own draw.
   */
  private async dataGroup(f: ScheduledFault): Promise<number> {
    if (!this.sharded || this.admin.describeCollection === undefined) return DATA_GROUP;
    const c = await this.admin.describeCollection(this.collection, { timeoutMs: 2_000 }).catch(() => undefined);
    if (c !== undefined && c.groupIds.length > 0) this.groups = [...c.groupIds];
    return new Rng(f.atMs ^ 0x6a09).pick(this.groups);
  }

  /** The leader of the fault's data group, or `f.order[0]` when none is known; `of` names the group in a sharded run. */
  private async leaderOr(f: ScheduledFault): Promise<{ leader: number; of: string }> {
    const group = await this.dataGroup(f);
    const leader = (await this.cluster.leaderOf(group, 800).catch(() => undefined)) ?? f.order[0]!;
    return { leader, of: this.sharded ? ` (of group ${group})` : '' };
  }

  private async execute(f: ScheduledFault): Promise<void> {
    const start = this.history.now();
    let detail: string | undefined;
    try {
      detail = await this.begin(f);
    } catch (e) {
      // A fault that could not be injected is reported, and whatever it did is undone.
      detail = `could not be injected fully: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (detail === undefined) return;
    this.history.add({ process: 'nemesis', type: 'info', f: f.kind, value: { phase: 'start', detail } });
    this.log(`nemesis: ${f.kind} ${detail}`);
    await sleep(f.durationMs);
    const endDetail = await this.end(f).catch((e: unknown) => `ending it failed: ${e instanceof Error ? e.message : String(e)}`);
    this.history.add({ process: 'nemesis', type: 'info', f: f.kind, value: { phase: 'end', detail: endDetail } });
    this.intervals.push({ kind: f.kind, startNs: start, endNs: this.history.now(), detail });
  }

  /** Starts a fault; returns its description, or undefined when it was skipped. */
  private async begin(f: ScheduledFault): Promise<string | undefined> {
    const net = this.cluster.network;
    const n = f.order.length;
    const minority = Math.floor((n - 1) / 2) || 1;
    switch (f.kind) {
      case 'partition-halves': {
        const small = f.order.slice(0, minority);
        const big = f.order.slice(minority);
        net.partition([small, big]);
        return `${JSON.stringify(small)} | ${JSON.stringify(big)}`;
      }
      case 'partition-isolate-leader': {
        const { leader, of } = await this.leaderOr(f);
        const rest = f.order.filter((x) => x !== leader);
        net.partition([[leader], rest]);
        return `leader ${leader}${of} | ${JSON.stringify(rest)}`;
      }
      case 'partition-isolate-slow-leader': {
        // The leader is cut off and runs in slices (SIGSTOP 150 ms / SIGCONT 50 ms: a leader
        // thrashing in GC). Its ticks slow down with it, so it goes on believing it leads for
        // seconds while the majority elects a new leader: what ReadIndex is there for.
        const { leader, of } = await this.leaderOr(f);
        const rest = f.order.filter((x) => x !== leader);
        net.partition([[leader], rest]);
        const node = this.cluster.node(leader);
        this.throttling = true;
        this.throttle = (async () => {
          while (this.throttling && !this.stopped) {
            node.pause();
            await sleep(150);
            node.resume();
            await sleep(50);
          }
        })();
        return `leader ${leader}${of} | ${JSON.stringify(rest)}, leader throttled (SIGSTOP 150 ms / SIGCONT 50 ms)`;
      }
      case 'partition-bridge': {
        // Two halves sharing one node: each half's members reach the bridge but not the other half.
        const bridge = f.order[0]!;
        const rest = f.order.slice(1);
        const a = rest.slice(0, Math.ceil(rest.length / 2));
        const b = rest.slice(Math.ceil(rest.length / 2));
        net.partition([a, b]);
        return `${JSON.stringify(a)} <-${bridge}-> ${JSON.stringify(b)}`;
      }
      case 'partition-one-way': {
        // The leader's bytes reach nobody; it still hears everyone.
        const { leader, of } = await this.leaderOr(f);
        for (const j of f.order) if (j !== leader) net.cutOneWay(leader, j);
        return `leader ${leader}${of} -/-> ${JSON.stringify(f.order.filter((x) => x !== leader))}`;
      }
      case 'clog-swizzle': {
        const links = new Rng(f.atMs).shuffle([...net.links.values()]);
        const count = Math.ceil(links.length / 2);
        void (async () => {
          for (const l of links.slice(0, count)) {
            if (this.stopped) return;
            l.cut('blackhole');
            await sleep(f.durationMs / (2 * count));
          }
        })();
        return `${count} of ${links.length} links stopped one by one: ${links.slice(0, count).map((l) => `${l.from}>${l.to}`).join(' ')}`;
      }
      case 'clog-slow': {
        const ms = 50 + (f.order[0]! * 37) % 150;
        for (const l of net.links.values()) l.setDelay(ms);
        return `every link +${ms} ms per chunk`;
      }
      case 'kill-random': {
        const victims = f.order.slice(0, minority);
        for (const v of victims) await this.cluster.node(v).kill9();
        return `kill -9 ${JSON.stringify(victims)}`;
      }
      case 'kill-leader': {
        const { leader, of } = await this.leaderOr(f);
        await this.cluster.node(leader).kill9();
        return `kill -9 leader ${leader}${of}`;
      }
      case 'kill-leader-cut': {
        // The leader is cut off, keeps acknowledging what it can (ack=async: its own log), and dies
        // before anything reaches a follower; the rest elect a new leader meanwhile.
        const { leader, of } = await this.leaderOr(f);
        const rest = f.order.filter((x) => x !== leader);
        net.partition([[leader], rest]);
        await sleep(400);
        await this.cluster.node(leader).kill9();
        net.healAll();
        return `cut leader ${leader}${of} off, 400 ms later kill -9`;
      }
      case 'pause-random': {
        const v = f.order[0]!;
        this.cluster.node(v).pause();
        return `SIGSTOP ${v}`;
      }
      case 'pause-leader': {
        const { leader, of } = await this.leaderOr(f);
        this.cluster.node(leader).pause();
        return `SIGSTOP leader ${leader}${of}`;
      }
      case 'transfer-leader': {
        const group = f.order2[0]! % 2 === 0 ? 1 : await this.dataGroup(f);
        const status = await this.admin.clusterStatus({ timeoutMs: 2_000 }).catch(() => undefined);
        const g = status?.groups.find((x) => x.id === group);
        const to = f.order.find((x) => g !== undefined && g.voters.includes(x) && x !== g.leader);
        if (to === undefined) return `group ${group}: no status, nothing transferred`;
        const r = await this.admin.transferLeader(group, to, { timeoutMs: 3_000 }).then((l) => `now led by ${l}`, (e: unknown) => `failed: ${String(e)}`);
        return `group ${group} leadership ${g!.leader} → ${to}: ${r}`;
      }
      case 'move-replica': {
        // One replica of the data group leaves a follower's node (never the leader's, as the
        // coordinator's own moves). With a node outside the group (--nodes 4 or 5), it moves
        // there: AddNode (learner, caught up, promoted) then RemoveNode. With none (3 nodes,
        // 3 replicas), the follower is removed now, drops its copy, and is added back when the
        // fault ends: an empty replica rebuilt by snapshot and log. The coordinator may act on
        // the group meanwhile (it restores the replication factor); the detail records what the
        // calls returned.
        const group = await this.dataGroup(f);
        const status = await this.admin.clusterStatus({ timeoutMs: 2_000 }).catch(() => undefined);
        const g = status?.groups.find((x) => x.id === group);
        if (g === undefined) return `group ${group}: no status, nothing moved`;
        const out = f.order.find((x) => g.voters.includes(x) && x !== g.leader);
        if (out === undefined) return `group ${group}: no follower to move (voters ${JSON.stringify(g.voters)}, leader ${g.leader}), nothing moved`;
        const spare = f.order.find((x) => !g.voters.includes(x) && !g.learners.includes(x));
        if (spare === undefined) {
          // Set first: a removal that timed out may still have been applied, and AddNode of a member is a no-op.
          this.readd.set(f, { group, node: out });
          const r = await this.admin.removeNode(group, out, { timeoutMs: MEMBERSHIP_CALL_MS });
          return `group ${group}: remove ${out} (voters ${JSON.stringify(r.voters)}), re-added empty when the fault ends`;
        }
        const add = await this.admin.addNode(group, spare, { timeoutMs: MEMBERSHIP_CALL_MS }).then((m) => `voters ${JSON.stringify(m.voters)}`, (e: unknown) => `failed: ${errText(e)}`);
        const remove = add.startsWith('failed') ? 'not attempted'
          : await this.admin.removeNode(group, out, { timeoutMs: MEMBERSHIP_CALL_MS }).then((m) => `voters ${JSON.stringify(m.voters)}`, (e: unknown) => `failed: ${errText(e)}`);
        return `group ${group}: move ${out} → ${spare}: add ${spare} (${add}), remove ${out} (${remove})`;
      }
      case 'split':
        return this.split(f);
      case 'clock-skew':
        this.note(faketimeInstalled()
          ? 'clock-skew skipped: faketime is installed but jepsen-lite does not drive it yet'
          : 'clock-skew skipped: faketime is not installed (apt-get install faketime)');
        return undefined;
    }
  }

  /**
   * split: a `range` collection's shard is split at a workload key strictly inside it (the
   * collection's current ranges, from `describeCollection`); a `consistent` collection gets one
   * more shard. The reshard is the coordinator's operator (freeze, copy, retire, commit); the
   * fault asks for it and, when it ends, reports how it went.
   */
  private async split(f: ScheduledFault): Promise<string | undefined> {
    const admin = this.admin;
    if (admin.describeCollection === undefined || admin.reshard === undefined) {
      this.note('split skipped: the admin API given to the nemesis cannot reshard');
      return undefined;
    }
    const name = this.collection;
    let c: Awaited<ReturnType<ShardAdmin['describeCollection']>>;
    try {
      c = await admin.describeCollection(name, { timeoutMs: 3_000 });
    } catch (e) {
      return `collection ${name}: no description (${errText(e)}), nothing split`;
    }
    const spans = rangeSpans(c.shardingJson);
    let change: Parameters<ShardAdmin['reshard']>[1];
    let what: string;
    if (spans !== undefined) {
      const keys = this.keys();
      const pick = pickSplit(spans, keys, new Rng(f.atMs ^ 0x5b1175));
      if (pick === undefined) return `collection ${name}: none of the workload's ${keys.length} keys is strictly inside a shard (${startsText(c.shardingJson)}), nothing split`;
      change = { split: { shard: pick.range.id, splitKey: pick.key } };
      what = `split shard ${pick.range.id} (group ${c.groupIds[pick.index] ?? '?'}, [${quote(pick.range.start)}, ${quote(pick.range.end)}), ${pick.keysInRange} workload keys) at ${quote(pick.key)} (${pick.keysBelow} keys below)`;
    } else {
      const kind = (JSON.parse(c.shardingJson) as { kind?: string }).kind;
      if (kind !== 'consistent') return `collection ${name}: ${kind ?? 'unknown'} sharding cannot be resharded, nothing split`;
      change = { addShard: true };
      what = `add a shard to ${c.groupIds.length} (groups ${JSON.stringify(c.groupIds)})`;
    }
    const window = { from: Date.now(), to: Infinity };
    this.reshardWindows.push(window);
    try {
      const r = await admin.reshard(name, change, { timeoutMs: MEMBERSHIP_CALL_MS });
      this.splits.set(f, { operatorId: r.operatorId, window, before: c.shardingJson, expected: r.shardingJson });
      return `collection ${name}: ${what}: operator ${r.operatorId}`;
    } catch (e) {
      // The request may have been recorded all the same (a timeout): the end looks at the ranges.
      this.splits.set(f, { operatorId: undefined, window, before: c.shardingJson, expected: undefined });
      return `collection ${name}: ${what}: failed: ${errText(e)}`;
    }
  }

  /** How a split fault's reshard went: committed, rolled back, or still under way (the run ended first). */
  private async splitOutcome(f: ScheduledFault): Promise<string> {
    const s = this.splits.get(f);
    if (s === undefined) return 'done';
    this.splits.delete(f);
    const admin = this.admin as NemesisAdmin & ShardAdmin;
    const until = Date.now() + SPLIT_WAIT_MS;
    let step: string | undefined;
    if (s.operatorId !== undefined && s.operatorId !== 0) {
      for (;;) {
        const ops = await admin.listOperators({ timeoutMs: 2_000 }).catch(() => undefined);
        const op = ops?.operators.find((o) => o.id === s.operatorId);
        step = ops === undefined ? 'unknown (no operator list)' : op?.step;
        if (ops !== undefined && op === undefined) break;
        if (this.stopped || Date.now() > until) break;
        await sleep(300);
      }
    }
    // The node that answers may not have applied the commit yet: look again a few times while the ranges are as before.
    let now: Awaited<ReturnType<ShardAdmin['describeCollection']>> | string = '';
    for (let i = 0; i < 4; i++) {
      now = await admin.describeCollection(this.collection, { timeoutMs: 3_000 }).catch((e: unknown) => errText(e));
      if (typeof now !== 'string' && canonical(now.shardingJson) !== canonical(s.before)) break;
      if (step !== undefined || i === 3) break;
      await sleep(300);
    }
    const under = step === undefined ? '' : `; operator ${s.operatorId} still under way (step ${step})${this.stopped ? ' when the run ended' : ` after ${SPLIT_WAIT_MS / 1000} s more`}`;
    // The operator is over (it is no longer listed): whatever it did, it did before now.
    if (step === undefined && s.operatorId !== undefined && s.operatorId !== 0) s.window.to = Date.now();
    if (typeof now === 'string') return `no description (${now})${under}`;
    const ranges = `${startsText(now.shardingJson)}, groups ${JSON.stringify(now.groupIds)}`;
    if (s.expected !== undefined && canonical(now.shardingJson) === canonical(s.expected)) return `committed: ${ranges}`;
    if (canonical(now.shardingJson) === canonical(s.before)) return `${step === undefined ? 'not committed (rolled back or never started)' : 'not committed yet'}: ${ranges}${under}`;
    return `ranges changed: ${ranges}${under}`;
  }

  /** Whether a reshard the nemesis asked for may have committed between the two times (Date.now() ms). */
  mayHaveResharded(fromMs: number, toMs: number): boolean {
    return this.reshardWindows.some((w) => w.from <= toMs && fromMs <= w.to);
  }

  /** Ends a fault. */
  private async end(f: ScheduledFault): Promise<string> {
    const net = this.cluster.network;
    switch (FAULT_KINDS[f.kind]) {
      case 'partition':
        this.throttling = false;
        await this.throttle;
        for (const node of this.cluster.nodes) node.resume();
        net.healAll();
        return 'healed';
      case 'clog': {
        const links = new Rng(f.atMs + 1).shuffle([...net.links.values()]);
        for (const l of links) {
          if (!l.healthy) {
            l.heal();
            await sleep(50);
          }
        }
        return 'links restored in random order';
      }
      case 'kill':
        for (const node of this.cluster.nodes) if (!node.running) node.start();
        return 'restarted';
      case 'pause':
        for (const node of this.cluster.nodes) node.resume();
        return 'SIGCONT';
      case 'membership': {
        const moved = this.readd.get(f);
        if (moved === undefined) return 'done';
        this.readd.delete(f);
        const { group, node } = moved;
        // Twice at most: the main track may have cut the leader off. If both fail, the
        // coordinator restores the replication factor itself.
        let last = '';
        for (let attempt = 1; attempt <= 2; attempt++) {
          try {
            const m = await this.admin.addNode(group, node, { timeoutMs: MEMBERSHIP_CALL_MS });
            return `group ${group}: re-added ${node} (voters ${JSON.stringify(m.voters)}, learners ${JSON.stringify(m.learners)})`;
          } catch (e) {
            last = errText(e);
            if (attempt < 2 && !this.stopped) await sleep(1_000);
          }
        }
        return `group ${group}: re-adding ${node} failed (${last}); left to the coordinator`;
      }
      case 'split':
        return this.splitOutcome(f);
      default:
        return 'done';
    }
  }
}
