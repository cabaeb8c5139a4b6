/**
 * The data directory's record of its encryption: `<data>/encryption.json`, written when an
 * encrypted node's directory is created and checked at every start *before anything else in
 * the directory is read*, so that a wrong or missing key is refused with a clear error instead
 * of surfacing later as "corrupt" records or silent garbage.
 *
 * ```json
 * { "format": 1, "algorithm": "aes-256-gcm", "currentKeyId": "<16 hex>",
 *   "keys": [{ "id": "<16 hex>", "check": "<base64 of a sealed known text>" }, ...] }
 * ```
 *
 * `keys` lists every key whose values may still be on disk: the current one, and older ones
 * until a rotation has rewritten everything (then they are dropped). Each `check` is a known
 * text sealed under that key, so a key file is verified by opening it (the id alone would only
 * catch accidents). The file holds no secret.
 */
import { open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cipherContext } from '../store/encryption-at-rest.js';
import { EncryptionError, KeyRing, type EncryptionKey } from './encryption.js';

export const MARKER_FILE = 'encryption.json';
const FORMAT = 1;
const ALGORITHM = 'aes-256-gcm';
const CHECK_TEXT = 'vector-studio encryption check';

interface MarkerKey {
  readonly id: string;
  readonly check: string;
}

interface Marker {
  readonly format: number;
  readonly algorithm: string;
  readonly currentKeyId: string;
  readonly keys: readonly MarkerKey[];
}

/** The keys given at start: `--encryption-key-file` and each `--encryption-previous-key-file`. */
export interface GivenKeys {
  readonly current: EncryptionKey;
  readonly previous: readonly EncryptionKey[];
}

/** What a start with keys found and decided. */
export interface DataDirEncryption {
  readonly ring: KeyRing;
  /** Older keys whose values may still be on disk (a rotation removes them). */
  readonly retiredKeyIds: readonly string[];
  /** True when this start changed the current key (the old one is now retired). */
  readonly keyChanged: boolean;
  /** True when this start created the marker (a new data directory). */
  readonly created: boolean;
}

function checkContext(id: string): Uint8Array {
  return cipherContext(`encryption-marker\u0000${id}`);
}

function checkFor(key: EncryptionKey): MarkerKey {
  return { id: key.id, check: Buffer.from(new KeyRing(key).seal(Buffer.from(CHECK_TEXT), checkContext(key.id))).toString('base64') };
}

