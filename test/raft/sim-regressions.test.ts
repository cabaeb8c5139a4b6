import { describe, expect, it } from 'vitest';
import { runCluster } from './sim/cluster.js';
import type { Schedule } from './sim/schedule.js';
import { describeFailure, runSeed } from './sim/simulate.js';

/**
 * Minimal schedules the simulator found against the correct core, kept as literal regressions
 * (the schedule is spelled out, so they do not depend on how fast-check draws schedules). Each
 * names the seed and command it was found with.
 */

const CALM = { lossPercent: 0, duplicatePercent: 0, latencyStepsMax: 1, spikePercent: 0, persistStepsMax: 0 } as const;

describe('simulator regressions', () => {
  // Found by `npm run sim -- --seed 1448490513 --runs 1 --steps 5000 --nodes 3`, shrunk to these
  // 5 events (and 200 steps: all that matters happens by t=64; the rest is the healing phase). n3 crashes before it learns of n4; the group moves to {3, 4}
  // (joint add n4/remove n2, then remove n1). The new voter n4 needs n3's vote, but the
  // restarted n3 still has config {1, 2, 3} and drops votes from n4 as a non-member, and n3
  // cannot win itself (n1, n2 hold longer logs). Nobody can ever lead: raft.ts step() must not
  // ignore Vote/PreVote from senders outside its own, possibly stale, configuration (etcd
  // does not filter them; only the campaigning side checks `promotable`). With that filter
  // bypassed in a test-only subclass, this and 7 other failing seeds pass.
  it('elects a leader when a restarted voter missed the changes that added the candidate', () => {
    const seed = 1448490513;
    const steps = 200;
    const schedule: Schedule = {
      conditions: CALM,
      events: [
        { at: 0, event: { kind: 'tick' } },
        { at: 55, event: { kind: 'conf-change', change: 'add-learner', explicit: false, pick: 0 } },
        { at: 55, event: { kind: 'crash', target: 'any', pick: 2 } },
        { at: 58, event: { kind: 'conf-change', change: 'joint', explicit: false, pick: 1 } },
        { at: 64, event: { kind: 'conf-change', change: 'remove-leader', explicit: false, pick: 0 } },
      ],
    };
    const out = runCluster({ seed, nodes: 3, steps, schedule });
    const report = out.violation === null ? '' : describeFailure(
      { seed, nodes: 3, steps, schedule, violation: out.violation, stats: out.stats, shrinkSteps: 0 }, {},
      'vitest run test/raft/sim-regressions.test.ts', 40);
    expect(report).toBe('');
  });
});

describe('simulator regressions replayed by seed', () => {
  // Found by `npm run sim -- --runs 1500 --steps 10000 --nodes 3 --seed 93`. Their shrunk
  // schedules still hold hundreds of events, so they are replayed from the seed (deterministic
  // while fast-check is pinned). A leader applied its own removal and stepped down at once; the
  // remaining voters had not learned that the change committed, still needed its vote, and it
  // refused them (its log was longer) while it could not campaign itself: no leader, ever.
  // raft.ts now hands over with TimeoutNow instead (handOver()).
  // Found by `npm run sim -- --runs 1000 --steps 10000 --nodes 3 --seed 313` (seed 486046899): a
  // leader removed itself through a joint change, applied the change and crashed before it could
  // hand over. The remaining voters held the leave-joint entry without knowing it committed,
  // still needed the removed node's vote, and it refused them (longer log). Vote refusals now
  // carry the voter's commit index and term (raft.ts learnCommitFromRefusal).
  it.each([1249216967, 3159726976, 486046899])('seed %i: a leader that removes itself hands over, and the group stays live', (seed) => {
    const r = runSeed({ seed, nodes: 3, steps: 10_000, shrinkTimeMs: 0 });
    const report = r.violation === null ? '' : describeFailure(r, {}, `npm run sim -- --seed ${seed} --runs 1 --steps 10000 --nodes 3`, 40);
    expect(report).toBe('');
  });
});

describe('simulator (checker) regressions replayed by seed', () => {
  // Found by `npm run sim -- --runs 1500 --steps 10000 --nodes 7 --seed 77`: a single voter
  // elected itself in memory for term 26 and crashed before persisting that term; after the
  // restart it rightly voted for another node in term 26. The first leadership was never
  // observable (every message of a Ready that changes term or vote waits for the write), so it
  // must not count for election safety: the checker now counts a leader once observable.
  it('a single voter that elects itself and crashes before persisting the term was never leader', () => {
    const seed = 510180583;
    const r = runSeed({ seed, nodes: 7, steps: 10_000, shrinkTimeMs: 0 });
    const report = r.violation === null ? '' : describeFailure(r, {}, `npm run sim -- --seed ${seed} --runs 1 --steps 10000 --nodes 7`, 40);
    expect(report).toBe('');
  });
});
