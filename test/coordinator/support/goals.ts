/**
 * The planner's goals, measured on a simulated cluster (meant for a converged one): each returns
 * one line per miss, empty when the goal holds.
 */
import { groupWeights } from '../../../src/coordinator/planner/weights.js';
import type { TickSim } from './tick-sim.js';

export interface Spread {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly weighted: boolean;
}

/** Replica load (weights.ts) per up node. */
export function replicaSpread(sim: TickSim): Spread {
  const { weight, weighted } = groupWeights(sim.groups, sim.options.planner.sizeSkewRatio);
  const load = new Map<number, number>();
  for (const n of sim.nodes) if (n.state === 'up') load.set(n.id, 0);
  sim.groups.forEach((g, i) => {
    for (const v of [...g.voters, ...g.learners]) if (load.has(v)) load.set(v, load.get(v)! + weight[i]!);
  });
  return spread([...load.values()], weighted);
}

export function leaderSpread(sim: TickSim): Spread {
  const leaders = new Map<number, number>();
  for (const n of sim.nodes) if (n.state === 'up') leaders.set(n.id, 0);
  for (const g of sim.groups) if (leaders.has(g.leader)) leaders.set(g.leader, leaders.get(g.leader)! + 1);
  return spread([...leaders.values()], false);
}

function spread(values: number[], weighted: boolean): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return { mean, min: Math.min(...values), max: Math.max(...values), weighted };
}

export function withinBand(s: Spread, band: number): boolean {
  const eps = 1e-9;
  return s.max <= s.mean + band + eps && s.min >= s.mean - band - eps;
}

export function formatSpread(s: Spread): string {
  return `mean ${s.mean.toFixed(2)}, min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}${s.weighted ? ' (weighted)' : ''}`;
}

/** Every group with a leader has replicationFactor voters, none dead, no learner, when enough nodes are up. */
export function replicationMisses(sim: TickSim): string[] {
  const up = sim.nodes.filter((n) => n.state === 'up').length;
  const misses: string[] = [];
  for (const g of sim.groups) {
    if (g.leader === 0) continue; // lost quorum: nothing can change its membership
    if (g.learners.length > 0) misses.push(`group ${g.id} keeps learners ${g.learners.join(',')}`);
    if (up < g.replicationFactor) continue;
    if (g.voters.length !== g.replicationFactor) misses.push(`group ${g.id} has ${g.voters.length} voters, rf ${g.replicationFactor}`);
    const dead = g.voters.filter((v) => sim.isDead(v));
    if (dead.length > 0) misses.push(`group ${g.id} keeps voters on dead nodes ${dead.join(',')}`);
  }
  return misses;
}

/** No two live voters of a group in one zone while an up node in an unused zone exists. */
export function zoneMisses(sim: TickSim): string[] {
  const upZones = new Set(sim.nodes.filter((n) => n.state === 'up').map((n) => n.zone));
  const misses: string[] = [];
  for (const g of sim.groups) {
    if (g.leader === 0) continue;
    const zones = g.voters.filter((v) => !sim.isDead(v)).map((v) => sim.node(v)!.zone);
    const used = new Set(zones);
    if (used.size < zones.length && [...upZones].some((z) => !used.has(z))) misses.push(`group ${g.id} has voters in zones ${zones.join(',')}`);
  }
  return misses;
}

/** Nothing left on draining nodes, for every group that has a leader and an up node to go to. */
export function drainMisses(sim: TickSim): string[] {
  const up = sim.nodes.filter((n) => n.state === 'up');
  const misses: string[] = [];
  for (const n of sim.nodes.filter((x) => x.state === 'draining')) {
    const stuck = sim.groups.filter((g) => g.voters.includes(n.id) && g.leader !== 0 && up.some((u) => !g.voters.includes(u.id)));
    if (stuck.length > 0) misses.push(`node ${n.id} is still draining with ${stuck.length} movable replicas`);
  }
  return misses;
}

/** No healthy group (a leader, every voter up) above the split threshold. */
export function splitMisses(sim: TickSim): string[] {
  return sim.groups
    .filter((g) => g.leader !== 0 && g.voters.every((v) => sim.isUp(v)) && g.sizeBytes > sim.options.planner.splitThresholdBytes)
    .map((g) => `group ${g.id} is ${g.sizeBytes} bytes`);
}

/** The largest replica weight (1 when unweighted): the granularity weighted balance works at. */
export function maxWeight(sim: TickSim): number {
  const { weight } = groupWeights(sim.groups, sim.options.planner.sizeSkewRatio);
  return weight.reduce((a, b) => Math.max(a, b), 1);
}
/**
 * Whether the zones leave replica balance possible — a necessary condition, checked per zone. A
 * node holds at most one replica of a group; placement spreads a group over as many zones as it
 * can, so a zone holds at most one replica of a group that fits in distinct zones, at most
 * r − zones + 1 of one that does not, and at least one of the latter. When a zone cannot hold
 * its share (e.g. a lone node in a zone that every group of 5 replicas over 4 zones must use) the
 * zone rule wins, by design, and the band cannot be met.
 */
export function zonesAllowBalance(sim: TickSim): boolean {
  const up = sim.nodes.filter((n) => n.state === 'up');
  const zoneSize = new Map<string, number>();
  for (const n of up) zoneSize.set(n.zone, (zoneSize.get(n.zone) ?? 0) + 1);
  const zones = zoneSize.size;
  let total = 0;
  const cap = new Map<string, number>([...zoneSize.keys()].map((z) => [z, 0]));
  const must = new Map<string, number>([...zoneSize.keys()].map((z) => [z, 0]));
  for (const g of sim.groups) {
    const r = g.voters.filter((v) => sim.isUp(v)).length;
    total += r;
    for (const [z, k] of zoneSize) {
      cap.set(z, cap.get(z)! + Math.min(k, zones >= r ? 1 : r - zones + 1));
      if (r >= zones) must.set(z, must.get(z)! + 1);
    }
  }
  const mean = total / up.length, band = sim.options.planner.balanceBandUnits;
  const capTotal = [...cap.values()].reduce((a, b) => a + b, 0);
  for (const [z, k] of zoneSize) {
    const c = cap.get(z)!;
    if (k * Math.ceil(mean - band - 1e-9) > c) return false;
    if (Math.max(must.get(z)!, total - (capTotal - c)) > k * Math.floor(mean + band + 1e-9)) return false;
  }
  return true;
}
