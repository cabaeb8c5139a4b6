// Issue 5, "Strategies": over 1,000,000 random ids, max shard / mean ≤ 1.05 for `hash` and
// ≤ 1.15 for `consistent` with the default virtual nodes. The figures are printed (and recorded
// in docs/sharding.md). Ids are random ids drawn from the suite's seed, so a run replays.
import { afterAll, describe, expect, it } from 'vitest';
import { ConsistentRing } from '../../src/shard/consistent-ring.js';
import { HashMod } from '../../src/shard/hash-mod.js';
import type { ShardingStrategy } from '../../src/shard/sharding-strategy.js';
import { seededIds, suiteSeed } from './support/seeded-ids.js';

const IDS = 1_000_000;
const seed = suiteSeed();
const ids = seededIds(IDS, seed);
const figures: string[] = [];

/** max / mean of the ids per range, the mean over all N ranges (an empty range counts). */
function spread(s: ShardingStrategy): { maxOverMean: number; msPerMillion: number } {
  const counts = new Map<number, number>(s.ranges().map((r) => [r.id, 0]));
  const t0 = performance.now();
  for (const id of ids) {
    const r = s.rangeOf(id);
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const ms = performance.now() - t0;
  const max = Math.max(...counts.values());
  return { maxOverMean: max / (IDS / s.ranges().length), msPerMillion: ms * (1_000_000 / IDS) };
}

describe(`uniformity over ${IDS.toLocaleString('en-US')} random ids (seed ${seed})`, () => {
  afterAll(() => {
    console.log(`uniformity, ${IDS.toLocaleString('en-US')} random ids, seed ${seed}:\n${figures.join('\n')}`);
  });

  it.each([8, 16])('hash, N = %i: max shard / mean ≤ 1.05', (n) => {
    const { maxOverMean, msPerMillion } = spread(HashMod.create(n));
    figures.push(`  hash        N=${String(n).padStart(2)}  max/mean ${maxOverMean.toFixed(4)}  (bound 1.05; ${msPerMillion.toFixed(0)} ms per million ids)`);
    expect(maxOverMean).toBeLessThanOrEqual(1.05);
  });

  it.each([8, 16])('consistent with the default vnodes, N = %i: max shard / mean ≤ 1.15', (n) => {
    const ring = ConsistentRing.create(n);
    const { maxOverMean, msPerMillion } = spread(ring);
    // The ring's own figure, exact from its arcs: what the sample estimates.
    const ringMax = Math.max(...ring.ranges().map((r) => r.share)) * n;
    figures.push(`  consistent  N=${String(n).padStart(2)}  max/mean ${maxOverMean.toFixed(4)}  (bound 1.15; ring shares give ${ringMax.toFixed(4)}; vnodes ${ring.vnodes}; ${msPerMillion.toFixed(0)} ms per million ids)`);
    expect(maxOverMean).toBeLessThanOrEqual(1.15);
  });
});
