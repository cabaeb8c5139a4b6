/**
 * Rule 1, repair: stray learners, over- and under-replicated groups, replicas on dead nodes.
 * Groups closest to losing quorum go first, so that when capacity is short it goes to them.
 */
import type { PlanContext } from './plan-context.js';
import { chooseTarget, zoneUse } from './placement.js';
import type { OperatorReason, PlannerGroup } from './types.js';

export function repairRule(ctx: PlanContext): void {
  const urgent: { g: number; live: number }[] = [];
  for (let g = 0; g < ctx.groups.length; g++) {
    if (ctx.groupBusy[g] === 1) continue;
    const group = ctx.groups[g]!;
    if (!ctx.leaderValid(group)) continue;
    let live = 0, dead = 0;
    for (const v of group.voters) {
      if (ctx.isDead(v)) dead++;
      else live++;
    }
    if (group.learners.length > 0 || dead > 0 || group.voters.length !== group.replicationFactor) urgent.push({ g, live: live - group.replicationFactor });
  }
  urgent.sort((a, b) => a.live - b.live || ctx.groups[a.g]!.id - ctx.groups[b.g]!.id);
  for (const { g } of urgent) {
    if (ctx.full()) return;
    repairGroup(ctx, ctx.groups[g]!);
  }
}

function repairGroup(ctx: PlanContext, group: PlannerGroup): void {
  // A learner on a group with no running operator was left behind by an operator that was rolled
  // back (e.g. across a coordinator failover): nothing will promote it.
  const stray = group.learners[0];
  if (stray !== undefined) {
    if (ctx.hasCapacity(ctx.pos(stray)) || ctx.isDead(stray)) ctx.emit({ kind: 'remove-replica', group: group.id, node: stray, reason: 'repair' });
    else ctx.higherPriorityPending = true;
    return;
  }
  if (group.voters.length > group.replicationFactor) {
    const victim = removalVictim(ctx, group);
    if (victim === undefined) return;
    // Removing keeps ≥ replicationFactor voters, so never below min(replicationFactor, live voters).
    if (ctx.isDead(victim) || ctx.hasCapacity(ctx.pos(victim))) {
      ctx.emit({ kind: 'remove-replica', group: group.id, node: victim, reason: ctx.isDead(victim) ? 'repair' : 'replication' });
    } else ctx.higherPriorityPending = true;
    return;
  }
  if (group.voters.length < group.replicationFactor) {
    place(ctx, group, 0, 'replication');
    return;
  }
  const dead = group.voters.find((v) => ctx.isDead(v));
  // Move (add first, then remove) rather than remove: the voter count never dips.
  if (dead !== undefined) place(ctx, group, dead, 'repair');
}

/** Emits an add (fromNode 0) or a move, or notes that it has to wait for capacity. */
export function place(ctx: PlanContext, group: PlannerGroup, fromNode: number, reason: OperatorReason): boolean {
  if (fromNode !== 0 && !ctx.isDead(fromNode) && !ctx.hasCapacity(ctx.pos(fromNode))) {
    ctx.higherPriorityPending = true;
    return false;
  }
  const target = chooseTarget(ctx, group, fromNode, true);
  if (target.kind === 'wait') ctx.higherPriorityPending = true;
  if (target.kind !== 'node') return false;
  const to = ctx.nodes[target.pos]!.id;
  ctx.emit(fromNode === 0 ? { kind: 'add-replica', group: group.id, node: to, reason } : { kind: 'move-replica', group: group.id, from: fromNode, to, reason });
  return true;
}

/**
 * Which voter an over-replicated group loses: never the leader (there is always another voter
 * when there are more than replicationFactor ≥ 1); dead first, then unheard, then draining, then
 * one that shares its zone with another replica, then the most loaded node, then the highest id.
 */
function removalVictim(ctx: PlanContext, group: PlannerGroup): number | undefined {
  let best: number | undefined, bestKey: number[] = [];
  for (const v of group.voters) {
    if (v === group.leader) continue;
    const p = ctx.pos(v);
    const state = p < 0 ? 'removed' : ctx.nodes[p]!.state;
    const key = [
      ctx.isDead(v) ? 0 : 1,
      state === 'down' || state === 'suspect' ? 0 : 1,
      state === 'draining' ? 0 : 1,
      p >= 0 && zoneUse(ctx, group, ctx.zone[p]!, v) > 0 ? 0 : 1,
      p >= 0 ? -ctx.load[p]! : 0,
      -v,
    ];
    if (best === undefined || lexLess(key, bestKey)) {
      best = v;
      bestKey = key;
    }
  }
  return best;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
