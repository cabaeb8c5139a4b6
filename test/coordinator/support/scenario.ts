/**
 * Random scenarios for the simulator: a synthetic cluster, then events spaced by a few ticks,
 * then quiet until it converges. fast-check generates them (and shrinks a failing one); the
 * cluster's own randomness comes from the scenario's seed, so a failure replays from the
 * property's seed and path alone.
 */
import fc from 'fast-check';
import { DEFAULT_PLANNER_CONFIG, type PlannerConfig } from '../../../src/coordinator/planner/types.js';
import { buildSim, type ClusterSpec, MIB, zoneName } from './cluster-builder.js';
import type { TickSim } from './tick-sim.js';

export type EventKind = 'add-node' | 'fail-node' | 'recover-node' | 'drain-node' | 'set-replicas' | 'grow-group';

export interface SimEvent {
  /** Ticks to run before the event. */
  readonly after: number;
  readonly kind: EventKind;
  /** Picks the node, zone, collection or group (modulo the candidates). */
  readonly which: number;
  readonly value: number;
}

export interface Scenario {
  readonly cluster: ClusterSpec;
  readonly maxMovesPerNode: number;
  readonly events: readonly SimEvent[];
}

const REPLICATION_FACTORS = [1, 2, 3, 3, 5] as const;

export const eventArb: fc.Arbitrary<SimEvent> = fc.record({
  after: fc.integer({ min: 0, max: 20 }),
  kind: fc.constantFrom<EventKind>('add-node', 'fail-node', 'recover-node', 'drain-node', 'set-replicas', 'grow-group'),
  which: fc.nat({ max: 1000 }),
  value: fc.nat({ max: 1000 }),
});

export function scenarioArb(limits: { nodesMax: number; groupsMax: number; eventsMax: number }): fc.Arbitrary<Scenario> {
  return fc.record({
    cluster: fc.record({
      nodes: fc.integer({ min: 3, max: limits.nodesMax }),
      zones: fc.integer({ min: 1, max: 4 }),
      groups: fc.integer({ min: 1, max: limits.groupsMax }),
      rf: fc.constantFrom(...REPLICATION_FACTORS),
      layout: fc.constantFrom('balanced' as const, 'random' as const, 'crowded' as const),
      sizes: fc.constantFrom('equal' as const, 'skewed' as const),
      collections: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer(),
    }),
    maxMovesPerNode: fc.integer({ min: 1, max: 4 }),
    events: fc.array(eventArb, { maxLength: limits.eventsMax }),
  });
}

export function plannerConfig(s: Scenario): PlannerConfig {
  return { ...DEFAULT_PLANNER_CONFIG, maxMovesPerNode: s.maxMovesPerNode };
}

/** Applies one event; returns a one-line description (or why it did nothing). */
export function applyEvent(sim: TickSim, e: SimEvent, zones: number): string {
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[e.which % xs.length]);
  switch (e.kind) {
    case 'add-node':
      return `add node ${sim.addNode(zoneName(e.value % zones))}`;
    case 'fail-node': {
      const n = pick(sim.nodes.filter((x) => x.running && x.state !== 'removed'));
      if (n === undefined) return 'fail: none running';
      sim.failNode(n.id);
      return `fail node ${n.id}`;
    }
    case 'recover-node': {
      const n = pick(sim.nodes.filter((x) => !x.running && x.state !== 'removed'));
      if (n === undefined) return 'recover: none failed';
      sim.recoverNode(n.id);
      return `recover node ${n.id}`;
    }
    case 'drain-node': {
      const n = pick(sim.nodes.filter((x) => x.state === 'up'));
      if (n === undefined) return 'drain: none up';
      sim.drainNode(n.id);
      return `drain node ${n.id}`;
    }
    case 'set-replicas': {
      const collections = [...new Set(sim.groups.map((g) => g.collection))].sort();
      const c = pick(collections)!;
      const rf = REPLICATION_FACTORS[e.value % REPLICATION_FACTORS.length]!;
      sim.setReplicas(c, rf);
      return `collection ${c} --replicas ${rf}`;
    }
    case 'grow-group': {
      const g = pick(sim.groups)!;
      sim.setSize(g.id, sim.options.planner.splitThresholdBytes + (1 + (e.value % 200)) * MIB);
      return `group ${g.id} grows past the split threshold`;
    }
  }
}

export interface RunResult {
  readonly sim: TickSim;
  readonly log: string[];
  /** Ticks from the last event until the planner had nothing more to do. */
  readonly ticksToConverge: number;
}

/**
 * Builds the cluster, plays the events, lets every failed node pass downAfterMs (so its
 * replacement is part of the run), then runs until quiet.
 */
export function runScenario(s: Scenario, maxTicks: number, clock?: () => number): RunResult {
  const sim = buildSim(s.cluster, plannerConfig(s), clock);
  const log: string[] = [];
  for (const e of s.events) {
    for (let i = 0; i < e.after; i++) sim.step();
    log.push(`tick ${sim.tick}: ${applyEvent(sim, e, s.cluster.zones)}`);
  }
  const waitTicks = Math.ceil(sim.options.planner.downAfterMs / sim.options.tickMs) + 1;
  let ticks = 0;
  for (; ticks < waitTicks; ticks++) sim.step();
  ticks += sim.runUntilQuiet(maxTicks);
  return { sim, log, ticksToConverge: ticks };
}
