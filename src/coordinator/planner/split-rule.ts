/**
 * Rule 5, split: a group above splitThresholdBytes splits in place (the child starts on the same
 * replicas). Only a healthy group splits — all voters up, none missing — since a split rewrites
 * data on every replica; and a split counts against maxMovesPerNode on each of them for the same
 * reason.
 */
import type { PlanContext } from './plan-context.js';

export function splitRule(ctx: PlanContext): void {
  for (let g = 0; g < ctx.groups.length; g++) {
    if (ctx.full()) return;
    if (ctx.groupBusy[g] === 1) continue;
    const group = ctx.groups[g]!;
    if (group.sizeBytes <= ctx.config.splitThresholdBytes) continue;
    if (!ctx.leaderValid(group) || group.voters.length < group.replicationFactor) continue;
    if (!group.voters.every((v) => ctx.isUp(v) && ctx.hasCapacity(ctx.pos(v)))) continue;
    ctx.emit({ kind: 'split', group: group.id, reason: 'split' });
  }
}
