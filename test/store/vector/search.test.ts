import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Condition, Filter } from '../../../src/store/vector/filter.js';
import type { JsonObject, Metric } from '../../../src/store/vector/schema.js';
import type { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { bruteForce, makeEnv, randomVector, rng, upsertBytes, type RefRecord, type TestEnv } from './helpers.js';

const DIM = 12;
const COLORS = ['red', 'green', 'blue', 'cyan', 'gray'];
const LANGS = ['en', 'de', 'fr'];

function dataset(seed: number, n: number): RefRecord[] {
  const r = rng(seed);
  const out: RefRecord[] = [];
  for (let i = 0; i < n; i++) {
    // Every 25th record duplicates an earlier vector: exact distance ties, broken by id.
    const vector = i % 25 === 24 ? [...(out[i - 7]?.vector ?? [])] : randomVector(r, DIM);
    const payload: JsonObject = {
      color: COLORS[Math.floor(r() * COLORS.length)] as string,
      n: Math.floor(r() * 100),
      tags: Array.from({ length: Math.floor(r() * 3) }, () => `t${Math.floor(r() * 6)}`),
      meta: { lang: LANGS[Math.floor(r() * 3)] as string, score: Math.round(r() * 1000) / 10 },
    };
    if (i % 10 === 0) delete payload['color'];
    out.push({ id: `doc-${String(i).padStart(4, '0')}`, vector, payload });
  }
  return out;
}

async function load(sm: VectorStateMachine, env: TestEnv, records: RefRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    await sm.apply(sm.appliedIndex + 1, upsertBytes(env.schema, records.slice(i, i + 500).map((x) => ({ id: x.id, vector: [...x.vector], payload: x.payload }))));
  }
}

function expectSameHits(got: readonly { id: string; distance: number }[], want: readonly { id: string; distance: number }[]): void {
  expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
  got.forEach((h, i) => expect(h.distance).toBeCloseTo(want[i]?.distance ?? NaN, 4));
}

describe.each<Metric>(['l2', 'cosine', 'ip'])('search, metric %s', (metric) => {
  let env: TestEnv;
  let sm: VectorStateMachine;
  const records = dataset(11, 400);
  beforeAll(async () => {
    env = await makeEnv({ dimension: DIM, metric });
    sm = await env.open();
    await load(sm, env, records);
  });
  afterAll(async () => {
    await sm.close();
    await env.dispose();
  });

  it('with a large ef on small data equals exact brute-force top-k, ties by id', () => {
    const r = rng(5);
    for (let t = 0; t < 25; t++) {
      // Some queries sit exactly on a duplicated vector, where ties are certain.
      const q = t % 5 === 0 ? [...(records[24 + 25 * (t / 5)]?.vector ?? [])] : randomVector(r, DIM);
      const { hits, plan } = sm.search({ vector: q, k: 10, ef: 400 });
      expect(plan.path).toBe('hnsw');
      expectSameHits(hits, bruteForce(metric, records, q, 10));
    }
  });

  it('returns payload and vector on request', () => {
    const target = records[3] as RefRecord;
    const { hits } = sm.search({ vector: [...target.vector], k: 1, withPayload: true, withVector: true });
    expect(hits[0]).toEqual({ id: target.id, distance: expect.any(Number), payload: target.payload, vector: Float32Array.from(target.vector) });
  });
});

