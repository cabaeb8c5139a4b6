/**
 * HNSW checkpoints: the index file plus a manifest naming the applied index it reflects and the
 * file's size and CRC32C. Pattern: LevelDB's CURRENT → MANIFEST. The index file is immutable and
 * named by generation and applied index; the manifest (one per generation, written atomically)
 * is the only pointer, so a crash at any point leaves either the previous checkpoint or the new
 * one valid, and orphan files are deleted on the next open.
 *
 * hnswlib refuses index files with trailing bytes, which is why the checksum lives in the
 * manifest rather than in a trailer of the index file.
 */
import { crc32c } from '@node-rs/crc32';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { utf8Encode } from './binary.js';
import { commitFile, fileCrc32c, writeFileAtomic } from './durable-file.js';

const MANIFEST_FORMAT = 1;

/** What a checkpoint manifest records. */
export interface CheckpointManifest {
  readonly format: number;
  /** Store generation (see store-layout.ts) the checkpoint belongs to. */
  readonly generation: number;
  /** Raft index whose state the index file reflects exactly. */
  readonly appliedIndex: number;
  /** Index file name, relative to the checkpoint directory. */
  readonly file: string;
  readonly bytes: number;
  readonly crc32c: number;
}

/** A verified checkpoint, or why there is none. */
export type CheckpointLookup =
  | { readonly ok: true; readonly manifest: CheckpointManifest; readonly path: string }
  | { readonly ok: false; readonly reason: string };

function manifestName(generation: number): string {
  return `checkpoint-${generation.toString(16).padStart(8, '0')}.json`;
}

export function indexFileName(generation: number, appliedIndex: number): string {
  return `hnsw-${generation.toString(16).padStart(8, '0')}-${appliedIndex.toString(16).padStart(16, '0')}.bin`;
}

/** Serializes a manifest with a CRC32C over its own fields, so a damaged manifest is detected. */
function encodeManifest(m: CheckpointManifest): Uint8Array {
  const body = JSON.stringify(m);
  return utf8Encode(JSON.stringify({ body, crc32c: crc32c(body) }));
}

function decodeManifest(bytes: Buffer): CheckpointManifest {
  const outer = JSON.parse(bytes.toString('utf8')) as { body?: unknown; crc32c?: unknown };
  if (typeof outer.body !== 'string' || crc32c(outer.body) !== outer.crc32c) throw new Error('manifest fails its CRC32C');
  const m = JSON.parse(outer.body) as CheckpointManifest;
  if (m.format !== MANIFEST_FORMAT) throw new Error(`unknown manifest format ${m.format}`);
  return m;
}

/**
 * Writes a checkpoint of `generation` at `appliedIndex`: `writeIndex(tmp)` produces the index
 * file, which is fsynced, hashed and renamed into place before the manifest is replaced.
 */
export async function writeCheckpoint(
  dir: string,
  generation: number,
  appliedIndex: number,
  writeIndex: (path: string) => Promise<void>,
): Promise<CheckpointManifest> {
  await mkdir(dir, { recursive: true });
  const file = indexFileName(generation, appliedIndex);
  const tmp = join(dir, `${file}.tmp`);
  await writeIndex(tmp);
  return installCheckpoint(dir, generation, appliedIndex, tmp);
}

/** Makes an index file already written at `tmpPath` the checkpoint of `generation`. */
export async function installCheckpoint(
  dir: string,
  generation: number,
  appliedIndex: number,
  tmpPath: string,
): Promise<CheckpointManifest> {
  const file = indexFileName(generation, appliedIndex);
  const { bytes, crc32c: crc } = await fileCrc32c(tmpPath);
  await commitFile(tmpPath, join(dir, file));
  const manifest: CheckpointManifest = { format: MANIFEST_FORMAT, generation, appliedIndex, file, bytes, crc32c: crc };
  await writeFileAtomic(join(dir, manifestName(generation)), encodeManifest(manifest));
  return manifest;
}

/** Finds and verifies the checkpoint of `generation`; a failure says why, for the recovery log. */
export async function findCheckpoint(dir: string, generation: number): Promise<CheckpointLookup> {
  let raw: Buffer;
  try {
    raw = await readFile(join(dir, manifestName(generation)));
  } catch {
    return { ok: false, reason: 'no checkpoint manifest' };
  }
  let manifest: CheckpointManifest;
  try {
    manifest = decodeManifest(raw);
  } catch (e) {
    return { ok: false, reason: `checkpoint manifest is damaged: ${(e as Error).message}` };
  }
  if (manifest.generation !== generation) {
    return { ok: false, reason: `checkpoint manifest is for generation ${manifest.generation}, not ${generation}` };
  }
  const path = join(dir, manifest.file);
  let actual: { bytes: number; crc32c: number };
  try {
    actual = await fileCrc32c(path);
  } catch {
    return { ok: false, reason: `checkpoint file ${manifest.file} is missing` };
  }
  if (actual.bytes !== manifest.bytes || actual.crc32c !== manifest.crc32c) {
    return {
      ok: false,
      reason: `checkpoint file ${manifest.file} fails its checksum (${actual.bytes} bytes, crc32c ${actual.crc32c}; manifest says ${manifest.bytes} bytes, crc32c ${manifest.crc32c})`,
    };
  }
  return { ok: true, manifest, path };
}

/**
 * Deletes every file in `dir` that the checkpoint of `keepGeneration` does not reference:
 * older index files, other generations' manifests, and temporaries left by a crash.
 */
export async function pruneCheckpoints(
  dir: string,
  keepGeneration: number,
  keepFile: string | undefined,
  options: { readonly snapshotTemporaries: boolean },
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const keep = new Set([manifestName(keepGeneration), ...(keepFile === undefined ? [] : [keepFile])]);
  for (const name of names) {
    // Snapshot temporaries are read while a snapshot streams, outside the state machine's lock:
    // only open (when no snapshot can be in flight) removes them.
    const ours = name.startsWith('hnsw-') || name.startsWith('checkpoint-')
      || (options.snapshotTemporaries && name.startsWith('snapshot-'));
    if (ours && !keep.has(name)) await rm(join(dir, name), { force: true });
  }
}
