/** What a workload gives the runner: operations to invoke, final reads, and its checker. */
import type { Consistency, AckLevel, CreateCollectionOptions, VectorStudioClient } from '../../src/client/index.js';
import { VectorStudioError } from '../../src/client/index.js';
import type { HistoryEvent, HistoryRecorder } from '../history.js';
import type { Rng } from '../rng.js';

export const COLLECTION = 'jepsen';

/** How the collection under test is sharded (`--sharding`, `--shards`); absent: created as before, one shard. */
export interface ShardingChoice {
  readonly kind: 'range' | 'consistent';
  readonly shards: number;
}

export interface WorkloadOptions {
  readonly ack: AckLevel;
  readonly consistency: Consistency;
  readonly seed: number;
  readonly sharding?: ShardingChoice;
  /**
   * The collection may be resharded during the run (the `split` fault). Records copied into a
   * new group get new versions (docs/sharding.md), so a compare-and-set on a version read before
   * the reshard can fail although the value is unchanged: its `condition_failed` is then not an
   * observation of the value when a reshard may have committed since the read (`mayHaveResharded`).
   */
  readonly reshards?: boolean;
  /** With `reshards`: whether a reshard may have committed between two times (Date.now() ms); absent: always assumed. */
  readonly mayHaveResharded?: (fromMs: number, toMs: number) => boolean;
}

/**
 * The sharding options of `createCollection`: nothing without `--sharding` (the default run is
 * unchanged); `range` with `shards - 1` split keys from the workload's own key space; `consistent`
 * with `shards`.
 */
export function shardingOptions(o: WorkloadOptions, splitKeys: (shards: number) => string[]): Pick<CreateCollectionOptions, 'sharding' | 'shards' | 'splitKeys'> {
  if (o.sharding === undefined) return {};
  if (o.sharding.kind === 'consistent') return { sharding: 'consistent', shards: o.sharding.shards };
  return { sharding: 'range', splitKeys: splitKeys(o.sharding.shards) };
}

/**
 * `shards - 1` split keys for ids `<prefix><n>` (n = 0, 1, 2, ...): `<prefix><d>` for evenly spaced
 * leading digits d, so that each range gets the ids that start with its digits (at most 10 shards).
 */
export function digitSplitKeys(prefix: string, shards: number): string[] {
  if (!(shards >= 1 && shards <= 10)) throw new Error(`--shards: ids ${prefix}<n> split into 1 to 10 ranges by their first digit, not ${shards}`);
  return Array.from({ length: shards - 1 }, (_, i) => `${prefix}${Math.floor(((i + 1) * 10) / shards)}`);
}

export interface Clients {
  /** Retries idempotent calls (reads, unconditional upserts of unique ids). */
  readonly retrying: VectorStudioClient;
  /** Never retries: a write is sent at most once (a blind overwrite retried after another write would apply twice). */
  readonly once: VectorStudioClient;
}

export interface OpSpec {
  readonly f: string;
  readonly key?: string;
  readonly value: unknown;
}

export interface OpResult {
  readonly type: 'ok' | 'fail' | 'info';
  readonly value: unknown;
  readonly error?: string;
}

export interface CheckSummary {
  readonly valid: boolean | 'unknown';
  readonly anomalies: readonly unknown[];
  readonly details: Record<string, unknown>;
}

export interface Workload {
  readonly name: string;
  setup(clients: Clients): Promise<void>;
  /** The next operation of a process (draws from that process's generator). */
  next(process: number, rng: Rng): OpSpec;
  invoke(clients: Clients, process: number, op: OpSpec): Promise<OpResult>;
  /** Final reads after healing, recorded in the history as process `finalProcess`. */
  final(clients: Clients, history: HistoryRecorder, finalProcess: number): Promise<void>;
  check(events: readonly HistoryEvent[]): CheckSummary;
  /** The ids written (or being written) so far: the split fault draws its keys from them. */
  ids(): readonly string[];
}

/** A failed call as a completion: `info` when a write may have happened, else `fail`. */
export function failure(e: unknown, write: boolean): OpResult {
  if (e instanceof VectorStudioError) {
    return { type: write && e.outcomeUnknown ? 'info' : 'fail', value: null, error: e.message.slice(0, 300) };
  }
  return { type: write ? 'info' : 'fail', value: null, error: String(e).slice(0, 300) };
}

/** Retries `fn` until it succeeds or `deadlineMs` passes (final reads after healing). */
export async function untilOk<T>(fn: () => Promise<T>, deadlineMs: number): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Records one final operation (invoke, then its completion). */
export async function recordFinal(history: HistoryRecorder, process: number, op: OpSpec, run: () => Promise<unknown>): Promise<void> {
  history.add({ process, type: 'invoke', f: op.f, ...(op.key !== undefined ? { key: op.key } : {}), value: op.value });
  try {
    const value = await run();
    history.add({ process, type: 'ok', f: op.f, ...(op.key !== undefined ? { key: op.key } : {}), value });
  } catch (e) {
    history.add({ process, type: 'fail', f: op.f, ...(op.key !== undefined ? { key: op.key } : {}), value: null, error: String(e).slice(0, 300) });
  }
}
