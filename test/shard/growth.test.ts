// Issue 5, "Strategies": when a consistent-hash collection grows from N to N+1 shards, at most
// 1.2/(N+1) of the ids move. Measured over 1,000,000 random ids (from the suite's seed) for
// several N, and printed (recorded in docs/sharding.md).
import { afterAll, describe, expect, it } from 'vitest';
import { ConsistentRing } from '../../src/shard/consistent-ring.js';
import { seededIds, suiteSeed } from './support/seeded-ids.js';

const IDS = 1_000_000;
const seed = suiteSeed();
const ids = seededIds(IDS, seed);
const figures: string[] = [];

describe(`growing a consistent ring N → N+1, ${IDS.toLocaleString('en-US')} random ids (seed ${seed})`, () => {
  afterAll(() => {
    console.log(`growth N → N+1 (default vnodes), ${IDS.toLocaleString('en-US')} random ids, seed ${seed}:\n${figures.join('\n')}`);
  });

  it.each([4, 8, 16, 32])('N = %i: at most 1.2/(N+1) of the ids move, all of them to the new range', (n) => {
    const before = ConsistentRing.create(n);
    const after = ConsistentRing.fromDescription(before.addShard());
    let moved = 0, elsewhere = 0;
    for (const id of ids) {
      const was = before.rangeOf(id), is = after.rangeOf(id);
      if (was !== is) {
        moved++;
        if (is !== n) elsewhere++;
      }
    }
    const fraction = moved / IDS;
    const predicted = before.ownershipChangesTo(after).reduce((sum, c) => sum + c.share, 0);
    figures.push(`  N=${String(n).padStart(2)} → ${String(n + 1).padStart(2)}  moved ${fraction.toFixed(4)} = ${(fraction * (n + 1)).toFixed(3)}/(N+1)  (bound 1.2/(N+1) = ${(1.2 / (n + 1)).toFixed(4)}; arcs predict ${predicted.toFixed(4)})`);
    expect(elsewhere).toBe(0);
    expect(fraction).toBeLessThanOrEqual(1.2 / (n + 1));
  });
});
