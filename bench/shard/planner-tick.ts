/**
 * One planner tick on 200 nodes × 10,000 groups (3 replicas, 5 zones; issue 5 "Speed": target
 * under 50 ms), in three states: balanced, one node just added (empty), one node down past
 * downAfterMs. Median of several runs after a warm-up, each printed beside a baseline measured in
 * the same run on the same state: one linear pass that only counts replicas per node (a Map
 * from node id to count over every voter and learner) — the least any planner must do to look at
 * the state, so the ratio says how much the planning itself costs.
 *
 *   npx tsx bench/shard/planner-tick.ts [--runs 15] [--json]
 *
 * `runPlannerBench()` returns the figures for `npm run bench:shard`.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { plan } from '../../src/coordinator/planner/plan.js';
import { DEFAULT_PLANNER_CONFIG, type ClusterState } from '../../src/coordinator/planner/types.js';
import { buildSim } from '../../test/coordinator/support/cluster-builder.js';

export interface PlannerTickFigure {
  readonly state: 'balanced' | 'one node added' | 'one node down';
  /** Median wall time of one plan() call. */
  readonly planMs: number;
  /** Median wall time of the baseline pass over the same state. */
  readonly baselineMs: number;
  readonly ratio: number;
  /** Operators that tick returned. */
  readonly operators: number;
}

export interface PlannerBenchResult {
  readonly nodes: number;
  readonly groups: number;
  readonly replicationFactor: number;
  readonly zones: number;
  readonly runs: number;
  readonly targetMs: number;
  readonly baseline: string;
  readonly figures: readonly PlannerTickFigure[];
}

const NODES = 200, GROUPS = 10_000, RF = 3, ZONES = 5, TARGET_MS = 50, WARMUP = 3;

function states(): { name: PlannerTickFigure['state']; state: ClusterState }[] {
  const spec = { nodes: NODES, zones: ZONES, groups: GROUPS, rf: RF, layout: 'balanced' as const, sizes: 'equal' as const, seed: 1 };
  const balanced = buildSim(spec, DEFAULT_PLANNER_CONFIG);
  const added = buildSim(spec, DEFAULT_PLANNER_CONFIG);
  added.addNode('z0');
  const down = buildSim(spec, DEFAULT_PLANNER_CONFIG);
  down.failNode(7);
  const node7 = down.node(7)!;
  node7.state = 'down';
  node7.downForMs = 2 * DEFAULT_PLANNER_CONFIG.downAfterMs;
  return [
    { name: 'balanced', state: balanced.state() },
    { name: 'one node added', state: added.state() },
    { name: 'one node down', state: down.state() },
  ];
}

/** The baseline: count replicas per node in one pass. */
function countReplicas(state: ClusterState): number {
  const counts = new Map<number, number>();
  for (const g of state.groups) {
    for (const v of g.voters) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const l of g.learners) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return counts.size;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function time(fn: () => unknown, runs: number): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function runPlannerBench(options: { runs?: number } = {}): Promise<PlannerBenchResult> {
  const runs = options.runs ?? 15;
  const figures: PlannerTickFigure[] = [];
  for (const { name, state } of states()) {
    const operators = plan(state).length;
    const planMs = time(() => plan(state), runs);
    const baselineMs = time(() => countReplicas(state), runs);
    figures.push({ state: name, planMs, baselineMs, ratio: planMs / baselineMs, operators });
  }
  return {
    nodes: NODES, groups: GROUPS, replicationFactor: RF, zones: ZONES, runs, targetMs: TARGET_MS,
    baseline: 'one linear pass over the same state counting replicas per node (Map node id → count over every voter and learner)',
    figures,
  };
}

function print(r: PlannerBenchResult): void {
  console.log(`planner tick, ${r.nodes} nodes × ${r.groups.toLocaleString('en-US')} groups (rf ${r.replicationFactor}, ${r.zones} zones), median of ${r.runs} runs after ${WARMUP} warm-up, target < ${r.targetMs} ms`);
  console.log(`baseline: ${r.baseline}`);
  for (const f of r.figures) {
    console.log(`  ${f.state.padEnd(15)} plan ${f.planMs.toFixed(2).padStart(6)} ms   baseline ${f.baselineMs.toFixed(2).padStart(5)} ms   ratio ${f.ratio.toFixed(1).padStart(5)}×   ${String(f.operators).padStart(4)} operators   ${f.planMs < r.targetMs ? 'under target' : 'OVER TARGET'}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, json: { type: 'boolean', default: false } } });
  const result = await runPlannerBench({ runs: Number(values.runs) });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else print(result);
}
