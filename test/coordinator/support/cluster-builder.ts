/**
 * Synthetic clusters for the planner tests, built from a seed (a small PRNG, so the same seed
 * gives the same cluster wherever it runs; fast-check supplies the seed in properties).
 */
import type { PlannerConfig } from '../../../src/coordinator/planner/types.js';
import { mulberry32 } from '../../support/prng.js';
import { DEFAULT_SIM_OPTIONS, type SimGroup, type SimNode, TickSim } from './tick-sim.js';

/** mulberry32 (test/support/prng.ts): tiny, fast, good enough to scatter replicas. */
export const prng = mulberry32;

export type Layout =
  /** Round robin over consecutive nodes: every node holds the same count, zones distinct, leaders even. */
  | 'balanced'
  /** Each group on random distinct nodes: uneven, zone duplicates likely. */
  | 'random'
  /** Every group on the first `rf` + 2 nodes: the worst start. */
  | 'crowded';

export interface ClusterSpec {
  readonly nodes: number;
  /** Zones assigned round robin: node i is in zone i mod zones. */
  readonly zones: number;
  readonly groups: number;
  readonly rf: number;
  readonly layout: Layout;
  /** Group sizes: all equal, or spread (a few 20× larger) so that weighting applies. */
  readonly sizes: 'equal' | 'skewed';
  /** Collections the groups are dealt into round robin (for replication changes). */
  readonly collections?: number;
  readonly seed: number;
}

export const MIB = 1024 * 1024;

export function zoneName(i: number): string {
  return `z${i}`;
}

export function buildNodes(spec: Pick<ClusterSpec, 'nodes' | 'zones'>): SimNode[] {
  return Array.from({ length: spec.nodes }, (_, i) => ({ id: i + 1, zone: zoneName(i % spec.zones), state: 'up' as const, downForMs: 0, running: true }));
}

export function buildGroups(spec: ClusterSpec): SimGroup[] {
  const rand = prng(spec.seed);
  const n = spec.nodes, rf = Math.min(spec.rf, spec.nodes);
  const groups: SimGroup[] = [];
  for (let i = 0; i < spec.groups; i++) {
    let voters: number[];
    if (spec.layout === 'balanced') voters = Array.from({ length: rf }, (_, k) => ((i * rf + k) % n) + 1);
    else {
      const pool = spec.layout === 'crowded' ? Math.min(n, rf + 2) : n;
      const chosen = new Set<number>();
      while (chosen.size < rf) chosen.add(1 + Math.floor(rand() * pool));
      voters = [...chosen];
    }
    const sizeBytes = spec.sizes === 'equal' ? 64 * MIB : (rand() < 0.05 ? 400 : 4 + Math.floor(rand() * 30)) * MIB;
    groups.push({ id: i + 2, collection: `c${i % (spec.collections ?? 1)}`, voters, learners: [], leader: voters[0]!, replicationFactor: rf, sizeBytes });
  }
  return groups;
}

export function buildSim(spec: ClusterSpec, planner: PlannerConfig, clock?: () => number): TickSim {
  return new TickSim(buildNodes(spec), buildGroups(spec), { ...DEFAULT_SIM_OPTIONS, planner }, clock);
}
