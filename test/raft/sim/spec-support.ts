import type { Raft, RaftConfig } from '../../../src/raft/index.js';
import { describeFailure, replayCommand, runBatch, type BatchOptions, type BatchResult, type SeedRunResult } from './simulate.js';

/**
 * Glue between the simulator and vitest specs: seeds come from SIM_SEED when set (to explore),
 * otherwise from each spec's fixed default (so that CI is reproducible), and every failure
 * message carries the seed, the replay command and the shrunk trace.
 */

/** Time a failing CI schedule may spend shrinking before it is reported. */
export const SPEC_SHRINK_TIME_MS = 20_000;

export function specSeed(fallback: number): number {
  const env = process.env['SIM_SEED'];
  if (env === undefined || env === '') return fallback;
  const n = Number(env);
  if (!Number.isInteger(n)) throw new Error(`SIM_SEED must be an integer, got ${env}`);
  return n >>> 0;
}

/** A batch; on failure the first violation is shrunk and described. */
export function runSpecBatch(o: BatchOptions & { readonly makeCore?: ((c: RaftConfig) => Raft) | undefined }, replayExtra = ''): BatchResult & { readonly report: string } {
  const r = runBatch(o);
  return { ...r, report: r.failures.length === 0 ? '' : reportFailures(r.failures, o, replayExtra) };
}

function reportFailures(failures: readonly SeedRunResult[], o: BatchOptions, replayExtra: string): string {
  const first = failures[0]!;
  const detail = describeFailure(first, o, replayCommand(first, replayExtra));
  const others = failures.slice(1).map((f) => `  seed ${f.seed} (${f.nodes} nodes): ${f.violation?.kind}: ${f.violation?.message}`);
  return [`${failures.length} of the batch's schedules failed (base seed ${o.baseSeed}).`, detail, ...(others.length > 0 ? ['other failing seeds:', ...others] : [])].join('\n');
}
