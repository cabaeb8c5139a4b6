import { describe, expect, it } from 'vitest';
import { runInTemp } from './support/run-in-temp.js';

// CI's smoke run (the "npm test runs a short smoke run"): register under partitions and
// kill -9, on 3 real node processes; the history must be linearizable.
describe('jepsen-lite smoke run', () => {
  it('register with partition and kill faults is linearizable (seed 3: halves, kill -9 of the leader, isolated leader)', async () => {
    const { results } = await runInTemp({
      workload: 'register', nemesis: ['partition', 'kill'], timeS: 16, nodes: 3, concurrency: 6, seed: 3,
      faultMs: [2_000, 3_000], quietMs: [1_000, 1_500],
    }, (r) => r.results.valid === true);
    expect(results.anomalies).toEqual([]);
    expect(results.valid).toBe(true);
    expect(results.faults.length).toBeGreaterThanOrEqual(3);
    expect(results.stats.ok).toBeGreaterThan(200);
    expect(results.durationMs).toBeLessThan(60_000);
  }, 90_000);
});
