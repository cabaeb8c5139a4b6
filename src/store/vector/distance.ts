/**
 * Exact distances, computed the same way on every path (exact search, re-ranking of HNSW
 * candidates) and on every replica, in float64 over the stored float32 values. hnswlib computes
 * its own distances in float32 with SIMD; we re-rank its candidates with these so that the
 * numbers a shard reports, and ties between them, do not depend on which path found a record —
 * which matters when a coordinator merges top-k lists from several shards.
 *
 * Conventions (hnswlib's; see {@link Metric}): l2 = squared Euclidean, ip = 1 − dot,
 * cosine = 1 − cosine similarity.
 */
import type { Metric } from './schema.js';

/** A query prepared once per search: for cosine, its norm is computed up front. */
export interface PreparedQuery {
  readonly vector: Float32Array;
  readonly norm: number;
}

export function vectorNorm(v: Float32Array, offset = 0, length = v.length): number {
  let s = 0;
  for (let i = 0; i < length; i++) {
    const x = v[offset + i] as number;
    s += x * x;
  }
  return Math.sqrt(s);
}

export function prepareQuery(vector: Float32Array): PreparedQuery {
  return { vector, norm: vectorNorm(vector) };
}

/**
 * Distance between a prepared query and the vector stored at `data[offset .. offset+dim)`,
 * whose norm is `norm` (used by cosine only).
 */
export function distanceAt(metric: Metric, q: PreparedQuery, data: Float32Array, offset: number, norm: number): number {
  const qv = q.vector;
  const dim = qv.length;
  if (metric === 'l2') {
    let s = 0;
    for (let i = 0; i < dim; i++) {
      const d = (qv[i] as number) - (data[offset + i] as number);
      s += d * d;
    }
    return s;
  }
  let dot = 0;
  for (let i = 0; i < dim; i++) dot += (qv[i] as number) * (data[offset + i] as number);
  if (metric === 'ip') return 1 - dot;
  // hnswlib leaves a zero vector unnormalized, so its similarity to anything is 0.
  if (q.norm === 0 || norm === 0) return 1;
  return 1 - dot / (q.norm * norm);
}

/** Distance between two whole vectors; what brute-force references in tests use. */
export function distance(metric: Metric, a: Float32Array, b: Float32Array): number {
  return distanceAt(metric, prepareQuery(a), b, 0, vectorNorm(b));
}
