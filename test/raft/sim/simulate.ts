import fc from 'fast-check';
import type { Raft, RaftConfig } from '../../../src/raft/index.js';
import { mixSeed } from './chain-hash.js';
import type { Violation } from './checkers.js';
import { runCluster, type ClusterStats } from './cluster.js';
import type { CoreTuning } from './sim-host.js';
import { DEFAULT_PROFILE, scheduleArbitrary, type Schedule, type ScheduleProfile, type TimedEvent } from './schedule.js';
import { Trace } from './trace.js';

/**
 * One seed, one run: fast-check draws a schedule from the seed, the cluster runs it (its own
 * randomness derives from the same seed), and on a violation fast-check shrinks the schedule to
 * a minimal one that still fails. `--seed S --runs 1` therefore replays a failure exactly.
 */

export interface SeedRunOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly steps: number;
  readonly profile?: ScheduleProfile | undefined;
  readonly makeCore?: ((config: RaftConfig) => Raft) | undefined;
  readonly tuning?: CoreTuning | undefined;
  readonly skipLiveness?: boolean | undefined;
  /** Shrink a failing schedule, for at most this long (0: report the first failing schedule). */
  readonly shrinkTimeMs?: number | undefined;
}

export interface SeedRunResult {
  readonly seed: number;
  readonly nodes: number;
  readonly steps: number;
  readonly violation: Violation | null;
  /** The (minimal, if shrunk) failing schedule; the generated one when the run passed. */
  readonly schedule: Schedule;
  readonly stats: ClusterStats;
  readonly shrinkSteps: number;
}

export function runSeed(o: SeedRunOptions): SeedRunResult {
  const profile = o.profile ?? DEFAULT_PROFILE;
  type Run = { schedule: Schedule; violation: Violation | null; stats: ClusterStats };
  const runs: { last: Run | null } = { last: null };
  const property = fc.property(scheduleArbitrary(o.steps, profile), (schedule) => {
    const out = runCluster({
      seed: o.seed, nodes: o.nodes, steps: o.steps, schedule, makeCore: o.makeCore, tuning: o.tuning, skipLiveness: o.skipLiveness,
    });
    runs.last = { schedule, violation: out.violation, stats: out.stats };
    return out.violation === null;
  });
  const shrinkTimeMs = o.shrinkTimeMs ?? 0;
  const details = fc.check(property, {
    seed: o.seed | 0,
    numRuns: 1,
    endOnFailure: shrinkTimeMs === 0,
    // Unbiased: fast-check's bias toward small values would crowd events into the first steps
    // and make most schedules nearly empty.
    plugins: shrinkTimeMs > 0 ? [fc.unbiased(), fc.interruptAfterTimeLimit(shrinkTimeMs)] : [fc.unbiased()],
  });
  const result = runs.last;
  if (result === null) throw new Error(`seed ${o.seed}: fast-check ran no schedule`);
  const counterexample = details.counterexample as readonly [Schedule] | null | undefined;
  if (details.failed && counterexample !== null && counterexample !== undefined) {
    // Re-run the minimal counterexample: the last failing run may have been a larger one.
    const run = (schedule: Schedule) => runCluster({
      seed: o.seed, nodes: o.nodes, steps: o.steps, schedule, makeCore: o.makeCore, tuning: o.tuning, skipLiveness: o.skipLiveness,
    });
    const first = run(counterexample[0]);
    const { schedule, evaluations } = first.violation === null
      ? { schedule: counterexample[0], evaluations: 0 }
      : removeEvents(counterexample[0], first.violation, run, REDUCE_RUNS_MAX);
    const out = run(schedule);
    return {
      seed: o.seed, nodes: o.nodes, steps: o.steps, violation: out.violation, schedule, stats: out.stats,
      shrinkSteps: details.numShrinks + evaluations,
    };
  }
  return { seed: o.seed, nodes: o.nodes, steps: o.steps, violation: result.violation, schedule: result.schedule, stats: result.stats, shrinkSteps: 0 };
}

/** Simulations the event-removal pass after fast-check's shrinking may spend. */
export const REDUCE_RUNS_MAX = 400;

/**
 * A second, count-bounded shrinking pass (delta debugging over events): fast-check's shrinker
 * spends much of its time on numbers inside events, and is cut off by its time limit. Events
 * after the violation cannot matter; of the rest, remove halves, quarters... single events, as
 * long as the same kind of violation still happens. Deterministic, so reports are too.
 */