describe('filtered search', () => {
  let env: TestEnv;
  let exact: VectorStateMachine;
  let graph: VectorStateMachine;
  const records = dataset(23, 1200);

  const handWritten: Filter[] = [
    { must: [{ key: 'color', match: { value: 'red' } }] },
    { must: [{ key: 'color', match: { any: ['red', 'blue'] } }], must_not: [{ key: 'meta.lang', match: { value: 'de' } }] },
    { should: [{ key: 'n', range: { lt: 10 } }, { key: 'n', range: { gte: 90 } }] },
    { must: [{ key: 'meta.score', range: { gt: 20.5, lte: 70 } }, { key: 'tags', match: { value: 't3' } }] },
    { must_not: [{ key: 'color', match: { any: ['red', 'green', 'blue', 'cyan', 'gray'] } }] }, // only records without color
    { must: [{ should: [{ key: 'tags', match: { value: 't1' } }, { key: 'meta.lang', match: { value: 'fr' } }] }, { key: 'n', range: { gte: 50 } }] },
    { must: [{ key: 'nope', match: { value: 1 } }] },
    {},
  ];

  const arbCondition: fc.Arbitrary<Condition> = fc.oneof(
    fc.record({ key: fc.constant('color'), match: fc.record({ value: fc.constantFrom(...COLORS) }) }),
    fc.record({ key: fc.constantFrom('tags', 'meta.lang'), match: fc.record({ any: fc.array(fc.constantFrom('t0', 't2', 't5', 'en', 'fr'), { maxLength: 3 }) }) }),
    fc.record({ key: fc.constantFrom('n', 'meta.score'), range: fc.record({ gt: fc.integer({ min: 0, max: 100 }), lt: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }) })
      .filter((c) => Object.keys(c.range).length > 0),
  );
  const arbFilter: fc.Arbitrary<Filter> = fc.record(
    { must: fc.array(arbCondition, { maxLength: 2 }), should: fc.array(arbCondition, { maxLength: 2 }), must_not: fc.array(arbCondition, { maxLength: 1 }) },
    { requiredKeys: [] },
  );

  beforeAll(async () => {
    env = await makeEnv({ dimension: DIM, metric: 'l2' });
    exact = await env.open();
    // The same data in a second group that always takes the filtered-HNSW path.
    graph = await env.open({ prefix: 'g2', checkpointDir: `${env.dir}/ckpt-g2`, filterExactMaxMatches: 0 });
    await load(exact, env, records);
    await load(graph, env, records);
  });
  afterAll(async () => {
    await exact.close();
    await graph.close();
    await env.dispose();
  });

  it('hand-written must/should/must_not/match/any/range filters agree with a brute-force evaluator', () => {
    const r = rng(9);
    for (const filter of handWritten) {
      for (let t = 0; t < 4; t++) {
        const q = randomVector(r, DIM);
        const want = bruteForce('l2', records, q, 10, filter);
        const a = exact.search({ vector: q, k: 10, filter });
        expect(a.plan.path).toBe('exact');
        expectSameHits(a.hits, want);
        const b = graph.search({ vector: q, k: 10, ef: 600, filter });
        // A filter estimated to match nothing is answered exactly (trivially) even here.
        expect(want.length === 0 ? ['exact'] : ['filtered-hnsw', 'exact-fallback']).toContain(b.plan.path);
        expectSameHits(b.hits, want);
      }
    }
  });

  it('random filters agree with the brute-force evaluator on both paths', () => {
    const r = rng(10);
    fc.assert(
      fc.property(arbFilter, (filter) => {
        const q = randomVector(r, DIM);
        const want = bruteForce('l2', records, q, 5, filter);
        expectSameHits(exact.search({ vector: q, k: 5, filter }).hits, want);
        expectSameHits(graph.search({ vector: q, k: 5, ef: 600, filter }).hits, want);
      }),
      { numRuns: 60 },
    );
  });

  it('a very selective filter still returns the exact top-k', () => {
    const few = records.filter((x) => x.payload['n'] === 42 && (x.payload['meta'] as JsonObject)['lang'] === 'en');
    expect(few.length).toBeGreaterThan(0);
    expect(few.length).toBeLessThan(20);
    const filter: Filter = { must: [{ key: 'n', match: { value: 42 } }, { key: 'meta.lang', match: { value: 'en' } }] };
    const q = randomVector(rng(77), DIM);
    const res = exact.search({ vector: q, k: 10, filter });
    expect(res.plan).toMatchObject({ path: 'exact', estimatedMatches: few.length });
    expectSameHits(res.hits, bruteForce('l2', records, q, 10, filter));
    // Even when forced through the graph with a small ef, the result is exact (fallback).
    const forced = graph.search({ vector: q, k: 10, ef: 16, filter });
    expectSameHits(forced.hits, bruteForce('l2', records, q, 10, filter));
  });

  it('filtered HNSW raises ef by the inverse selectivity', () => {
    const filter: Filter = { must: [{ key: 'color', match: { value: 'red' } }] };
    const res = graph.search({ vector: randomVector(rng(1), DIM), k: 5, ef: 32, filter });
    expect(res.plan.path).toBe('filtered-hnsw');
    expect(res.plan.ef).toBeGreaterThan(32 * 3);
  });
});
