/**
 * The balance weight of a replica. Replica counts are balanced as they are while group sizes are
 * alike. When they differ a lot — the largest group more than `sizeSkewRatio` × the mean — a
 * replica weighs (1 + size/meanSize) / 2 units: half for being a Raft group (ticks, heartbeats,
 * a log), half for its bytes. The mean replica still weighs 1, so "±1 of the mean" keeps its
 * meaning, and an empty group still weighs ½, so moving one always counts as progress (a zero
 * weight would let the balance rule move empty groups forever without changing anything).
 */
import type { PlannerGroup } from './types.js';

export interface GroupWeights {
  readonly weight: Float64Array;
  readonly weighted: boolean;
}

export function groupWeights(groups: readonly PlannerGroup[], sizeSkewRatio: number): GroupWeights {
  const weight = new Float64Array(groups.length).fill(1);
  if (groups.length === 0) return { weight, weighted: false };
  let total = 0, max = 0;
  for (const g of groups) {
    total += g.sizeBytes;
    if (g.sizeBytes > max) max = g.sizeBytes;
  }
  const mean = total / groups.length;
  if (mean <= 0 || max <= sizeSkewRatio * mean) return { weight, weighted: false };
  for (let i = 0; i < groups.length; i++) weight[i] = (1 + groups[i]!.sizeBytes / mean) / 2;
  return { weight, weighted: true };
}
