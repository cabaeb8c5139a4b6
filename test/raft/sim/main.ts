/**
 * The simulator's command line:
 *
 *   npm run sim -- --runs N --seed S [--steps K] [--nodes 3|5|7] [--shrink-seconds T] [--trace-lines L]
 *                  [--planted-bug NAME]
 *
 * Runs N seeded schedules (run i uses seed S for i = 0, a seed derived from S otherwise; the size
 * is 3, 5 or 7 nodes by seed unless --nodes fixes it) and prints one summary line:
 *
 *   sim: N runs, S steps, V violations
 *
 * A failing run prints its seed, the command that replays it, its minimal schedule and a trace,
 * and the exit code is 1. `--planted-bug NAME` runs a known-wrong core of test/raft/planted-bugs.ts
 * under the configuration the teeth tests hunt it with (sim/teeth.ts); it replays their failures.
 */
import { plantedBugs, type PlantedBug } from '../planted-bugs.js';
import { describeFailure, nodesOfSeed, replayCommand, runSeed, seedOfRun, type SeedRunOptions } from './simulate.js';
import { TEETH } from './teeth.js';

interface Args {
  runs: number;
  seed: number;
  steps: number | null;
  nodes: number | null;
  plantedBug: PlantedBug | null;
  shrinkSeconds: number;
  traceLines: number;
  /** Failures beyond this many are counted and their seeds listed, but not shrunk. */
  reportLimit: number;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    runs: 100, seed: (Date.now() ^ (process.pid << 16)) >>> 0, steps: null, nodes: null, plantedBug: null, shrinkSeconds: 60, traceLines: 80, reportLimit: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const num = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number, got ${value}`);
      i++;
      return n;
    };
    switch (flag) {
      case '--runs': a.runs = num(); break;
      case '--seed': a.seed = num() >>> 0; break;
      case '--steps': a.steps = num(); break;
      case '--nodes': {
        const n = num();
        if (n !== 3 && n !== 5 && n !== 7) throw new Error(`--nodes must be 3, 5 or 7, got ${n}`);
        a.nodes = n;
        break;
      }
      case '--shrink-seconds': a.shrinkSeconds = num(); break;
      case '--trace-lines': a.traceLines = num(); break;
      case '--report-limit': a.reportLimit = num(); break;
      case '--planted-bug': {
        if (value === undefined || !(value in plantedBugs)) throw new Error(`--planted-bug must be one of ${Object.keys(plantedBugs).join(', ')}`);
        a.plantedBug = value as PlantedBug;
        i++;
        break;
      }
      default:
        throw new Error(`unknown flag ${flag} (flags: --runs --seed --steps --nodes --shrink-seconds --trace-lines --report-limit --planted-bug)`);
    }
  }
  if (a.steps !== null && a.steps < 1) throw new Error('--steps must be at least 1');
  return a;
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sim: ${(e as Error).message}\n`);
    return 2;
  }
  const teeth = args.plantedBug === null ? null : TEETH[args.plantedBug];
  const base: Omit<SeedRunOptions, 'seed' | 'nodes' | 'steps'> = teeth === null ? {} : {
    profile: teeth.profile, tuning: teeth.tuning, makeCore: plantedBugs[args.plantedBug!],
  };
  const stepsPerRun = args.steps ?? teeth?.steps ?? 2000;
  const fixedNodes = args.nodes ?? teeth?.nodes ?? null;
  const extra = args.plantedBug === null ? '' : ` --planted-bug ${args.plantedBug}`;
  let steps = 0;
  let violations = 0;
  const startedMs = Date.now();
  for (let i = 0; i < args.runs; i++) {
    const seed = seedOfRun(args.seed, i);
    const nodes = fixedNodes ?? nodesOfSeed(seed);
    const shrink = violations < args.reportLimit;
    const r = runSeed({ ...base, seed, nodes, steps: stepsPerRun, shrinkTimeMs: shrink ? args.shrinkSeconds * 1000 : 0 });
    steps += r.stats.steps;
    if (r.violation === null) continue;
    violations++;
    const replay = replayCommand(r, extra);
    if (shrink) process.stdout.write(`${describeFailure(r, base, replay, args.traceLines)}\n\n`);
    else process.stdout.write(`seed ${seed}: ${r.violation.kind}: ${r.violation.message} (replay: ${replay})\n`);
  }
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  process.stderr.write(`(base seed ${args.seed}, ${seconds} s)\n`);
  process.stdout.write(`sim: ${args.runs} runs, ${steps} steps, ${violations} violations\n`);
  return violations > 0 ? 1 : 0;
}

process.exitCode = main();
