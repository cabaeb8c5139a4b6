/**
 * Restart probe, run by bench/store-bench.ts in a FRESH child process so that its memory figures
 * are not polluted by the benchmark's own heap: it opens either a closed VectorStudio store
 * (`--mode store`) or a plain hnswlib index file (`--mode hnsw`), answers one query, and prints
 * one JSON line: the time from open to the first answer, and the RSS before and after.
 *
 *   node --expose-gc --import tsx scripts/store-restart-probe.ts --mode store --path DIR --collection NAME --query-row 0
 *   node --expose-gc --import tsx scripts/store-restart-probe.ts --mode hnsw --path FILE --dimension 784 --query-row 0
 *
 * RSS is sampled after a full GC (when `--expose-gc` is given) on both sides of the open, so the
 * delta is what holding the data costs this process: native memory (hnswlib, LevelDB) plus heap.
 */
import { parseArgs } from 'node:util';
import hnswlib from 'hnswlib-node';
import { VectorStudio } from '../src/embedded/vector-studio.js';
import { loadTest, toFloat32 } from '../bench/fashion-mnist.js';

export interface ProbeResult {
  readonly mode: 'store' | 'hnsw';
  /** Open (load) → first query answered, ms. */
  readonly restartMs: number;
  /** Part of restartMs spent in the open itself. */
  readonly openMs: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly heapUsedAfter: number;
  /** Id (row) of the first hit, to show the answer was real. */
  readonly firstHit: number;
}

const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    path: { type: 'string' },
    collection: { type: 'string', default: 'fashion-mnist' },
    dimension: { type: 'string', default: '784' },
    'query-row': { type: 'string', default: '0' },
  },
});

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const mode = values.mode;
  const path = values.path;
  if ((mode !== 'store' && mode !== 'hnsw') || path === undefined) throw new Error('usage: --mode store|hnsw --path P');
  const row = Number(values['query-row']);
  // Load the query before the first RSS sample: it is not part of what is measured.
  const test = await loadTest(row + 1);
  const query = toFloat32(test).subarray(row * test.dimension, (row + 1) * test.dimension);
  const queryArray = Array.from(query);

  const rssBefore = settledRss();
  const t0 = performance.now();
  let openMs: number;
  let firstHit: number;
  let close: () => Promise<void>;
  if (mode === 'store') {
    const store = await VectorStudio.open({ dir: path });
    openMs = performance.now() - t0;
    const hit = store.search(values.collection, { vector: query, k: 10 }).hits[0];
    firstHit = hit === undefined ? -1 : Number(hit.id);
    close = () => store.close();
  } else {
    const index = new hnswlib.HierarchicalNSW('l2', Number(values.dimension));
    await index.readIndex(path, false);
    openMs = performance.now() - t0;
    firstHit = index.searchKnn(queryArray, 10).neighbors[0] ?? -1;
    close = () => Promise.resolve();
  }
  const restartMs = performance.now() - t0;
  const rssAfter = settledRss();
  const result: ProbeResult = { mode, restartMs, openMs, rssBefore, rssAfter, heapUsedAfter: process.memoryUsage().heapUsed, firstHit };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
