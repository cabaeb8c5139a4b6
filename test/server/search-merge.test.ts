import { describe, expect, it } from 'vitest';
import { mergeShardHits, settle } from '../../src/server/search-merge.js';

const DIM = 16;

describe('merging the top-k lists of a scatter-gather search', () => {
  it('orders every shard\'s hits by distance, then id, and keeps k', () => {
    const merged = mergeShardHits([
      { shard: 0, hits: [{ id: 'a', score: 1 }, { id: 'c', score: 3 }] },
      { shard: 1, hits: [{ id: 'b', score: 2 }, { id: 'd', score: 4 }] },
    ], 3, DIM);
    expect(merged.undecided).toEqual([]);
    expect(settle(merged, 3, new Map()).map((h) => h.id)).toEqual(['a', 'b', 'c']);
  });

  it('breaks an exact tie between shards by id', () => {
    const merged = mergeShardHits([
      { shard: 0, hits: [{ id: 'z', score: 1 }] },
      { shard: 1, hits: [{ id: 'y', score: 1 }] },
    ], 2, DIM);
    expect(settle(merged, 2, new Map([['z', 1], ['y', 1]])).map((h) => h.id)).toEqual(['y', 'z']);
  });

  it('marks as undecided a near tie across shards within float32 rounding, and settles it by the exact distances', () => {
    const merged = mergeShardHits([
      { shard: 0, hits: [{ id: 'a', score: 0.5 }] },
      { shard: 1, hits: [{ id: 'b', score: 0.5 + 1e-7 }] },
    ], 1, DIM);
    expect([...merged.undecided].sort()).toEqual(['a', 'b']);
    // The exact distances put b first although its reported (float32) one was larger.
    expect(settle(merged, 1, new Map([['a', 0.5000002], ['b', 0.5000001]]))).toEqual([{ id: 'b', score: 0.5000001 }]);
  });

  it('does not mark a near tie within one shard (that shard already ordered it exactly)', () => {
    const merged = mergeShardHits([{ shard: 0, hits: [{ id: 'a', score: 0.5 }, { id: 'b', score: 0.5 + 1e-7 }] }, { shard: 1, hits: [{ id: 'c', score: 9 }] }], 2, DIM);
    expect(merged.undecided).toEqual([]);
  });

  it('ignores near ties below the k-th place', () => {
    const merged = mergeShardHits([
      { shard: 0, hits: [{ id: 'a', score: 0.1 }, { id: 'b', score: 0.9 }] },
      { shard: 1, hits: [{ id: 'c', score: 0.9 + 1e-7 }] },
    ], 1, DIM);
    expect(merged.undecided).toEqual([]);
    expect(settle(merged, 1, new Map()).map((h) => h.id)).toEqual(['a']);
  });
});
