/**
 * Rule 4b, leader balance: each up node within ±balanceBandUnits of the mean number of leaders
 * over up nodes. Leaders are counted, not weighted: leadership costs request handling, which
 * follows traffic, not bytes. Leadership only goes to a voter on an up node.
 *
 * Leadership can only move between a group's voters, so two nodes that share no group cannot
 * trade directly; a cluster can then sit with a patch of nodes all one leader above the mean
 * next to a patch one below, where no single transfer helps (seen in the simulator after a node
 * failure). So a node outside the band moves one leadership along a chain: S → A (a group S
 * leads with a voter on A), A → B (a group A leads), … → X, all in one tick. Intermediate nodes
 * lose one and gain one; only S and X change, and only when L(S) − L(X) ≥ 1 + minImprovementUnits,
 * so Σ leaders² still falls with every chain (the same hysteresis as replica balance) and the
 * transfers cannot cycle. The chain is found by breadth-first search, shortest first.
 *
 * When no chain exists — the nodes a heavy node shares groups with are all heavy too, e.g. the
 * few nodes every group started on — leadership needs a new path: move a follower of one of the
 * heavy node's groups to a light node (reason 'balance-leaders'), so that a later tick can
 * transfer to it. Such a move must leave both nodes inside the replica band, so replica balance
 * never undoes it, and is made only toward a node it would then pay to transfer to.
 */
import { replicaMoveAllowed } from './balance-replicas-rule.js';
import type { PlanContext } from './plan-context.js';

interface Edge {
  readonly g: number;
  readonly from: number;
  readonly to: number;
}

export function balanceLeadersRule(ctx: PlanContext): void {
  const upList: number[] = [];
  let total = 0;
  for (let p = 0; p < ctx.nodes.length; p++) {
    if (ctx.up[p] !== 1) continue;
    upList.push(p);
    total += ctx.leaders[p]!;
  }
  if (upList.length < 2) return;
  const mean = total / upList.length;
  const hi = mean + ctx.config.balanceBandUnits, lo = mean - ctx.config.balanceBandUnits;
  const need = 1 + ctx.config.minImprovementUnits;
  const maxHops = ctx.config.maxLeaderChainHops;

  // Per up node: groups it leads, and groups where it follows an up leader.
  const led: number[][] = ctx.nodes.map(() => []);
  const follows: number[][] = ctx.nodes.map(() => []);
  for (let g = 0; g < ctx.groups.length; g++) {
    if (ctx.groupBusy[g] === 1) continue;
    const group = ctx.groups[g]!;
    if (group.voters.length < 2 || !ctx.leaderValid(group) || !ctx.isUp(group.leader)) continue;
    for (const v of group.voters) {
      const p = ctx.pos(v);
      if (p < 0 || ctx.up[p] !== 1) continue;
      (v === group.leader ? led : follows)[p]!.push(g);
    }
  }

  /**
   * Breadth-first from `start`, forward along led groups (leadership leaving the node) or
   * backward along followed groups (leadership arriving). Returns the path's edges in transfer
   * order from its source, or undefined. A node in the middle of the path takes part in two
   * transfers, so it needs room for two.
   */
  const chain = (start: number, forward: boolean, done: (p: number) => boolean): Edge[] | undefined => {
    const via = new Map<number, Edge>();
    via.set(start, { g: -1, from: -1, to: -1 });
    let frontier = [start];
    for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
      const next: number[] = [];
      for (const a of frontier) {
        const room = a === start ? 1 : 2;
        if (ctx.leaderBusy[a]! + room > ctx.config.maxLeaderTransfersPerNode) continue;
        for (const g of (forward ? led : follows)[a]!) {
          if (ctx.groupBusy[g] === 1) continue;
          const group = ctx.groups[g]!;
          const others = forward ? group.voters.map((v) => ctx.pos(v)) : [ctx.pos(group.leader)];
          for (const b of others) {
            if (b < 0 || b === a || via.has(b) || ctx.up[b] !== 1) continue;
            const edge: Edge = forward ? { g, from: a, to: b } : { g, from: b, to: a };
            via.set(b, edge);
            if (done(b) && ctx.hasLeaderCapacity(b)) return unwind(via, b, start, forward);
            next.push(b);
          }
        }
      }
      frontier = next;
    }
    return undefined;
  };

  const apply = (edges: readonly Edge[]): void => {
    for (const e of edges) {
      ctx.emit({ kind: 'transfer-leader', group: ctx.groups[e.g]!.id, from: ctx.nodes[e.from]!.id, to: ctx.nodes[e.to]!.id, reason: 'balance-leaders' });
    }
  };

  // The replica band, for moves that open a path (they must not leave it).
  let replicas = 0;
  for (const p of upList) replicas += ctx.load[p]!;
  const rMean = replicas / upList.length, rBand = ctx.config.balanceBandUnits;
  const byLeaders = (a: number, b: number): number => ctx.leaders[a]! - ctx.leaders[b]! || ctx.nodes[a]!.id - ctx.nodes[b]!.id;
  const ascending = [...upList].sort(byLeaders);

  /** A follower of a group led by S moved to T, if it keeps both inside the replica band. */
  const opening = (s: number, t: number): { g: number; f: number } | undefined => {
    if (ctx.leaders[s]! - ctx.leaders[t]! < need || !ctx.hasCapacity(t)) return undefined;
    for (const g of led[s]!) {
      if (ctx.groupBusy[g] === 1) continue;
      const w = ctx.weight[g]!;
      if (ctx.load[t]! + w > rMean + rBand) continue;
      for (const v of ctx.groups[g]!.voters) {
        const f = ctx.pos(v);
        if (f === s || f < 0 || ctx.up[f] !== 1 || !ctx.hasCapacity(f)) continue;
        if (ctx.load[f]! - w < rMean - rBand) continue;
        if (replicaMoveAllowed(ctx, g, f, t)) return { g, f };
      }
    }
    return undefined;
  };
  const open = (s: number, t: number): boolean => {
    const m = opening(s, t);
    if (m === undefined) return false;
    ctx.emit({ kind: 'move-replica', group: ctx.groups[m.g]!.id, from: ctx.nodes[m.f]!.id, to: ctx.nodes[t]!.id, reason: 'balance-leaders' });
    return true;
  };

  for (const s of upList.filter((p) => ctx.leaders[p]! > hi).sort((a, b) => byLeaders(b, a))) {
    while (ctx.leaders[s]! > hi && !ctx.full()) {
      const edges = chain(s, true, (x) => ctx.leaders[s]! - ctx.leaders[x]! >= need);
      if (edges === undefined) {
        for (const t of ascending) if (open(s, t)) break;
        break;
      }
      apply(edges);
    }
  }
  for (const t of upList.filter((p) => ctx.leaders[p]! < lo).sort(byLeaders)) {
    while (ctx.leaders[t]! < lo && !ctx.full()) {
      const edges = chain(t, false, (x) => ctx.leaders[x]! - ctx.leaders[t]! >= need);
      if (edges === undefined) {
        for (let i = ascending.length - 1; i >= 0; i--) if (open(ascending[i]!, t)) break;
        break;
      }
      apply(edges);
    }
  }
}

/** The path from `start` to `end` recorded in `via`, as transfers in order from the path's source. */
function unwind(via: ReadonlyMap<number, Edge>, end: number, start: number, forward: boolean): Edge[] {
  const edges: Edge[] = [];
  for (let p = end; p !== start; ) {
    const e = via.get(p)!;
    edges.push(e);
    p = forward ? e.from : e.to;
  }
  return forward ? edges.reverse() : edges;
}
