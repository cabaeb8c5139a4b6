/**
 * Merging the top-k lists of a scatter-gather search. Each shard orders its hits exactly (ties
 * broken by id), but may report a distance computed by hnswlib in float32 (distance.ts): two hits
 * from different shards whose reported distances are within float32 rounding of each other may
 * be in either order. Those runs are settled by their exact distances, which the caller computes
 * from the stored vectors, so a sharded search orders hits as one store would.
 */
import { compareIds } from '../store/vector/id-order.js';

/** The part of a hit the merge reads. */
export interface ShardHit {
  readonly id: string;
  readonly score: number;
}

export interface ShardHits<H extends ShardHit> {
  readonly shard: number;
  readonly hits: readonly H[];
}

/** 2^-23: twice float32's unit roundoff. */
const FLOAT32_EPSILON = 2 ** -23;

/**
 * How far apart two reported distances can be and still be misordered by float32 rounding: the
 * bound search.ts uses within a shard ((dimension + 8)·2^-23 relative), taken against the larger
 * magnitude or 1, whichever is larger (cosine and ip distances sit near 1 and can cancel to 0).
 */
export function mergeSlack(dimension: number, a: number, b: number): number {
  return (dimension + 8) * FLOAT32_EPSILON * Math.max(1, Math.abs(a), Math.abs(b)) * 2;
}

function byScoreThenId(a: ShardHit, b: ShardHit): number {
  return a.score - b.score || compareIds(a.id, b.id);
}

export interface MergedHits<H extends ShardHit> {
  /** The merged hits, best first: at most `k` once `settle` has run. */
  readonly hits: H[];
  /**
   * Ids whose exact distances decide the order: members of near-tie runs holding hits of more
   * than one shard, at or above the k-th place. Empty in the common case.
   */
  readonly undecided: readonly string[];
}

/**
 * Merges the shards' lists: every hit ordered by reported distance then id, and the near-tie runs
 * that span shards and reach into the top k marked undecided. Call {@link settle} with their
 * exact distances (or with none when there are none) to get the final top k.
 */
export function mergeShardHits<H extends ShardHit>(lists: readonly ShardHits<H>[], k: number, dimension: number): MergedHits<H> & { readonly shardOf: ReadonlyMap<string, number> } {
  const shardOf = new Map<string, number>();
  const all: H[] = [];
  for (const l of lists) {
    for (const h of l.hits) {
      shardOf.set(h.id, l.shard);
      all.push(h);
    }
  }
  all.sort(byScoreThenId);
  const undecided: string[] = [];
  let start = 0;
  while (start < all.length && start < k) {
    let end = start + 1;
    while (end < all.length && all[end]!.score - all[end - 1]!.score <= mergeSlack(dimension, all[end]!.score, all[end - 1]!.score)) end++;
    const run = all.slice(start, end);
    if (run.length > 1 && new Set(run.map((h) => shardOf.get(h.id))).size > 1) undecided.push(...run.map((h) => h.id));
    start = end;
  }
  return { hits: all, undecided, shardOf };
}

/**
 * The final top k: `merged.hits` with every undecided hit's distance replaced by its exact one
 * (`exact`), re-sorted by distance then id. An undecided hit without an exact distance keeps its
 * reported one (the caller could not read it; the order is then as good as float32 allows).
 */
export function settle<H extends ShardHit>(merged: MergedHits<H>, k: number, exact: ReadonlyMap<string, number>): H[] {
  if (merged.undecided.length === 0) return merged.hits.slice(0, k);
  const hits = merged.hits.map((h) => {
    const d = exact.get(h.id);
    return d === undefined ? h : { ...h, score: d };
  });
  hits.sort(byScoreThenId);
  return hits.slice(0, k);
}
