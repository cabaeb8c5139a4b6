/**
 * Rule 2, drain: move every replica and every leadership off draining nodes. Leadership goes
 * first (a leader's replica is never moved away from under it while another voter can lead).
 */
import type { PlanContext } from './plan-context.js';
import { chooseLeaderTarget } from './placement.js';
import { place } from './repair-rule.js';

export function drainRule(ctx: PlanContext): void {
  const draining = new Set<number>();
  for (let p = 0; p < ctx.nodes.length; p++) if (ctx.nodes[p]!.state === 'draining' && ctx.dead[p] === 0) draining.add(ctx.nodes[p]!.id);
  if (draining.size === 0) return;
  for (let g = 0; g < ctx.groups.length; g++) {
    if (ctx.full()) return;
    if (ctx.groupBusy[g] === 1) continue;
    const group = ctx.groups[g]!;
    if (!ctx.leaderValid(group)) continue;
    const from = group.voters.find((v) => draining.has(v));
    if (from === undefined) continue;
    if (from === group.leader && group.voters.length > 1) {
      const target = chooseLeaderTarget(ctx, group);
      if (target.kind === 'wait' || (target.kind === 'node' && !ctx.hasLeaderCapacity(ctx.pos(from)))) ctx.higherPriorityPending = true;
      else if (target.kind === 'node') ctx.emit({ kind: 'transfer-leader', group: group.id, from, to: ctx.nodes[target.pos]!.id, reason: 'drain' });
      continue;
    }
    place(ctx, group, from, 'drain');
  }
}
