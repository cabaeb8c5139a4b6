/** Small hand-made cluster states for the planner's rule tests. */
import { DEFAULT_PLANNER_CONFIG } from '../../../src/coordinator/planner/types.js';
import type { ClusterState, Departure, NodeState, Operator, PlannerConfig, PlannerGroup, PlannerNode } from '../../../src/coordinator/planner/types.js';

/** Node `id` in zone `z<id>` (every node its own zone) unless given. */
export function node(id: number, state: NodeState = 'up', opts: { zone?: string; downForMs?: number } = {}): PlannerNode {
  return { id, zone: opts.zone ?? `z${id}`, state, downForMs: opts.downForMs ?? (state === 'up' ? 0 : state === 'removed' ? 0 : 1000) };
}

export function nodes(count: number, zones?: number): PlannerNode[] {
  return Array.from({ length: count }, (_, i) => node(i + 1, 'up', zones === undefined ? {} : { zone: `z${i % zones}` }));
}

/** Group `id` on `voters`, led by the first voter, rf = voters.length unless given. */
export function group(id: number, voters: number[], opts: Partial<Omit<PlannerGroup, 'id' | 'voters'>> = {}): PlannerGroup {
  return { id, collection: 'c', voters, learners: [], leader: voters[0] ?? 0, replicationFactor: voters.length, sizeBytes: 1024, ...opts };
}

export function cluster(ns: PlannerNode[], gs: PlannerGroup[], opts: { running?: Operator[]; config?: Partial<PlannerConfig>; departures?: Departure[] } = {}): ClusterState {
  return { nodes: ns, groups: gs, running: opts.running ?? [], config: { ...DEFAULT_PLANNER_CONFIG, ...opts.config }, departures: opts.departures ?? [] };
}

/** `count` groups of `rf` replicas dealt round robin over nodes 1..n (ids from `firstId`). */
export function dealt(count: number, n: number, rf: number, firstId = 100): PlannerGroup[] {
  return Array.from({ length: count }, (_, i) => group(firstId + i, Array.from({ length: rf }, (_, k) => ((i * rf + k) % n) + 1)));
}

/** Operators without their reasons, for compact expectations. */
export function bare(ops: readonly Operator[]): Operator[] {
  return ops.map(({ reason: _reason, ...rest }) => rest as Operator);
}

export const DEAD_MS = DEFAULT_PLANNER_CONFIG.downAfterMs;
