/**
 * API keys (`vstudio auth add-key|list|revoke`, `serve --auth-file`).
 *
 * A key is `vsk_<id>_<secret>`: `id` is 8 random bytes in hex (it names the entry, it is not
 * secret), `secret` is 32 random bytes (256 bits) in base64url. The key file stores, per key,
 * its id, name, role, collections, a random salt and SHA-256(salt ‖ secret), never the key:
 * a 256-bit random secret needs no slow hash. Checking a key looks the entry up by id and
 * compares the hashes with `timingSafeEqual`. Keys never appear in errors or logs: a refusal
 * says "unknown API key" whatever was wrong with it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyEntry {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The collections the key is limited to; absent: every collection. */
  readonly collections?: readonly string[];
  /** base64 */
  readonly salt: string;
  /** hex SHA-256(salt ‖ secret) */
  readonly hash: string;
  readonly createdAt: string;
}

export interface ApiKeyFile {
  readonly version: 1;
  readonly keys: readonly ApiKeyEntry[];
}

/** What a verified key may do (no secret in it). */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly collections: ReadonlySet<string> | null;
}

export class ApiKeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyFileError';
  }
}

const KEY_FORMAT = /^vsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const NAME_FORMAT = /^[A-Za-z0-9._-]{1,64}$/;

function hashSecret(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret, 'utf8').digest();
}

function parseFile(text: string, path: string): ApiKeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ApiKeyFileError(`${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const f = raw as { version?: unknown; keys?: unknown };
  if (typeof raw !== 'object' || raw === null || f.version !== 1 || !Array.isArray(f.keys)) {
    throw new ApiKeyFileError(`${path} is not a Vector Studio key file (expected {"version": 1, "keys": [...]})`);
  }
  f.keys.forEach((k: unknown, i) => {
    const e = k as Partial<ApiKeyEntry>;
    const ok = typeof k === 'object' && k !== null && typeof e.id === 'string' && /^[0-9a-f]{16}$/.test(e.id) && typeof e.name === 'string'
      && (ROLES as readonly string[]).includes(e.role as string) && typeof e.salt === 'string' && typeof e.hash === 'string' && /^[0-9a-f]{64}$/.test(e.hash)
      && (e.collections === undefined || (Array.isArray(e.collections) && e.collections.every((c) => typeof c === 'string')));
    if (!ok) throw new ApiKeyFileError(`${path}: keys[${i}] is malformed`);
  });
  return raw as ApiKeyFile;
}

/** Reads a key file; a missing file is an empty one when `missingOk`. */
export async function readKeyFile(path: string, missingOk = false): Promise<ApiKeyFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (missingOk && (e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] };
    throw new ApiKeyFileError(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseFile(text, path);
}

export function readKeyFileSync(path: string): ApiKeyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ApiKeyFileError(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}); create it with \`vstudio auth add-key --file ${path} ...\``);
  }
  return parseFile(text, path);
}

/** Writes the file atomically (temp file, then rename) with mode 0600. */
async function writeKeyFile(path: string, file: ApiKeyFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export interface AddKeyOptions {
  readonly name: string;
  readonly role: Role;
  readonly collections?: readonly string[];
}

/** Adds a key to the file (created if missing) and returns it: the only time the key exists in the clear. */
export async function addKey(path: string, options: AddKeyOptions): Promise<{ key: string; entry: ApiKeyEntry }> {
  if (!NAME_FORMAT.test(options.name)) throw new ApiKeyFileError(`--name must be 1-64 letters, digits, '.', '_' or '-', not "${options.name}"`);
  if (!(ROLES as readonly string[]).includes(options.role)) throw new ApiKeyFileError(`--role must be one of ${ROLES.join(', ')}, not "${options.role}"`);
  if (options.collections !== undefined && options.collections.length === 0) throw new ApiKeyFileError('--collections lists no collection');
  const file = await readKeyFile(path, true);
  if (file.keys.some((k) => k.name === options.name)) throw new ApiKeyFileError(`a key named "${options.name}" exists already in ${path} (revoke it first)`);
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const entry: ApiKeyEntry = {
    id, name: options.name, role: options.role,
    ...(options.collections === undefined ? {} : { collections: [...new Set(options.collections)] }),
    salt: salt.toString('base64'), hash: hashSecret(salt, secret).toString('hex'), createdAt: new Date().toISOString(),
  };
  await writeKeyFile(path, { version: 1, keys: [...file.keys, entry] });
  return { key: `vsk_${id}_${secret}`, entry };
}

/** Removes the key named `nameOrId` (its name or its id); returns the removed entry. */
export async function revokeKey(path: string, nameOrId: string): Promise<ApiKeyEntry> {
  const file = await readKeyFile(path);
  const entry = file.keys.find((k) => k.name === nameOrId || k.id === nameOrId);
  if (entry === undefined) throw new ApiKeyFileError(`no key named "${nameOrId}" in ${path}`);
  await writeKeyFile(path, { version: 1, keys: file.keys.filter((k) => k !== entry) });
  return entry;
}

/** The keys of a file, checkable. */
export class ApiKeyStore {
  private readonly byId: Map<string, ApiKeyEntry>;

  constructor(file: ApiKeyFile) {
    this.byId = new Map(file.keys.map((k) => [k.id, k]));
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * The principal of `key`, or null when it is not a key of this file. Constant time in the
   * secret: the stored hash and the candidate's are compared with timingSafeEqual (an entry
   * that does not exist is compared against a dummy, so both paths do the same work).
   */
  verify(key: string): Principal | null {
    const m = KEY_FORMAT.exec(key);
    if (m === null) return null;
    const entry = this.byId.get(m[1]!);
    const salt = entry === undefined ? DUMMY_SALT : Buffer.from(entry.salt, 'base64');
    const expected = entry === undefined ? DUMMY_HASH : Buffer.from(entry.hash, 'hex');
    const actual = hashSecret(salt, m[2]!);
    const equal = timingSafeEqual(actual, expected);
    if (entry === undefined || !equal) return null;
    return { id: entry.id, name: entry.name, role: entry.role, collections: entry.collections === undefined ? null : new Set(entry.collections) };
  }
}

const DUMMY_SALT = randomBytes(16);
const DUMMY_HASH = randomBytes(32);
