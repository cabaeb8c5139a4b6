/** `results.json`: the verdict and the figures of one run. */
import { outcome, type Operation } from './history.js';
import type { FaultInterval } from './nemesis.js';

export interface Results {
  readonly run: string;
  readonly valid: boolean | 'unknown';
  readonly anomalies: readonly unknown[];
  readonly stats: { readonly ok: number; readonly fail: number; readonly info: number };
  /** Operations the cluster answered definitely (ok, or a CAS whose condition failed) / all client operations of the workload phase (final reads excluded). */
  readonly availability: number;
  readonly latency: { readonly p50_ms: number; readonly p99_ms: number };
  readonly workload: string;
  readonly nemesis: readonly string[];
  readonly seed: number;
  readonly nodes: number;
  readonly concurrency: number;
  readonly ack: string | number;
  readonly consistency: string;
  /** `range, 2 shards` / `consistent, 4 shards` when the run asked for sharding (`--sharding`, `--shards`). */
  readonly sharding?: string;
  readonly timeS: number;
  readonly checker: Record<string, unknown>;
  readonly faults: readonly FaultInterval[];
  /** What the nemesis skipped and why (no faketime, no spare node, ...). */
  readonly notes: readonly string[];
  readonly durationMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Counts and latency of the workload's operations (ok latency only: a timeout is not a latency). */
export function operationStats(ops: readonly Operation[]): Pick<Results, 'stats' | 'availability' | 'latency'> {
  const stats = { ok: 0, fail: 0, info: 0 };
  const lat: number[] = [];
  let answered = 0;
  for (const op of ops) {
    const o = outcome(op);
    stats[o]++;
    // A compare-and-set whose condition failed is a definite answer from the cluster: available (also when a reshard may have renumbered the versions).
    const error = op.complete?.error;
    if (o === 'ok' || error?.startsWith('condition_failed') === true || error?.startsWith('version mismatch') === true) answered++;
    if (o === 'ok') lat.push((op.complete!.time - op.invoke.time) / 1e6);
  }
  lat.sort((a, b) => a - b);
  const total = stats.ok + stats.fail + stats.info;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { stats, availability: total === 0 ? 0 : Math.round((answered / total) * 10_000) / 10_000, latency: { p50_ms: round(percentile(lat, 50)), p99_ms: round(percentile(lat, 99)) } };
}