async function readMarker(dataDir: string): Promise<Marker | null> {
  const path = join(dataDir, MARKER_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let m: Marker;
  try {
    m = JSON.parse(text) as Marker;
  } catch (e) {
    throw new EncryptionError('KEY_MISMATCH', `${path} does not parse: the directory's encryption cannot be checked`, { cause: e });
  }
  if (m.format !== FORMAT || m.algorithm !== ALGORITHM || typeof m.currentKeyId !== 'string' || !Array.isArray(m.keys) || !m.keys.some((k) => k.id === m.currentKeyId)) {
    throw new EncryptionError('KEY_MISMATCH', `${path} is not a format ${FORMAT} ${ALGORITHM} encryption marker`);
  }
  return m;
}

/** Writes the marker atomically and durably (temp file, fsync, rename, directory fsync). */
async function writeMarker(dataDir: string, marker: Marker): Promise<void> {
  const path = join(dataDir, MARKER_FILE);
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(marker, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  const dir = await open(dataDir, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** A directory that already holds a node (its identity or its database). */
async function holdsNode(dataDir: string): Promise<boolean> {
  return (await exists(join(dataDir, 'identity.json'))) || (await exists(join(dataDir, 'db')));
}

/**
 * Refuses a data directory whose encryption the keys do not match, before anything in it is
 * read. Without keys: null for a plaintext directory, KEY_MISMATCH for an encrypted one.
 */
export async function checkDataDirWithoutKey(dataDir: string): Promise<void> {
  const marker = await readMarker(dataDir);
  if (marker !== null) {
    throw new EncryptionError('KEY_MISMATCH', `${dataDir} is encrypted at rest (key ${marker.currentKeyId}): start the node with --encryption-key-file holding that key`);
  }
}

/**
 * Checks (or, for a new directory, creates) the marker against the given keys and returns the
 * key ring the node runs with. Refusals (EncryptionError KEY_MISMATCH) name key ids, never keys:
 * a directory of unencrypted data, a wrong key, or a rotation not finished whose old key is
 * missing. A new `current` key with the old one among `previous` starts a key change: the
 * marker records the new key as current and keeps the old one until a rotation is done.
 */
export async function openDataDirEncryption(dataDir: string, keys: GivenKeys): Promise<DataDirEncryption> {
  const { current } = keys;
  const marker = await readMarker(dataDir);
  if (marker === null) {
    if (await holdsNode(dataDir)) {
      throw new EncryptionError('KEY_MISMATCH', `${dataDir} holds a node whose data is not encrypted: encryption at rest is chosen when a data directory is created (start it without --encryption-key-file, or start this node from an empty directory; see docs/security.md)`);
    }
    await writeMarker(dataDir, { format: FORMAT, algorithm: ALGORITHM, currentKeyId: current.id, keys: [checkFor(current)] });
    return { ring: new KeyRing(current), retiredKeyIds: [], keyChanged: false, created: true };
  }
  const given = new Map<string, EncryptionKey>([[current.id, current], ...keys.previous.map((k): [string, EncryptionKey] => [k.id, k])]);
  const stored = marker.keys.map((k) => k.id);
  if (!stored.includes(current.id) && !given.has(marker.currentKeyId)) {
    throw new EncryptionError('KEY_MISMATCH', `wrong encryption key: ${dataDir} is encrypted with key ${marker.currentKeyId}, and --encryption-key-file holds key ${current.id} (to change keys, pass the old key file with --encryption-previous-key-file, then run vstudio encryption rotate)`);
  }
  const missing = stored.filter((id) => !given.has(id));
  if (missing.length > 0) {
    throw new EncryptionError('KEY_MISMATCH', `${dataDir} still holds values sealed under key${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a key rotation has not finished): pass ${missing.length > 1 ? 'them' : 'it'} with --encryption-previous-key-file`);
  }
  for (const k of marker.keys) {
    const key = given.get(k.id)!;
    try {
      new KeyRing(key).open(Buffer.from(k.check, 'base64'), checkContext(k.id));
    } catch (e) {
      throw new EncryptionError('KEY_MISMATCH', `the key file given for key ${k.id} does not open ${join(dataDir, MARKER_FILE)}'s check value: it is not the key this directory was encrypted with`, { cause: e });
    }
  }
  const keyChanged = marker.currentKeyId !== current.id && !stored.includes(current.id);
  // A key already listed (say, a rotation back to a key still in use) becomes current without a new check.
  const next: Marker = keyChanged
    ? { ...marker, currentKeyId: current.id, keys: [checkFor(current), ...marker.keys] }
    : { ...marker, currentKeyId: current.id };
  if (next.currentKeyId !== marker.currentKeyId || next.keys.length !== marker.keys.length) await writeMarker(dataDir, next);
  const previous = marker.keys.filter((k) => k.id !== current.id).map((k) => given.get(k.id)!);
  return { ring: new KeyRing(current, previous), retiredKeyIds: previous.map((k) => k.id), keyChanged, created: false };
}

/**
 * After a rotation rewrote every value under the current key: the marker lists the current key
 * alone, so the node starts without the older ones from now on.
 */
export async function retireOlderKeys(dataDir: string, ring: KeyRing): Promise<void> {
  const marker = await readMarker(dataDir);
  if (marker === null) throw new EncryptionError('KEY_MISMATCH', `${join(dataDir, MARKER_FILE)} is missing`);
  const current = marker.keys.find((k) => k.id === ring.currentKeyId);
  if (current === undefined || marker.currentKeyId !== ring.currentKeyId) {
    throw new EncryptionError('KEY_MISMATCH', `${join(dataDir, MARKER_FILE)} names key ${marker.currentKeyId} as current, this node runs with ${ring.currentKeyId}`);
  }
  await writeMarker(dataDir, { ...marker, keys: [current] });
}
