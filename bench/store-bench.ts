/**
 * The embedded store on real data (Fashion-MNIST, 60,000 × 784, l2), each figure beside a
 * baseline measured in the same run, reported as a ratio:
 *
 * - ingest: VectorStudio upserts in batches of 256 (validate → Raft log, synced → apply to
 *   LevelDB + HNSW) vs a plain hnswlib-node `addPoint` loop, same M / efConstruction / seed, one
 *   thread. The two are interleaved batch by batch so that load from other processes on the
 *   machine falls on both alike. The baseline is handed its rows already as the plain arrays
 *   hnswlib-node requires (converted outside its timing, so it is charged for hnswlib's work
 *   only); the store is handed Float32Arrays and converts inside its time.
 * - search: QPS and recall@10 at several ef over the first test images vs plain hnswlib-node on
 *   the index built above; best of a few interleaved rounds. Recall is against the exact top-10
 *   (cached under bench/results/cache/, keyed by a hash of the data).
 * - restart: close (with its HNSW checkpoint), then open → first query answered, in a fresh child
 *   process (scripts/store-restart-probe.ts) vs rebuilding the index (the baseline's ingest time).
 * - footprint: bytes on disk of the store directory vs the hnswlib index file; RSS per vector of
 *   the reopened store vs the loaded hnswlib index, each measured as a delta in a fresh process.
 *
 *   npm run bench:store [-- --n 60000 --queries 1000 --json --out bench/results/store.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import hnswlib from 'hnswlib-node';
import { VectorStudio } from '../src/embedded/vector-studio.js';
import {
  ensureDatasetOrExit, groundTruth, loadTest, loadTrain, recallOf, toFloat32,
  type GroundTruth, type ImageSet,
} from './fashion-mnist.js';
import type { ProbeResult } from '../scripts/store-restart-probe.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const COLLECTION = 'fashion-mnist';
const K = 10;
const BATCH = 256;
const M = 16;
const EF_CONSTRUCTION = 200;
const SEED = 100; // hnswlib's default, and the store's fixed seed
const EFS = [16, 32, 64, 128];
const SEARCH_ROUNDS = 5;

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '60000' },
    queries: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench', 'results', 'store.json') },
    keep: { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
const nQueries = Number(values.queries);
const log = (line: string): void => {
  process.stderr.write(`[bench:store] ${line}\n`);
};

// ---- helpers ------------------------------------------------------------------------------------

/** du semantics: allocated bytes (blocks × 512) of everything under `path`. */
async function diskUsage(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.blocks * 512;
  let total = s.blocks * 512;
  for (const e of await readdir(path)) total += await diskUsage(join(path, e));
  return total;
}

