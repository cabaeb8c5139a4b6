/**
 * Fashion-MNIST for benchmarks: locating (and, as root, installing) the Debian package
 * `dataset-fashion-mnist`, reading its IDX image files, and the exact l2 top-k of test images
 * among training images (ground truth for recall), cached on disk keyed by a hash of the data.
 *
 * IDX: a big-endian header `u32 magic (0x00000803 for u8 images) · u32 count · u32 rows · u32 cols`,
 * then count × rows × cols raw bytes. ann-benchmarks calls this set `fashion-mnist-784-euclidean`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DATASET_DIR = '/usr/share/datasets/fashion-mnist';
export const DATASET_PACKAGE = 'dataset-fashion-mnist';
const TRAIN_FILE = 'train-images-idx3-ubyte.gz';
const TEST_FILE = 't10k-images-idx3-ubyte.gz';
const IDX_U8_IMAGES_MAGIC = 0x00000803;

/** Raised when the dataset is missing and cannot be installed from here; the message says how. */
export class DatasetMissingError extends Error {}

/** `rows` images of `dimension` bytes each, row-major. */
export interface ImageSet {
  readonly rows: number;
  readonly dimension: number;
  readonly bytes: Uint8Array;
}

function installHint(): string {
  return `Fashion-MNIST is not installed (${join(DATASET_DIR, TRAIN_FILE)} is missing). Install it with:\n`
    + `  sudo apt-get update && sudo apt-get install -y ${DATASET_PACKAGE}\n`;
}

/**
 * Makes sure the dataset files exist: as root, installs the package with apt-get (running
 * `apt-get update` first only if the plain install fails); otherwise throws {@link DatasetMissingError}.
 */
export function ensureDataset(log: (line: string) => void): void {
  const present = (): boolean => existsSync(join(DATASET_DIR, TRAIN_FILE)) && existsSync(join(DATASET_DIR, TEST_FILE));
  if (present()) return;
  if (process.getuid?.() !== 0) throw new DatasetMissingError(installHint());
  const apt = (args: string[]): boolean => {
    log(`running apt-get ${args.join(' ')}`);
    try {
      execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      return true;
    } catch {
      return false;
    }
  };
  if (!apt(['install', '-y', DATASET_PACKAGE])) {
    apt(['update']);
    apt(['install', '-y', DATASET_PACKAGE]);
  }
  if (!present()) throw new DatasetMissingError(`apt-get could not install ${DATASET_PACKAGE}.\n${installHint()}`);
}

/** Reads the first `limit` images of an IDX (gzip) image file. */
/** A bench's first step: the dataset, or a message on how to install it and exit code 2. */
export function ensureDatasetOrExit(log: (line: string) => void): void {
  try {
    ensureDataset(log);
  } catch (e) {
    if (e instanceof DatasetMissingError) {
      process.stderr.write(e.message);
      process.exit(2);
    }
    throw e;
  }
}

export async function readIdxImages(path: string, limit: number): Promise<ImageSet> {
  const raw = gunzipSync(await readFile(path));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== IDX_U8_IMAGES_MAGIC) throw new Error(`${path}: not an IDX u8 image file (magic 0x${magic.toString(16)})`);
  const count = view.getUint32(4, false);
  const dimension = view.getUint32(8, false) * view.getUint32(12, false);
  const rows = Math.min(limit, count);
  if (raw.length < 16 + count * dimension) throw new Error(`${path}: truncated (${raw.length} bytes for ${count} images)`);
  return { rows, dimension, bytes: raw.subarray(16, 16 + rows * dimension) };
}

export async function loadTrain(limit: number): Promise<ImageSet> {
  return readIdxImages(join(DATASET_DIR, TRAIN_FILE), limit);
}

export async function loadTest(limit: number): Promise<ImageSet> {
  return readIdxImages(join(DATASET_DIR, TEST_FILE), limit);
}

/** The images as float32 (0..255), row-major: what the stores index. */
export function toFloat32(set: ImageSet): Float32Array {
  return Float32Array.from(set.bytes);
}

