import { describe, expect, it } from 'vitest';
import { specSeed, runSpecBatch, SPEC_SHRINK_TIME_MS } from './sim/spec-support.js';

/**
 * Whole-cluster simulation of 5-node Raft groups (see test/raft/sim/). Every schedule mixes
 * message loss, delay, duplication and reordering, partitions and swizzle clogging, crashes in
 * and out of the write window, compaction and snapshots, membership changes, leadership
 * transfers, proposals and ReadIndex reads; the checkers run after every step, and the cluster
 * must heal to one converged leader at the end. Replay a failure with the printed command.
 */
const SCHEDULES = 300;
const STEPS = 3000;

describe('simulated 5-node clusters', () => {
  it(`keep every safety property and heal to one converged leader over ${SCHEDULES} fault schedules of ${STEPS} steps`, () => {
    const baseSeed = specSeed(5001);
    const r = runSpecBatch({ baseSeed, runs: SCHEDULES, nodes: 5, steps: STEPS, shrinkTimeMs: SPEC_SHRINK_TIME_MS });
    expect(r.report, `base seed ${baseSeed}`).toBe('');
    expect(r.runs).toBe(SCHEDULES);
  });
});
