/**
 * The `set` workload's checker, after Jepsen's set-full: unique adds (element n is record
 * `s<n>`), reads of a range of elements during the run, then a final read of every element
 * after the cluster healed.
 *
 * - lost: an add acknowledged `ok` and absent from the final read (the promise broken);
 * - unexpected: present in the final read but never attempted, or whose add failed definitely;
 * - recovered: an `info` add that turned out applied (fine: its outcome was unknown);
 * - stale: a read during the run that misses an element whose add was acknowledged before the
 *   read was invoked (not linearizable).
 * Valid when none is lost, unexpected or stale, and the final read succeeded.
 */
import { outcome, pairOperations, type HistoryEvent } from '../history.js';

/** `read` / `final-read` invoke value: the elements asked for, [from, to). */
export interface SetReadRange {
  readonly from: number;
  readonly to: number;
}

export interface SetAnomaly {
  readonly type: 'lost' | 'unexpected' | 'stale' | 'no-final-read';
  readonly explanation: string;
  readonly elements?: readonly number[];
  readonly count?: number;
}

export interface SetCheckResult {
  readonly valid: boolean;
  readonly anomalies: readonly SetAnomaly[];
  readonly attempted: number;
  readonly acknowledged: number;
  readonly lost: readonly number[];
  readonly unexpected: readonly number[];
  readonly recovered: readonly number[];
  readonly staleReads: number;
  readonly staleElements: number;
}

/** At most this many elements are listed per anomaly (the count is always exact). */
const LISTED_ELEMENTS_MAX = 50;

export function checkSetHistory(events: readonly HistoryEvent[], options: { readonly addF?: string; readonly readF?: string } = {}): SetCheckResult {
  const addF = options.addF ?? 'add';
  const readF = options.readF ?? 'read';
  const ops = pairOperations(events);
  const attempted = new Set<number>();
  const failed = new Set<number>();
  const info = new Set<number>();
  /** element → completion time of its ok add. */
  const okAt = new Map<number, number>();
  let finalPresent: Set<number> | undefined;
  const reads: { invoke: number; range: SetReadRange; present: Set<number> }[] = [];
  for (const op of ops) {
    const o = outcome(op);
    if (op.f === addF) {
      const e = op.invoke.value as number;
      attempted.add(e);
      if (o === 'ok') okAt.set(e, op.complete!.time);
      else if (o === 'fail') failed.add(e);
      else info.add(e);
    } else if (op.f === readF && o === 'ok') {
      reads.push({ invoke: op.invoke.time, range: op.invoke.value as SetReadRange, present: new Set(op.complete!.value as number[]) });
    } else if (op.f === 'final-read' && o === 'ok') {
      finalPresent = new Set(op.complete!.value as number[]);
    }
  }
  const anomalies: SetAnomaly[] = [];
  const list = (xs: number[]): number[] => xs.sort((a, b) => a - b).slice(0, LISTED_ELEMENTS_MAX);
  let lost: number[] = [];
  let unexpected: number[] = [];
  let recovered: number[] = [];
  if (finalPresent === undefined) {
    anomalies.push({ type: 'no-final-read', explanation: 'no final read succeeded after the cluster healed: nothing can be said about lost writes' });
  } else {
    const fp = finalPresent;
    lost = [...okAt.keys()].filter((e) => !fp.has(e)).sort((a, b) => a - b);
    unexpected = [...fp].filter((e) => !attempted.has(e) || failed.has(e)).sort((a, b) => a - b);
    recovered = [...info].filter((e) => fp.has(e)).sort((a, b) => a - b);
    if (lost.length > 0) anomalies.push({ type: 'lost', count: lost.length, elements: list([...lost]), explanation: `${lost.length} acknowledged add(s) absent from the final read` });
    if (unexpected.length > 0) anomalies.push({ type: 'unexpected', count: unexpected.length, elements: list([...unexpected]), explanation: `${unexpected.length} element(s) in the final read that were never attempted or whose add failed definitely` });
  }
  let staleReads = 0;
  const staleElements = new Set<number>();
  for (const r of reads) {
    let stale = false;
    for (let e = r.range.from; e < r.range.to; e++) {
      const at = okAt.get(e);
      if (at !== undefined && at < r.invoke && !r.present.has(e)) {
        stale = true;
        staleElements.add(e);
      }
    }
    if (stale) staleReads++;
  }
  if (staleReads > 0) {
    anomalies.push({
      type: 'stale', count: staleReads, elements: list([...staleElements]),
      explanation: `${staleReads} read(s) missed ${staleElements.size} element(s) whose add was acknowledged before the read began`,
    });
  }
  return {
    valid: anomalies.length === 0,
    anomalies, attempted: attempted.size, acknowledged: okAt.size, lost, unexpected, recovered,
    staleReads, staleElements: staleElements.size,
  };
}
