/**
 * The search baseline of bench/cluster-bench.ts: plain hnswlib-node in one process, no network.
 * It builds the index of the first `n` Fashion-MNIST training rows (in row order, as the cluster
 * ingests them: same M / efConstruction / seed), then runs the first `queries` test images one
 * after the other, `passes` times at each ef. As in bench/store-bench.ts, the queries are handed
 * to hnswlib as the plain arrays it takes, converted before the timing.
 *
 *   node --import tsx bench/cluster/hnsw-baseline.ts '<BaselineJob JSON>'   → BaselineResult JSON
 */
import hnswlib from 'hnswlib-node';
import { loadTest, loadTrain, toFloat32 } from '../fashion-mnist.js';
import type { BaselineJob, BaselineResult } from './jobs.js';

const job = JSON.parse(process.argv[2] ?? '{}') as BaselineJob;
const train = await loadTrain(job.n);
const test = await loadTest(job.queries);
const dim = train.dimension;
const data = toFloat32(train);
const queries = toFloat32(test);

const index = new hnswlib.HierarchicalNSW('l2', dim);
index.initIndex({ maxElements: train.rows, m: job.m, efConstruction: job.efConstruction, randomSeed: job.seed });
const t0 = performance.now();
for (let i = 0; i < train.rows; i++) {
  index.addPoint(Array.from(data.subarray(i * dim, (i + 1) * dim)), i);
  if (i > 0 && i % 10_000 === 0) process.stderr.write(`[hnsw-baseline] built ${i} / ${train.rows} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const buildSeconds = (performance.now() - t0) / 1000;

const arrays = Array.from({ length: test.rows }, (_, q) => Array.from(queries.subarray(q * dim, (q + 1) * dim)));
const search: BaselineResult['search'] = {};
const pass = (ef: number): { qps: number; found: number[][] } => {
  index.setEf(ef);
  const found: number[][] = [];
  const s = performance.now();
  for (const q of arrays) found.push(index.searchKnn(q, job.k).neighbors);
  return { qps: (arrays.length / (performance.now() - s)) * 1000, found };
};
pass(job.efs[0] ?? 64); // warm-up (JIT, caches)
for (const ef of job.efs) {
  const passQps: number[] = [];
  let found: number[][] = [];
  for (let p = 0; p < job.passes; p++) {
    const r = pass(ef);
    passQps.push(r.qps);
    if (p === 0) found = r.found;
  }
  search[String(ef)] = { passQps, found };
}
const result: BaselineResult = { buildSeconds, search };
process.stdout.write(`${JSON.stringify(result)}\n`);
