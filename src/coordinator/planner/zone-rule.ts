/**
 * Rule 3, zones: a group with two live replicas in one zone, while an up node in a zone it does
 * not use exists, moves one of them there. The one to move is not the leader (of two replicas
 * sharing a zone at most one leads) and is on the more loaded node.
 */
import type { PlanContext } from './plan-context.js';
import { zoneUse } from './placement.js';
import { place } from './repair-rule.js';
import type { PlannerGroup } from './types.js';

export function zoneRule(ctx: PlanContext): void {
  for (let g = 0; g < ctx.groups.length; g++) {
    if (ctx.full()) return;
    if (ctx.groupBusy[g] === 1) continue;
    const group = ctx.groups[g]!;
    if (group.voters.length < 2 || !ctx.leaderValid(group)) continue;
    let victim = 0;
    for (const v of group.voters) {
      if (v === group.leader || ctx.isDead(v)) continue;
      const p = ctx.pos(v);
      if (zoneUse(ctx, group, ctx.zone[p]!, v) === 0) continue;
      if (victim === 0 || ctx.load[p]! > ctx.load[ctx.pos(victim)]!) victim = v;
    }
    if (victim === 0 || !unusedZoneAvailable(ctx, group)) continue;
    place(ctx, group, victim, 'zone');
  }
}

function unusedZoneAvailable(ctx: PlanContext, group: PlannerGroup): boolean {
  for (let p = 0; p < ctx.nodes.length; p++) if (ctx.up[p] === 1 && zoneUse(ctx, group, ctx.zone[p]!, 0) === 0) return true;
  return false;
}
