import { describe, expect, it } from 'vitest';
import { plantedBugs, type PlantedBug } from './planted-bugs.js';
import { runSpecBatch, specSeed } from './sim/spec-support.js';
import { TEETH } from './sim/teeth.js';

/**
 * The simulator's teeth: each planted bug (a Raft subclass that breaks one rule) must be caught
 * within its configuration's schedule budget, by the check that guards that rule; and the same
 * configuration must find nothing in the correct core, or "catching" would prove nothing.
 */
const BASE_SEED = specSeed(0x7ee7);
/** Schedules the correct core runs under each bug's configuration. */
const CONTROL_SCHEDULES = 100;

describe.each(Object.keys(TEETH) as PlantedBug[])('the simulator against the planted bug %s', (bug) => {
  const t = TEETH[bug];

  it(`catches it as ${t.expected.join(' or ')} within ${t.schedulesMax} schedules`, () => {
    const r = runSpecBatch({
      baseSeed: BASE_SEED, runs: t.schedulesMax, nodes: t.nodes, steps: t.steps, profile: t.profile, tuning: t.tuning,
      makeCore: plantedBugs[bug], stopOnFirst: true, shrinkTimeMs: 0,
    }, ` --planted-bug ${bug}`);
    const caught = r.failures[0];
    expect(caught, `base seed ${BASE_SEED}: no violation in ${r.runs} schedules`).toBeDefined();
    expect(t.expected, `seed ${caught!.seed}: ${caught!.violation?.message}`).toContain(caught!.violation!.kind);
    console.info(`${bug}: caught as ${caught!.violation!.kind} after ${r.runs} schedules, ${r.elapsedMs} ms (seed ${caught!.seed})`);
  });

  it(`finds nothing in the correct core under the same configuration (${CONTROL_SCHEDULES} schedules)`, () => {
    const r = runSpecBatch({
      baseSeed: BASE_SEED, runs: CONTROL_SCHEDULES, nodes: t.nodes, steps: t.steps, profile: t.profile, tuning: t.tuning, shrinkTimeMs: 0,
    });
    expect(r.report, `base seed ${BASE_SEED}`).toBe('');
  });
});
