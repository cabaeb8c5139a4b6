/**
 * The unfiltered HNSW path orders hnswlib's k + 1 candidates by their float32 distances where
 * those are far enough apart, re-ranks runs of near ties exactly, and re-ranks everything (and
 * fetches more) when the k-th place is nearly tied. These tests pin what must not change with
 * that shortcut: the hits, in order, are those of exact search with ties by id, even where
 * float32 orders candidates wrongly; distances are exact for re-ranked hits and within float32
 * rounding of exact for the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorStoreError } from '../../../src/store/vector/errors.js';
import type { HnswHits, HnswIndex } from '../../../src/store/vector/hnsw-index.js';
import { RecordCatalog } from '../../../src/store/vector/record-catalog.js';
import { defineSchema, type Metric } from '../../../src/store/vector/schema.js';
import { executeSearch, validateSearchRequest, type SearchSource } from '../../../src/store/vector/search.js';
import type { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { bruteForce, makeEnv, rng, upsertBytes, type RefRecord, type TestEnv } from './helpers.js';

describe.each<Metric>(['l2', 'cosine', 'ip'])('re-ranked HNSW search on wide integer data, metric %s', (metric) => {
  // Like Fashion-MNIST: wide vectors of small integers, so that float32 and float64 distances
  // are often equal and ties (duplicates, and different vectors at equal distance) are common.
  const DIM = 96;
  let env: TestEnv;
  let sm: VectorStateMachine;
  const records: RefRecord[] = [];
  const r = rng(31);
  for (let i = 0; i < 600; i++) {
    const base = records[i - 1 - Math.floor(r() * Math.min(i, 40))];
    let vector: number[];
    if (base !== undefined && i % 7 === 3) vector = [...base.vector]; // a duplicate: an exact tie
    else if (base !== undefined && i % 7 === 5) vector = [...base.vector].reverse(); // same l2 norm
    else vector = Array.from({ length: DIM }, () => Math.floor(r() * 5) - 2);
    records.push({ id: `r${String(599 - i).padStart(3, '0')}`, vector, payload: {} });
  }
  beforeAll(async () => {
    env = await makeEnv({ dimension: DIM, metric });
    sm = await env.open();
    for (let i = 0; i < records.length; i += 200) {
      await sm.apply(sm.appliedIndex + 1, upsertBytes(env.schema, records.slice(i, i + 200).map((x) => ({ id: x.id, vector: x.vector, payload: {} }))));
    }
  });
  afterAll(async () => {
    await sm.close();
    await env.dispose();
  });

  it('hits equal exact brute force in order, ties by id, distances within float32 rounding, for every k', () => {
    const q = rng(8);
    for (let t = 0; t < 40; t++) {
      // Half the queries are stored vectors, whose duplicates tie with them.
      const stored = records[Math.floor(q() * records.length)] as RefRecord;
      const query = t % 2 === 0 ? [...stored.vector] : Array.from({ length: DIM }, () => Math.floor(q() * 5) - 2);
      for (const k of [1, 3, 10, 17]) {
        const { hits, plan } = sm.search({ vector: Float32Array.from(query), k, ef: 600 });
        expect(plan.path).toBe('hnsw');
        const want = bruteForce(metric, records, query, k);
        expect(hits.map((h) => h.id)).toEqual(want.map((h) => h.id));
        hits.forEach((h, i) => {
          const exact = want[i]?.distance ?? NaN;
          expect(Math.abs(h.distance - exact)).toBeLessThanOrEqual((DIM + 8) * 2 ** -24 * Math.max(1, Math.abs(exact)));
        });
      }
    }
  });
});

describe('the (k+1)-th candidate', () => {
  // A stub index returns chosen labels with chosen "float32" distances, as hnswlib would order
  // them, so that the cases float32 gets wrong can be set up exactly.
  const DIM = 4;
  const schema = defineSchema({ name: 'stub', dimension: DIM, metric: 'l2' });
  const catalog = new RecordCatalog(DIM);
  const vectors: Record<string, number[]> = {
    a: [1, 0, 0, 0], // 1
    b: [1, 1, 0, 0], // 2
    c: [1, 1, 1, 2 ** -10], // 3 + 2^-20
    d: [1, 1, 1, 0], // 3
    e: [3, 1, 0, 0], // 10
  };
  Object.entries(vectors).forEach(([id, v], label) => catalog.put({ id, label, version: 1, payload: {} }, Float32Array.from(v)));
  const labelOf = (id: string): number => catalog.get(id)?.label ?? -1;

  /** A source whose index answers `order` (ids) with `distances`, and counts its calls. */
  function source(order: string[], distances: number[]): { src: SearchSource; calls: number[] } {
    const calls: number[] = [];
    const index = {
      search(_q: Float32Array, k: number): HnswHits {
        calls.push(k);
        return { labels: order.slice(0, k).map(labelOf), distances: distances.slice(0, k) };
      },
    } as unknown as HnswIndex;
    return { src: { schema, catalog, index, filterExactMaxMatches: 0 }, calls };
  }
  const search = (src: SearchSource, k: number) =>
    executeSearch(src, validateSearchRequest(schema, { vector: new Float32Array(DIM), k, ef: 16 })).hits;

  it("far apart in float32: the first k in hnswlib's order, with its distances, from one index call", () => {
    // The distances reported are hnswlib's (here off by float32 rounding) when nothing is re-ranked.
    const { src, calls } = source(['a', 'b', 'd', 'e', 'c'], [1 + 2 ** -22, 2, 3, 10, 3]);
    expect(search(src, 3)).toEqual([{ id: 'a', distance: 1 + 2 ** -22 }, { id: 'b', distance: 2 }, { id: 'd', distance: 3 }]);
    expect(calls).toEqual([4]);
  });

  it("a run of near ties inside the top k is re-ranked exactly; the rest keep hnswlib's distances", () => {
    // hnswlib ranks c before d at an equal float32 distance; exactly, d (3) is nearer than c.
    const { src, calls } = source(['a', 'c', 'd', 'e', 'b'], [1 + 2 ** -22, 3, 3, 10, 2]);
    expect(search(src, 3)).toEqual([{ id: 'a', distance: 1 + 2 ** -22 }, { id: 'd', distance: 3 }, { id: 'c', distance: 3 + 2 ** -20 }]);
    expect(calls).toEqual([4]);
  });

  it('float32 put it after the k-th, within float32 error: exact order wins', () => {
    // hnswlib (float32) ranks c before d; exactly, d (3) is nearer than c (3 + 2^-20). The
    // (k+1)-th's float32 distance is above the k-th's exact one by less than float32 can err, so
    // it is re-ranked, and the near tie then fetches more candidates.
    const { src, calls } = source(['a', 'b', 'c', 'd', 'e'], [1, 2, 3, 3 + 2 ** -20 + 2 ** -19, 10]);
    expect(search(src, 3)).toEqual([{ id: 'a', distance: 1 }, { id: 'b', distance: 2 }, { id: 'd', distance: 3 }]);
    expect(calls).toEqual([4, 5]);
  });

  it('an exact tie across the k-th place is broken by id', () => {
    const tie = new RecordCatalog(DIM);
    tie.put({ id: 'z', label: 0, version: 1, payload: {} }, Float32Array.from([1, 1, 0, 0]));
    tie.put({ id: 'y', label: 1, version: 1, payload: {} }, Float32Array.from([0, 1, 1, 0]));
    tie.put({ id: 'x', label: 2, version: 1, payload: {} }, Float32Array.from([0, 0, 1, 1]));
    const index = { search: (_q: Float32Array, k: number): HnswHits => ({ labels: [0, 1, 2].slice(0, k), distances: [2, 2, 2].slice(0, k) }) } as unknown as HnswIndex;
    const src: SearchSource = { schema, catalog: tie, index, filterExactMaxMatches: 0 };
    expect(search(src, 2)).toEqual([{ id: 'x', distance: 2 }, { id: 'y', distance: 2 }]);
  });
});