/** Exact neighbours of each query: `ids[q*k + j]` is the j-th nearest training row, `distances` squared l2. */
export interface GroundTruth {
  readonly k: number;
  readonly ids: Int32Array;
  readonly distances: Float64Array;
}

/**
 * Exact l2 top-k by brute force over the raw bytes, in integer arithmetic (so it is exact: no
 * float rounding decides an order). Ties are broken by the lower row index.
 */
function bruteForceTopK(train: ImageSet, queries: ImageSet, k: number): GroundTruth {
  const dim = train.dimension;
  const t = train.bytes;
  const ids = new Int32Array(queries.rows * k);
  const distances = new Float64Array(queries.rows * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let q = 0; q < queries.rows; q++) {
    const qv = queries.bytes.subarray(q * dim, (q + 1) * dim);
    bestD.fill(Infinity);
    bestI.fill(-1);
    for (let r = 0; r < train.rows; r++) {
      const off = r * dim;
      let s = 0;
      for (let i = 0; i < dim; i++) {
        const d = (qv[i] as number) - (t[off + i] as number);
        s += d * d;
      }
      if (s >= (bestD[k - 1] as number)) continue;
      let j = k - 1;
      while (j > 0 && s < (bestD[j - 1] as number)) {
        bestD[j] = bestD[j - 1] as number;
        bestI[j] = bestI[j - 1] as number;
        j--;
      }
      bestD[j] = s;
      bestI[j] = r;
    }
    ids.set(bestI, q * k);
    distances.set(bestD, q * k);
  }
  return { k, ids, distances };
}

/**
 * Ground truth for these queries, from `cacheDir` when a file for the same bytes and k exists,
 * else computed (tens of seconds at 60k × 1,000) and written there.
 */
export async function groundTruth(
  train: ImageSet, queries: ImageSet, k: number, cacheDir: string, log: (line: string) => void,
): Promise<GroundTruth> {
  const key = createHash('sha256').update(train.bytes).update(queries.bytes).update(`k=${k};dim=${train.dimension}`).digest('hex').slice(0, 16);
  const path = join(cacheDir, `fashion-mnist-gt-${train.rows}x${queries.rows}-k${k}-${key}.bin`);
  if (existsSync(path)) {
    const buf = await readFile(path);
    const n = queries.rows * k;
    if (buf.length === n * 12) {
      const copy = new Uint8Array(buf); // aligned
      return { k, ids: new Int32Array(copy.buffer, 0, n), distances: new Float64Array(copy.buffer.slice(n * 4)) };
    }
  }
  log(`computing exact top-${k} for ${queries.rows} queries over ${train.rows} rows (cached afterwards in ${cacheDir})`);
  const gt = bruteForceTopK(train, queries, k);
  await mkdir(dirname(path), { recursive: true });
  const out = new Uint8Array(gt.ids.byteLength + gt.distances.byteLength);
  out.set(new Uint8Array(gt.ids.buffer), 0);
  out.set(new Uint8Array(gt.distances.buffer), gt.ids.byteLength);
  await writeFile(`${path}.tmp`, out);
  await rename(`${path}.tmp`, path);
  return gt;
}

/**
 * recall@k of one answer, ann-benchmarks style: the share of the returned rows whose exact
 * distance is within the k-th true distance (so a tie at the k-th place counts either way).
 */
export function recallOf(found: readonly number[], q: number, gt: GroundTruth, train: ImageSet, queries: ImageSet): number {
  const k = gt.k;
  const kth = gt.distances[q * k + k - 1] as number;
  const dim = train.dimension;
  let hits = 0;
  for (const r of found.slice(0, k)) {
    let s = 0;
    for (let i = 0; i < dim; i++) {
      const d = (queries.bytes[q * dim + i] as number) - (train.bytes[r * dim + i] as number);
      s += d * d;
    }
    if (s <= kth) hits++;
  }
  return hits / k;
}