function removeEvents(
  schedule: Schedule, violation: Violation, run: (s: Schedule) => { violation: Violation | null }, runsMax: number,
): { schedule: Schedule; evaluations: number } {
  let evaluations = 0;
  const fails = (events: readonly TimedEvent[]): boolean => {
    evaluations++;
    return run({ ...schedule, events }).violation?.kind === violation.kind;
  };
  let events = schedule.events.filter((e) => e.at <= violation.step);
  if (events.length < schedule.events.length && !fails(events)) events = [...schedule.events];
  for (let chunk = Math.ceil(events.length / 2); chunk >= 1 && evaluations < runsMax; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
    for (let i = 0; i < events.length && evaluations < runsMax;) {
      const candidate = [...events.slice(0, i), ...events.slice(i + chunk)];
      if (fails(candidate)) events = candidate;
      else i += chunk;
    }
  }
  return { schedule: { ...schedule, events }, evaluations };
}

/** The seed of run i of a batch started with `baseSeed`: run 0 uses the base seed itself. */
export function seedOfRun(baseSeed: number, i: number): number {
  return i === 0 ? baseSeed >>> 0 : mixSeed(baseSeed, i);
}

/** The cluster size of a seed when the size is not fixed: 3, 5 or 7 nodes. */
export function nodesOfSeed(seed: number): number {
  return [3, 5, 7][seed % 3]!;
}

/** Lines of the detailed trace printed before the violation. */
export const TRACE_TAIL_LINES = 80;

/**
 * A readable report of a failing run: the seed and how to replay it, the minimal schedule as it
 * resolved (one line per event), and the last messages and state changes before the violation.
 */
export function describeFailure(r: SeedRunResult, o: Omit<SeedRunOptions, 'seed' | 'nodes' | 'steps'>, replay: string, tailLines = TRACE_TAIL_LINES): string {
  const trace = new Trace(true);
  const out = runCluster({
    seed: r.seed, nodes: r.nodes, steps: r.steps, schedule: r.schedule, makeCore: o.makeCore, tuning: o.tuning,
    skipLiveness: o.skipLiveness, trace,
  });
  const v = out.violation ?? r.violation;
  const lines = [
    `seed ${r.seed}: ${v === null ? 'no violation on replay (nondeterminism?)' : `${v.kind} at t=${v.step}: ${v.message}`}`,
    `replay: ${replay}`,
    `cluster: ${r.nodes} nodes, ${r.steps} steps; conditions ${JSON.stringify(r.schedule.conditions)}`,
    `minimal schedule (${r.schedule.events.length} events, ${r.shrinkSteps} shrink steps), as it resolved:`,
    ...trace.actions.map((l) => `  ${l}`),
    `last ${tailLines} trace lines:`,
    ...trace.tail(tailLines).map((l) => `  ${l}`),
  ];
  return lines.join('\n');
}

export interface BatchOptions extends Omit<SeedRunOptions, 'seed' | 'nodes'> {
  readonly baseSeed: number;
  readonly runs: number;
  /** Fixed cluster size, or null for 3, 5 or 7 nodes by seed. */
  readonly nodes: number | null;
  /** Stop at the first violation (the teeth tests only need one). */
  readonly stopOnFirst?: boolean | undefined;
}

export interface BatchResult {
  readonly runs: number;
  readonly steps: number;
  readonly failures: readonly SeedRunResult[];
  readonly elapsedMs: number;
}

/** Runs `runs` seeds derived from `baseSeed` (see seedOfRun). */
export function runBatch(o: BatchOptions): BatchResult {
  const startedMs = Date.now();
  const failures: SeedRunResult[] = [];
  let steps = 0;
  let runs = 0;
  for (let i = 0; i < o.runs; i++) {
    const seed = seedOfRun(o.baseSeed, i);
    const r = runSeed({ ...o, seed, nodes: o.nodes ?? nodesOfSeed(seed) });
    runs++;
    steps += r.stats.steps;
    if (r.violation === null) continue;
    failures.push(r);
    if (o.stopOnFirst === true) break;
  }
  return { runs, steps, failures, elapsedMs: Date.now() - startedMs };
}

/** The npm command that replays one seed of a batch. */
export function replayCommand(r: SeedRunResult, extra = ''): string {
  return `npm run sim -- --seed ${r.seed} --runs 1 --steps ${r.steps} --nodes ${r.nodes}${extra}`;
}
