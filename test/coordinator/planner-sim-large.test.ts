// The planner on the largest synthetic cluster: 200 nodes in 5 zones × 10,000 groups of
// 3 replicas (issue 5: "synthetic clusters of up to 200 nodes and 10,000 groups"). One event per
// test from a balanced start; each must converge, violate nothing, meet the ±1 goals exactly, and
// use close to the fewest replica operators. Figures are printed (docs/coordinator.md).
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_CONFIG } from '../../src/coordinator/planner/types.js';
import { buildSim } from './support/cluster-builder.js';
import { formatSpread, leaderSpread, replicaSpread, replicationMisses, withinBand, zoneMisses } from './support/goals.js';
import type { TickSim } from './support/tick-sim.js';

const NODES = 200, ZONES = 5, GROUPS = 10_000, RF = 3;
const figures: string[] = [];
afterAll(() => console.log(`planner on ${NODES} nodes × ${GROUPS.toLocaleString('en-US')} groups (rf ${RF}, ${ZONES} zones, maxMovesPerNode ${DEFAULT_PLANNER_CONFIG.maxMovesPerNode}):\n${figures.join('\n')}`));

function balanced(collections = 1): TickSim {
  const sim = buildSim({ nodes: NODES, zones: ZONES, groups: GROUPS, rf: RF, layout: 'balanced', sizes: 'equal', collections, seed: 1 }, DEFAULT_PLANNER_CONFIG, () => performance.now());
  expect(sim.runUntilQuiet(1), 'the dealt layout is balanced: nothing to do').toBe(1);
  return sim;
}

function settle(sim: TickSim, name: string, minimum: number): void {
  const opsBefore = sim.stats.replicaOps, transfersBefore = sim.stats.started['balance-leaders'] + sim.stats.started.drain;
  const plansBefore = sim.stats.plans, msBefore = sim.stats.planMsTotal;
  for (let i = 0; i < 8; i++) sim.step(); // past downAfterMs for a failure
  const ticks = 8 + sim.runUntilQuiet(2000);
  const ops = sim.stats.replicaOps - opsBefore;
  const rs = replicaSpread(sim), ls = leaderSpread(sim);
  expect(sim.violations).toEqual([]);
  expect(replicationMisses(sim)).toEqual([]);
  expect(zoneMisses(sim)).toEqual([]);
  expect(withinBand(rs, 1), `replicas ${formatSpread(rs)}`).toBe(true);
  expect(withinBand(ls, 1), `leaders ${formatSpread(ls)}`).toBe(true);
  expect(ops).toBeLessThanOrEqual(Math.floor(1.1 * minimum) + 2);
  const returns = Object.values(sim.stats.returns).reduce((a, b) => a + b, 0);
  expect(returns).toBe(0);
  const planMs = (sim.stats.planMsTotal - msBefore) / (sim.stats.plans - plansBefore);
  figures.push(`  ${name.padEnd(34)} ${String(ticks).padStart(4)} ticks to converge, ${String(ops).padStart(6)} replica operators (minimum ${minimum}), ${String(sim.stats.started['balance-leaders'] + sim.stats.started.drain - transfersBefore).padStart(4)} leader operators; replicas ${formatSpread(rs)}; leaders ${formatSpread(ls)}; plan ${planMs.toFixed(1)} ms/tick avg`);
}

describe(`${NODES} nodes × ${GROUPS} groups`, () => {
  it('scale-out by one node: the new node gets its share, and nothing else moves', () => {
    const sim = balanced();
    sim.addNode('z0');
    // Mean 30,000 / 201 = 149.25: the new node needs ≥ 149 (band [148.25, 150.25]).
    settle(sim, 'one node added', 149);
  });

  it('a node down past downAfterMs: its 150 replicas are re-created, and nothing else moves', () => {
    const sim = balanced();
    sim.failNode(7);
    settle(sim, 'one node down', 150);
  });

  it('a drained node: leadership and its 150 replicas leave, and nothing else moves', () => {
    const sim = balanced();
    sim.drainNode(9);
    settle(sim, 'one node drained', 150);
  });

  it('collection update --replicas 5 on half the groups: 10,000 adds', () => {
    const sim = balanced(2);
    sim.setReplicas('c0', 5);
    settle(sim, 'replicas 3 → 5 on 5,000 groups', 10_000);
  });
});