describe('search queries given as Float32Array', () => {
  const schema = defineSchema({ name: 'q', dimension: 5, metric: 'l2' });
  const fieldOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof VectorStoreError) return `${e.code} ${String(e.field)}`;
      throw e;
    }
    return undefined;
  };

  it('are read in place when valid, and a non-finite value is named', () => {
    const ok = Float32Array.from([1, -2, 0, 3.5, -0]);
    expect(validateSearchRequest(schema, { vector: ok, k: 1 }).query).toBe(ok);
    expect(fieldOf(() => validateSearchRequest(schema, { vector: Float32Array.from([1, 2, NaN, 4, 5]), k: 1 }))).toBe('INVALID_VECTOR vector[2]');
    expect(fieldOf(() => validateSearchRequest(schema, { vector: Float32Array.from([1, 2, 3, 4, -Infinity]), k: 1 }))).toBe('INVALID_VECTOR vector[4]');
    expect(fieldOf(() => validateSearchRequest(schema, { vector: new Float32Array(4), k: 1 }))).toBe('INVALID_VECTOR vector');
    // Other arrays are converted to float32, as before.
    expect(validateSearchRequest(schema, { vector: [0.1, 2, 3, 4, 5], k: 1 }).query).toEqual(Float32Array.from([0.1, 2, 3, 4, 5]));
  });
});
