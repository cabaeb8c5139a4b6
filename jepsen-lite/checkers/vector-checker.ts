/**
 * The `vector` workload's checker: upserts of unique vectors (element n is record `v<n>`), and
 * searches for the vector of an element, with a collection small and an `ef` large enough that
 * search is exact. A search invoked after the element's upsert was acknowledged must return it
 * (distance 0); the final read after healing must hold every acknowledged upsert (the set
 * checker's lost / unexpected / recovered, on `upsert` and `final-read`).
 */
import { outcome, pairOperations, type HistoryEvent } from '../history.js';
import { checkSetHistory, type SetAnomaly } from './set-checker.js';

/** `search` invoke value. */
export interface VectorSearchInput {
  readonly target: number;
}

export interface VectorAnomaly {
  readonly type: 'search-miss' | SetAnomaly['type'];
  readonly explanation: string;
  readonly elements?: readonly number[];
  readonly count?: number;
  readonly examples?: readonly { readonly searchIndex: number; readonly target: number; readonly ackedAtMs: number; readonly invokedAtMs: number; readonly hits: readonly number[] }[];
}

export interface VectorCheckResult {
  readonly valid: boolean;
  readonly anomalies: readonly VectorAnomaly[];
  readonly searches: number;
  readonly searchMisses: number;
  readonly acknowledged: number;
  readonly lost: readonly number[];
  readonly recovered: readonly number[];
}

export function checkVectorHistory(events: readonly HistoryEvent[]): VectorCheckResult {
  const set = checkSetHistory(events, { addF: 'upsert', readF: 'read' });
  const okAt = new Map<number, number>();
  const ops = pairOperations(events);
  for (const op of ops) if (op.f === 'upsert' && outcome(op) === 'ok') okAt.set(op.invoke.value as number, op.complete!.time);
  let searches = 0;
  const misses: NonNullable<VectorAnomaly['examples']>[number][] = [];
  let missCount = 0;
  for (const op of ops) {
    if ((op.f !== 'search' && op.f !== 'final-search') || outcome(op) !== 'ok') continue;
    searches++;
    const { target } = op.invoke.value as VectorSearchInput;
    const hits = op.complete!.value as number[];
    const at = okAt.get(target);
    if (at !== undefined && at < op.invoke.time && !hits.includes(target)) {
      missCount++;
      if (misses.length < 20) misses.push({ searchIndex: op.invoke.index, target, ackedAtMs: at / 1e6, invokedAtMs: op.invoke.time / 1e6, hits });
    }
  }
  const anomalies: VectorAnomaly[] = [...set.anomalies];
  if (missCount > 0) {
    anomalies.push({
      type: 'search-miss', count: missCount, examples: misses,
      explanation: `${missCount} search(es) did not return a vector whose upsert was acknowledged before the search began`,
    });
  }
  return { valid: anomalies.length === 0, anomalies, searches, searchMisses: missCount, acknowledged: set.acknowledged, lost: set.lost, recovered: set.recovered };
}
