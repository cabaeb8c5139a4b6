// The planner in the tick simulator (issue 5: "Test the planner in a tick simulator with synthetic
// clusters …: it converges, never violates a constraint, never oscillates"). Seeds come from the
// suite's fast-check seed (test/setup/fast-check.ts); a failure prints { seed, path } and replays
// with FC_SEED=<seed> FC_PATH=<path> npx vitest run test/coordinator/planner-sim.test.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_CONFIG } from '../../src/coordinator/planner/types.js';
import { buildSim, zoneName } from './support/cluster-builder.js';
import {
  drainMisses, formatSpread, leaderSpread, maxWeight, replicaSpread, replicationMisses, splitMisses, withinBand, zoneMisses, zonesAllowBalance,
} from './support/goals.js';
import { runScenario, scenarioArb } from './support/scenario.js';
import type { TickSim } from './support/tick-sim.js';

const seed = fc.readConfigureGlobal().seed;
const figures: string[] = [];
afterAll(() => {
  console.log(`planner simulation (fast-check seed ${seed}):\n${figures.map((f) => `  ${f}`).join('\n')}`);
});

/** Convergence bound for the random scenarios: far above what they take (≈400 ticks at most), far below forever. */
const MAX_TICKS = 3000;
const BAND = DEFAULT_PLANNER_CONFIG.balanceBandUnits;

function antiThrash(sim: TickSim): string[] {
  const r = sim.stats.returns;
  const voluntary = r['balance-replicas'] + r['balance-leaders'] + r.zone;
  return voluntary === 0 ? [] : [`${voluntary} balance/zone placements back onto a node the replica had left`];
}

describe('random clusters (3–24 nodes, ≤ 200 groups, up to 6 events: failures, recoveries, new nodes, drains, replication changes, growth)', () => {
  it('never violates a constraint, converges, meets every goal the cluster allows, and never moves a replica back', () => {
    let runs = 0, maxTicks = 0, strictReplicaMisses = 0, strictLeaderMisses = 0, replicaChecked = 0, leaderChecked = 0, fallbackReturns = 0;
    fc.assert(
      fc.property(scenarioArb({ nodesMax: 24, groupsMax: 200, eventsMax: 6 }), (s) => {
        const { sim, log, ticksToConverge } = runScenario(s, MAX_TICKS);
        const context = `\n  events: ${log.join('; ') || 'none'}`;
        expect(sim.violations, `constraints${context}`).toEqual([]);
        expect(replicationMisses(sim), `replication${context}`).toEqual([]);
        expect(zoneMisses(sim), `zones${context}`).toEqual([]);
        expect(drainMisses(sim), `drain${context}`).toEqual([]);
        expect(splitMisses(sim), `split${context}`).toEqual([]);
        expect(antiThrash(sim), `thrash${context}`).toEqual([]);
        // Balance, where the zone rule leaves it possible. Strict ±1 where the placement is free
        // enough; a node can end one further out when the only replicas that would fix it just
        // left the target (never moved back) or lead their group. Weighted, the granularity is
        // the largest replica.
        const rs = replicaSpread(sim), ls = leaderSpread(sim);
        if (zonesAllowBalance(sim)) {
          replicaChecked++;
          if (!withinBand(rs, BAND)) strictReplicaMisses++;
          expect(withinBand(rs, rs.weighted ? BAND + maxWeight(sim) : BAND + 1), `replica balance: ${formatSpread(rs)}${context}`).toBe(true);
          if (!rs.weighted && withinBand(rs, BAND) && sim.groups.every((g) => g.voters.length >= 2)) {
            leaderChecked++;
            if (!withinBand(ls, BAND)) strictLeaderMisses++;
            expect(withinBand(ls, BAND + 1), `leader balance: ${formatSpread(ls)}${context}`).toBe(true);
          }
        }
        runs++;
        maxTicks = Math.max(maxTicks, ticksToConverge);
        fallbackReturns += sim.stats.returns.repair + sim.stats.returns.drain + sim.stats.returns.replication;
      }),
      { numRuns: 150 },
    );
    figures.push(`random clusters: ${runs} runs, converged within ${maxTicks} ticks of the last event; replica band ±1 met in ${replicaChecked - strictReplicaMisses}/${replicaChecked} zone-feasible runs (all within ±2 or ±1+max weight), leader band ±1 in ${leaderChecked - strictLeaderMisses}/${leaderChecked}; repair/drain placed ${fallbackReturns} replicas back on a node they had left (no other node could take them)`);
  });
});

// ---- one event on a balanced cluster: the goals exactly, and moves close to the minimum ------

type OneEvent = 'scale-out' | 'fail' | 'drain' | 'replicas-up' | 'replicas-down';

