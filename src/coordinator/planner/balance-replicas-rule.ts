/**
 * Rule 4a, replica balance: each up node within ±balanceBandUnits of the mean load over up nodes
 * (load = replicas, or weighted replicas — see weights.ts).
 *
 * Hysteresis, so that it cannot thrash:
 *  - a move is made only for a node outside the band (above it as the source, or below it as the
 *    target), so a cluster inside the band is left alone;
 *  - a move of weight w from S to T needs load(S) − load(T) ≥ w + minImprovementUnits, so every
 *    move lowers Σ load² by at least 2·w·minImprovementUnits: without outside events the moves
 *    end, and no sequence of them can come back to an earlier placement;
 *  - never onto a node the replica recently left, never adding a zone duplicate (see moveTo), never the
 *    leader's replica (unless it is the only voter).
 */
import type { PlanContext } from './plan-context.js';
import { zoneUse } from './placement.js';

interface Move {
  readonly g: number;
  readonly from: number;
  readonly to: number;
  readonly score: number;
}

export function balanceReplicasRule(ctx: PlanContext): void {
  const upList: number[] = [];
  let total = 0;
  for (let p = 0; p < ctx.nodes.length; p++) {
    if (ctx.up[p] !== 1) continue;
    upList.push(p);
    total += ctx.load[p]!;
  }
  if (upList.length < 2) return;
  const mean = total / upList.length;
  const hi = mean + ctx.config.balanceBandUnits, lo = mean - ctx.config.balanceBandUnits;
  const margin = ctx.config.minImprovementUnits;

  // Movable groups per up node: not busy, with a leader, no dead voter (repair's business), and
  // not led from this node unless it is the only voter.
  const movable: number[][] = ctx.nodes.map(() => []);
  let minWeight = Number.POSITIVE_INFINITY;
  for (let g = 0; g < ctx.groups.length; g++) {
    if (ctx.groupBusy[g] === 1) continue;
    const group = ctx.groups[g]!;
    if (!ctx.leaderValid(group) || group.voters.some((v) => ctx.isDead(v))) continue;
    for (const v of group.voters) {
      if (v === group.leader && group.voters.length > 1) continue;
      const p = ctx.pos(v);
      if (ctx.up[p] === 1) movable[p]!.push(g);
    }
    if (ctx.weight[g]! < minWeight) minWeight = ctx.weight[g]!;
  }
  if (minWeight === Number.POSITIVE_INFINITY) return;

  const byLoad = (a: number, b: number): number => ctx.load[a]! - ctx.load[b]! || ctx.nodes[a]!.id - ctx.nodes[b]!.id;
  const ascending = [...upList].sort(byLoad);

  /** The best target for moving group g off S (the least loaded one that may take it). */
  const bestTarget = (g: number, s: number): Move | undefined => {
    const w = ctx.weight[g]!;
    for (const t of ascending) {
      if (ctx.load[s]! - ctx.load[t]! < w + margin) return undefined; // ascending: every later target is worse
      if (t === s || !ctx.hasCapacity(t)) continue;
      const m = moveTo(ctx, g, s, t, margin);
      if (m !== undefined) return m;
    }
    return undefined;
  };

  const emit = (m: Move): void => {
    ctx.emit({ kind: 'move-replica', group: ctx.groups[m.g]!.id, from: ctx.nodes[m.from]!.id, to: ctx.nodes[m.to]!.id, reason: 'balance-replicas' });
    ascending.sort(byLoad);
  };

  // Shed: nodes above the band, most loaded first.
  const over = upList.filter((p) => ctx.load[p]! > hi).sort((a, b) => byLoad(b, a));
  for (const s of over) {
    while (ctx.load[s]! > hi && ctx.hasCapacity(s) && !ctx.full()) {
      let best: Move | undefined;
      for (const g of movable[s]!) {
        if (ctx.groupBusy[g] === 1) continue;
        const m = bestTarget(g, s);
        if (m !== undefined && (best === undefined || m.score > best.score)) best = m;
      }
      if (best === undefined) break;
      emit(best);
    }
  }

  // Fill: nodes below the band, least loaded first, from the most loaded source that can give.
  const under = upList.filter((p) => ctx.load[p]! < lo).sort(byLoad);
  for (const t of under) {
    while (ctx.load[t]! < lo && ctx.hasCapacity(t) && !ctx.full()) {
      let best: Move | undefined;
      for (let i = ascending.length - 1; i >= 0 && best === undefined; i--) {
        const s = ascending[i]!;
        if (ctx.load[s]! - ctx.load[t]! < minWeight + margin) break;
        if (s === t || !ctx.hasCapacity(s)) continue;
        for (const g of movable[s]!) {
          if (ctx.groupBusy[g] === 1) continue;
          const m = moveTo(ctx, g, s, t, margin);
          if (m !== undefined && (best === undefined || m.score > best.score)) best = m;
        }
      }
      if (best === undefined) break;
      emit(best);
    }
  }
}

/** The move of group g from S to T, if allowed (see replicaMoveAllowed) and worth it. */
function moveTo(ctx: PlanContext, g: number, s: number, t: number, margin: number): Move | undefined {
  const w = ctx.weight[g]!;
  const d = ctx.load[s]! - ctx.load[t]!;
  if (d < w + margin || !replicaMoveAllowed(ctx, g, s, t)) return undefined;
  return { g, from: s, to: t, score: w * (d - w) };
}

/**
 * Whether a balance rule may move group g's replica from S to T: T does not hold the group, the
 * replica never left T before, and the move adds no zone duplicate, so the zone rule never has a
 * reason to undo it — T is in S's zone, or in a zone the group does not use, or, when S's zone
 * already holds another replica of the group, in a used zone (one duplicate traded for another;
 * with fewer zones than replicas this is how load crosses between zones at all).
 */
export function replicaMoveAllowed(ctx: PlanContext, g: number, s: number, t: number): boolean {
  const group = ctx.groups[g]!;
  const from = ctx.nodes[s]!.id, to = ctx.nodes[t]!.id;
  if (group.voters.includes(to) || group.learners.includes(to) || ctx.wasDeparted(group.id, to)) return false;
  const zs = ctx.zone[s]!, zt = ctx.zone[t]!;
  return zt === zs || zoneUse(ctx, group, zt, from) === 0 || zoneUse(ctx, group, zs, from) > 0;
}