function runProbe(args: string[]): ProbeResult {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'scripts', 'store-restart-probe.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as ProbeResult;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

// ---- the run ------------------------------------------------------------------------------------

interface SearchFigures { qps: number; recall: number }

async function main(): Promise<void> {
  ensureDatasetOrExit(log);
  const train: ImageSet = await loadTrain(n);
  const test: ImageSet = await loadTest(nQueries);
  const dim = train.dimension;
  const data = toFloat32(train);
  const queries = toFloat32(test);
  const row = (i: number): Float32Array => data.subarray(i * dim, (i + 1) * dim);
  const query = (q: number): Float32Array => queries.subarray(q * dim, (q + 1) * dim);
  const gt: GroundTruth = await groundTruth(train, test, K, join(ROOT, 'bench', 'results', 'cache'), log);

  const work = await mkdtemp(join(tmpdir(), 'vstudio-bench-'));
  const storeDir = join(work, 'store');
  const indexFile = join(work, 'baseline.hnsw');
  try {
    // -- ingest, interleaved by batch -------------------------------------------------------------
    log(`ingest: ${train.rows} × ${dim}, batches of ${BATCH}, M=${M}, efConstruction=${EF_CONSTRUCTION}`);
    const plain = new hnswlib.HierarchicalNSW('l2', dim);
    plain.initIndex({ maxElements: train.rows, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: SEED });
    const store = await VectorStudio.open({ dir: storeDir });
    await store.createCollection(COLLECTION, { dimension: dim, metric: 'l2', m: M, efConstruction: EF_CONSTRUCTION });
    let plainMs = 0;
    let storeMs = 0;
    for (let start = 0; start < train.rows; start += BATCH) {
      const end = Math.min(start + BATCH, train.rows);
      // The baseline gets its rows as the plain arrays hnswlib-node takes, converted outside its
      // timing: it is charged for hnswlib's own work only. The store converts inside its time.
      const arrays: number[][] = [];
      for (let i = start; i < end; i++) arrays.push(Array.from(row(i)));
      const t0 = performance.now();
      for (let i = start; i < end; i++) plain.addPoint(arrays[i - start]!, i);
      const t1 = performance.now();
      const records = [];
      for (let i = start; i < end; i++) records.push({ id: String(i), vector: row(i) });
      await store.upsert(COLLECTION, records);
      const t2 = performance.now();
      plainMs += t1 - t0;
      storeMs += t2 - t1;
      if ((start / BATCH) % 40 === 0) log(`  ${end} / ${train.rows}: store ${(storeMs / 1000).toFixed(1)} s, plain ${(plainMs / 1000).toFixed(1)} s`);
    }
    const ingestRss = process.memoryUsage().rss;

    // -- search, interleaved by round; best of SEARCH_ROUNDS -------------------------------------
    // As for ingest: the baseline's queries are plain arrays made beforehand; the store takes Float32Arrays.
    const queryVectors = Array.from({ length: test.rows }, (_, q) => query(q));
    const queryArrays = queryVectors.map((q) => Array.from(q));
    const searchPlain = (ef: number): { ms: number; found: number[][] } => {
      plain.setEf(ef);
      const found: number[][] = [];
      const t0 = performance.now();
      for (const q of queryArrays) found.push(plain.searchKnn(q, K).neighbors);
      return { ms: performance.now() - t0, found };
    };
    const searchStore = (ef: number): { ms: number; found: number[][] } => {
      const found: number[][] = [];
      const t0 = performance.now();
      for (const q of queryVectors) found.push(store.search(COLLECTION, { vector: q, k: K, ef }).hits.map((h) => Number(h.id)));
      return { ms: performance.now() - t0, found };
    };
    const recall = (found: number[][]): number => found.reduce((s, f, q) => s + recallOf(f, q, gt, train, test), 0) / found.length;
    searchPlain(EFS[0] ?? 16); // warm-up both paths (JIT)
    searchStore(EFS[0] ?? 16);
    const search: Record<string, { store: SearchFigures; plain: SearchFigures }> = {};
    for (const ef of EFS) {
      let bestPlain = Infinity;
      let bestStore = Infinity;
      let plainRecall = 0;
      let storeRecall = 0;
      for (let r = 0; r < SEARCH_ROUNDS; r++) {
        const p = searchPlain(ef);
        const s = searchStore(ef);
        if (r === 0) {
          plainRecall = recall(p.found);
          storeRecall = recall(s.found);
        }
        bestPlain = Math.min(bestPlain, p.ms);
        bestStore = Math.min(bestStore, s.ms);
      }
      search[ef] = {
        store: { qps: (test.rows / bestStore) * 1000, recall: storeRecall },
        plain: { qps: (test.rows / bestPlain) * 1000, recall: plainRecall },
      };
      log(`  ef ${ef}: store ${search[ef].store.qps.toFixed(0)} QPS recall ${storeRecall.toFixed(4)}; plain ${search[ef].plain.qps.toFixed(0)} QPS recall ${plainRecall.toFixed(4)}`);
    }

    // -- close (checkpoint), footprint, restart in fresh processes ------------------------------
    const tc = performance.now();
    await store.close();
    const closeMs = performance.now() - tc;
    await plain.writeIndex(indexFile);
    const storeBytes = await diskUsage(storeDir);
    const indexBytes = await diskUsage(indexFile);
    log('restart probes (fresh processes)');
    const storeProbe = runProbe(['--mode', 'store', '--path', storeDir, '--collection', COLLECTION]);
    const plainProbe = runProbe(['--mode', 'hnsw', '--path', indexFile, '--dimension', String(dim)]);

    // -- report ------------------------------------------------------------------------------------
    const rows = train.rows;
    const storeIngestPerSec = rows / (storeMs / 1000);
    const plainIngestPerSec = rows / (plainMs / 1000);
    const storeRssPerVector = (storeProbe.rssAfter - storeProbe.rssBefore) / rows;
    const plainRssPerVector = (plainProbe.rssAfter - plainProbe.rssBefore) / rows;
    const result = {
      suite: 'store',
      params: {
        dataset: 'fashion-mnist', n: rows, queries: test.rows, dimension: dim, metric: 'l2', k: K,
        batch: BATCH, m: M, efConstruction: EF_CONSTRUCTION, efs: EFS, searchRounds: SEARCH_ROUNDS,
        node: process.version, cpus: (await import('node:os')).cpus().length,
      },
      metrics: {
        ingestPerSec: Math.round(storeIngestPerSec),
        ingestSeconds: round(storeMs / 1000, 2),
        ingestProcessRssBytes: ingestRss,
        search: Object.fromEntries(EFS.map((ef) => [ef, { qps: Math.round(search[ef]!.store.qps), recall: round(search[ef]!.store.recall, 4) }])),
        closeWithCheckpointSeconds: round(closeMs / 1000, 2),
        restartSeconds: round(storeProbe.restartMs / 1000, 3),
        restartOpenSeconds: round(storeProbe.openMs / 1000, 3),
        diskBytes: storeBytes,
        diskBytesPerVector: Math.round(storeBytes / rows),
        rssBytesPerVector: Math.round(storeRssPerVector),
      },
      baseline: {
        what: 'hnswlib-node 3.0 HierarchicalNSW, addPoint loop (one thread), same M/efConstruction/seed',
        ingestPerSec: Math.round(plainIngestPerSec),
        ingestSeconds: round(plainMs / 1000, 2),
        search: Object.fromEntries(EFS.map((ef) => [ef, { qps: Math.round(search[ef]!.plain.qps), recall: round(search[ef]!.plain.recall, 4) }])),
        rebuildSeconds: round(plainMs / 1000, 2),
        readIndexSeconds: round(plainProbe.restartMs / 1000, 3),
        diskBytes: indexBytes,
        diskBytesPerVector: Math.round(indexBytes / rows),
        rssBytesPerVector: Math.round(plainRssPerVector),
      },
      ratios: {
        ingest: round(storeIngestPerSec / plainIngestPerSec, 3),
        searchQps: Object.fromEntries(EFS.map((ef) => [ef, round(search[ef]!.store.qps / search[ef]!.plain.qps, 3)])),
        recallDelta: Object.fromEntries(EFS.map((ef) => [ef, round(search[ef]!.store.recall - search[ef]!.plain.recall, 4)])),
        restartOverRebuild: round(storeProbe.restartMs / plainMs, 4),
        disk: round(storeBytes / indexBytes, 3),
        rss: round(storeRssPerVector / plainRssPerVector, 3),
      },
      targets: {
        ingest: '≥ 0.85', searchQps: '≥ 0.9 at every ef', recallDelta: 'within ±0.01', restartOverRebuild: '≤ 0.10',
      },
    };
    await mkdir(dirname(values.out), { recursive: true });
    await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(formatTable(result));
      process.stdout.write(`written to ${values.out}\n`);
    }
  } finally {
    if (!values.keep) await rm(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
}

// ---- table --------------------------------------------------------------------------------------

type Figures = Record<string, { qps: number; recall: number }>;

/** What the table reads of the result (the JSON written holds more). */
interface Result {
  readonly params: { readonly n: number; readonly queries: number };
  readonly metrics: {
    readonly ingestPerSec: number; readonly search: Figures; readonly restartSeconds: number;
    readonly closeWithCheckpointSeconds: number; readonly diskBytes: number; readonly diskBytesPerVector: number;
    readonly rssBytesPerVector: number;
  };
  readonly baseline: {
    readonly ingestPerSec: number; readonly search: Figures; readonly rebuildSeconds: number; readonly readIndexSeconds: number;
    readonly diskBytes: number; readonly diskBytesPerVector: number; readonly rssBytesPerVector: number;
  };
  readonly ratios: {
    readonly ingest: number; readonly searchQps: Record<string, number>; readonly recallDelta: Record<string, number>;
    readonly restartOverRebuild: number; readonly disk: number; readonly rss: number;
  };
}

function formatTable(r: Result): string {
  const { metrics: m, baseline: b, ratios: x } = r;
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const lines: [string, string, string, string, string][] = [
    ['figure', 'store', 'hnswlib-node', 'ratio', 'target'],
    ['ingest (vectors/s)', m.ingestPerSec.toLocaleString('en'), b.ingestPerSec.toLocaleString('en'), String(x.ingest), `≥ 0.85 ${verdict(x.ingest >= 0.85)}`],
  ];
  for (const ef of Object.keys(m.search)) {
    const s = m.search[ef]!;
    const p = b.search[ef]!;
    const qr = x.searchQps[ef]!;
    const dr = x.recallDelta[ef]!;
    lines.push([`search ef ${ef} (QPS)`, s.qps.toLocaleString('en'), p.qps.toLocaleString('en'), String(qr), `≥ 0.9 ${verdict(qr >= 0.9)}`]);
    lines.push([`  recall@10 ef ${ef}`, s.recall.toFixed(4), p.recall.toFixed(4), `${dr >= 0 ? '+' : ''}${dr.toFixed(4)}`, `±0.01 ${verdict(Math.abs(dr) <= 0.01)}`]);
  }
  lines.push(
    ['restart → 1st answer (s)', m.restartSeconds.toFixed(2), `rebuild ${b.rebuildSeconds.toFixed(1)}`, String(x.restartOverRebuild), `≤ 0.10 ${verdict(x.restartOverRebuild <= 0.1)}`],
    ['  (plain readIndex, s)', '', b.readIndexSeconds.toFixed(2), '', ''],
    ['close + checkpoint (s)', m.closeWithCheckpointSeconds.toFixed(2), '', '', ''],
    ['disk', mb(m.diskBytes), mb(b.diskBytes), String(x.disk), ''],
    ['disk per vector (B)', m.diskBytesPerVector.toLocaleString('en'), b.diskBytesPerVector.toLocaleString('en'), '', ''],
    ['RSS per vector (B)', m.rssBytesPerVector.toLocaleString('en'), b.rssBytesPerVector.toLocaleString('en'), String(x.rss), ''],
  );
  const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  const text = lines.map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
  return `Fashion-MNIST ${r.params.n} × 784, ${r.params.queries} queries, k=10 (store = VectorStudio, embedded)\n${text}\n`;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
