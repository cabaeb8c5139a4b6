/**
 * Where a new replica or leadership goes. Placement is tiered, and each tier is decided before
 * capacity is looked at, so that a busy good node means "wait", never "settle for a worse one":
 *   1. zones: the fewest replicas of the group already in the node's zone (0 when zones allow —
 *      never two replicas of one group in one zone while another zone has room);
 *   2. not a node this replica recently left (unless that is the only choice and the caller
 *      allows it: repair and drain do, balance never);
 *   3. the lowest projected load, then the lowest id (deterministic).
 */
import type { PlanContext } from './plan-context.js';
import type { PlannerGroup } from './types.js';

export type Placement = { readonly kind: 'node'; readonly pos: number } | { readonly kind: 'wait' } | { readonly kind: 'none' };

const WAIT: Placement = { kind: 'wait' };
const NONE: Placement = { kind: 'none' };

/**
 * How many of the group's replicas on live nodes, other than `exceptNode`, sit in zone `z`.
 * Dead replicas do not count: they are being replaced, possibly in their own zone.
 */
export function zoneUse(ctx: PlanContext, group: PlannerGroup, z: number, exceptNode: number): number {
  let n = 0;
  for (const r of group.voters) if (r !== exceptNode && !ctx.isDead(r) && ctx.zone[ctx.pos(r)] === z) n++;
  for (const r of group.learners) if (r !== exceptNode && !ctx.isDead(r) && ctx.zone[ctx.pos(r)] === z) n++;
  return n;
}

function holds(group: PlannerGroup, nodeId: number): boolean {
  return group.voters.includes(nodeId) || group.learners.includes(nodeId);
}

/** A target for a new replica of `group` (replacing the one on `fromNode`, or 0 for a plain add). */
export function chooseTarget(ctx: PlanContext, group: PlannerGroup, fromNode: number, allowDeparted: boolean): Placement {
  const n = ctx.nodes.length;
  // Tiers 1 and 2 over every eligible node, ignoring capacity.
  let bestZoneUse = Number.POSITIVE_INFINITY;
  let anyFresh = false;
  const zu = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    if (ctx.up[p] !== 1) continue;
    const id = ctx.nodes[p]!.id;
    if (holds(group, id)) continue;
    const departed = ctx.wasDeparted(group.id, id);
    if (departed && !allowDeparted) continue;
    const u = zoneUse(ctx, group, ctx.zone[p]!, fromNode);
    zu[p] = u;
    if (u < bestZoneUse) {
      bestZoneUse = u;
      anyFresh = !departed;
    } else if (u === bestZoneUse && !departed) anyFresh = true;
  }
  if (bestZoneUse === Number.POSITIVE_INFINITY) return NONE;
  let best = -1;
  for (let p = 0; p < n; p++) {
    if (zu[p] !== bestZoneUse) continue;
    if (anyFresh && ctx.wasDeparted(group.id, ctx.nodes[p]!.id)) continue;
    if (!ctx.hasCapacity(p)) continue;
    if (best < 0 || ctx.load[p]! < ctx.load[best]! || (ctx.load[p] === ctx.load[best] && ctx.nodes[p]!.id < ctx.nodes[best]!.id)) best = p;
  }
  return best < 0 ? WAIT : { kind: 'node', pos: best };
}

/** A voter on an up node, other than the current leader, with the fewest leaders. */
export function chooseLeaderTarget(ctx: PlanContext, group: PlannerGroup): Placement {
  let best = -1, any = false;
  for (const v of group.voters) {
    if (v === group.leader || !ctx.isUp(v)) continue;
    any = true;
    const p = ctx.pos(v);
    if (!ctx.hasLeaderCapacity(p)) continue;
    if (best < 0 || ctx.leaders[p]! < ctx.leaders[best]! || (ctx.leaders[p] === ctx.leaders[best] && v < ctx.nodes[best]!.id)) best = p;
  }
  if (best >= 0) return { kind: 'node', pos: best };
  return any ? WAIT : NONE;
}
