/**
 * plan(clusterState) → the operators to start now. Pure: no I/O, no clock, no randomness; the
 * same state gives the same operators, so the coordinator can re-plan every tick and a
 * simulator can drive it (STYLE.md, CockroachDB's asim).
 *
 * Rules in priority order; each sees the capacity left by the ones before it, and a group gets at
 * most one operator (none while one runs):
 *   1. repair — stray learners, over/under-replication, replicas on dead nodes (repair-rule.ts)
 *   2. drain — leadership, then replicas, off draining nodes (drain-rule.ts)
 *   3. zones — no two replicas of a group in one zone while zones allow (zone-rule.ts)
 *   4. balance — replicas, then leaders, within ± the band of the mean (balance-*-rule.ts)
 *   5. split — groups above the size threshold (split-rule.ts)
 * Balance waits while rules 1–3 have work running, chosen, or waiting for capacity: it measures
 * the mean over a membership that is about to change, and moving replicas that repair is about
 * to move again would be wasted work (and the start of thrashing).
 */
import { balanceLeadersRule } from './balance-leaders-rule.js';
import { balanceReplicasRule } from './balance-replicas-rule.js';
import { drainRule } from './drain-rule.js';
import { PlanContext } from './plan-context.js';
import { repairRule } from './repair-rule.js';
import { splitRule } from './split-rule.js';
import type { ClusterState, Operator } from './types.js';
import { zoneRule } from './zone-rule.js';

export function plan(state: ClusterState): Operator[] {
  const ctx = new PlanContext(state);
  repairRule(ctx);
  drainRule(ctx);
  zoneRule(ctx);
  if (!ctx.higherPriorityPending) {
    balanceReplicasRule(ctx);
    balanceLeadersRule(ctx);
  }
  splitRule(ctx);
  return ctx.out;
}