interface Balanced {
  readonly zones: number;
  readonly perZone: number;
  readonly groups: number;
  readonly rf: number;
  readonly event: OneEvent;
  readonly which: number;
  readonly maxMovesPerNode: number;
}

// Zones and replication factors where a node failure leaves balance possible: one zone, or more
// zones than replicas (with rf = zones, losing a node leaves its zone short of room).
const balancedArb: fc.Arbitrary<Balanced> = fc
  .record({
    zones: fc.constantFrom(1, 4, 5),
    perZone: fc.integer({ min: 2, max: 8 }),
    groups: fc.integer({ min: 20, max: 400 }),
    rf: fc.constantFrom(1, 2, 3),
    event: fc.constantFrom<OneEvent>('scale-out', 'fail', 'drain', 'replicas-up', 'replicas-down'),
    which: fc.nat(),
    maxMovesPerNode: fc.integer({ min: 1, max: 4 }),
  })
  .filter((b) => b.zones * b.perZone > b.rf + 1);

/** The fewest replica operators that can reach the band from `counts` (up nodes only), by the pigeonhole bound. */
function minimumReplicaOps(counts: readonly number[]): number {
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  let excess = 0, deficit = 0;
  for (const c of counts) {
    excess += Math.max(0, c - Math.floor(mean + BAND + 1e-9));
    deficit += Math.max(0, Math.ceil(mean - BAND - 1e-9) - c);
  }
  return Math.max(excess, deficit);
}

function replicaCounts(sim: TickSim, nodeIds: readonly number[]): number[] {
  return nodeIds.map((id) => sim.groups.filter((g) => g.voters.includes(id)).length);
}

describe('one event on a balanced cluster', () => {
  it('meets the ±1 goals for replicas and leaders, with replica operators within 1.25× the minimum (+2)', () => {
    const worst = { ratio: 0, text: '' };
    let runs = 0;
    fc.assert(
      fc.property(balancedArb, (b) => {
        const nodes = b.zones * b.perZone;
        // Random placement, then let the planner balance it: the event hits a cluster the planner itself left.
        const sim = buildSim({ nodes, zones: b.zones, groups: b.groups, rf: b.rf, layout: 'random', sizes: 'equal', seed: b.which }, { ...DEFAULT_PLANNER_CONFIG, maxMovesPerNode: b.maxMovesPerNode });
        sim.runUntilQuiet(MAX_TICKS);
        const before = sim.stats.replicaOps;
        const victim = 1 + (b.which % nodes);
        let minimum: number;
        switch (b.event) {
          case 'scale-out': {
            for (let z = 0; z < b.zones; z++) sim.addNode(zoneName(z));
            const up = sim.nodes.map((n) => n.id);
            minimum = minimumReplicaOps(replicaCounts(sim, up));
            break;
          }
          case 'fail':
          case 'drain': {
            // Every replica on the node must be re-created elsewhere; the rest already fits the band.
            minimum = replicaCounts(sim, [victim])[0]!;
            if (b.event === 'fail') sim.failNode(victim);
            else sim.drainNode(victim);
            break;
          }
          case 'replicas-up':
          case 'replicas-down': {
            const rf = b.event === 'replicas-up' ? b.rf + 1 : Math.max(1, b.rf - 1);
            minimum = b.groups * Math.abs(rf - b.rf);
            sim.setReplicas('c0', rf);
            break;
          }
        }
        for (let i = 0; i < 8; i++) sim.step(); // past downAfterMs for a failure
        const ticks = 8 + sim.runUntilQuiet(MAX_TICKS);
        const ops = sim.stats.replicaOps - before;
        const context = `${b.event} on ${nodes} nodes × ${b.groups} groups, rf ${b.rf}, ${b.zones} zones: ${ops} replica operators, minimum ${minimum}`;
        expect(sim.violations, context).toEqual([]);
        expect(replicationMisses(sim), context).toEqual([]);
        expect(zoneMisses(sim), context).toEqual([]);
        const rs = replicaSpread(sim), ls = leaderSpread(sim);
        expect(withinBand(rs, BAND), `replicas ${formatSpread(rs)}; ${context}`).toBe(true);
        if (sim.groups.every((g) => g.voters.length >= 2)) expect(withinBand(ls, BAND), `leaders ${formatSpread(ls)}; ${context}`).toBe(true);
        expect(ops, context).toBeLessThanOrEqual(Math.floor(1.25 * minimum) + 2);
        expect(antiThrash(sim), context).toEqual([]);
        if (minimum > 0 && ops / minimum > worst.ratio) {
          worst.ratio = ops / minimum;
          worst.text = `${context}, ${ticks} ticks`;
        }
        runs++;
      }),
      { numRuns: 60 },
    );
    figures.push(`one event on a balanced cluster: ${runs} runs; worst replica operators / minimum = ${worst.ratio.toFixed(2)} (${worst.text})`);
  });
});
