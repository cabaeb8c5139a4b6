import { describe, expect, it } from 'vitest';
import { runInTemp } from './support/run-in-temp.js';

// A checker that never fails is worth nothing: each run below must find the violation it is
// built to provoke, on real node processes. Seeds and fault timings were picked so that the
// violation shows every time (see jepsen-lite/README.md, "Teeth").
describe('jepsen-lite has teeth', () => {
  it('ack=async with the leader cut off and killed right after acknowledging: the set checker finds lost writes', async () => {
    const { results } = await runInTemp({
      workload: 'set', nemesis: ['kill-leader-cut'], ack: 'async', timeS: 10, nodes: 3, concurrency: 6, seed: 1,
      faultMs: [2_500, 3_000], quietMs: [1_000, 1_500],
    }, (r) => r.results.valid === false);
    expect(results.valid).toBe(false);
    expect(results.anomalies.map((a) => (a as { type: string }).type)).toContain('lost');
    expect(results.checker['lost']).toBeGreaterThan(0);
  }, 90_000);

  it('follower reads under partitions: the register checker finds stale (non-linearizable) reads', async () => {
    const { results } = await runInTemp({
      workload: 'register', nemesis: ['partition'], consistency: 'follower', timeS: 10, nodes: 3, concurrency: 6, seed: 1,
      faultMs: [2_500, 3_000], quietMs: [1_000, 1_500],
    }, (r) => r.results.valid === false);
    expect(results.valid).toBe(false);
    expect(results.anomalies.map((a) => (a as { type: string }).type)).toContain('nonlinearizable');
  }, 90_000);

  it('a planted bug (leader reads without ReadIndex) under isolate-the-leader partitions: the register checker catches it', async () => {
    const { results } = await runInTemp({
      workload: 'register', nemesis: ['partition-isolate-slow-leader'], timeS: 10, nodes: 3, concurrency: 6, seed: 1,
      faultMs: [3_000, 3_500], quietMs: [1_000, 1_500], opTimeoutMs: 1_000,
      env: { VSTUDIO_PLANTED_BUG: 'reads-without-read-index' },
    }, (r) => r.results.valid === false);
    expect(results.valid).toBe(false);
    expect(results.anomalies.map((a) => (a as { type: string }).type)).toContain('nonlinearizable');
  }, 90_000);
});
