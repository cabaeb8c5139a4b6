/**
 * Sealed files, for the HNSW checkpoints of an encrypted node. hnswlib-node reads and writes
 * index files only by path (no buffer API), so the plaintext index exists as a file for a
 * moment: it is written into a private directory *outside* the data directory (mode 0700, on
 * the RAM-backed /dev/shm when there is one, else the OS temp directory), sealed from there into
 * the data directory, and unlinked at once; loading decrypts into such a directory, loads,
 * and unlinks. A process killed in between leaves that plaintext file behind in the temp
 * directory (not in the data directory); docs/security.md says so.
 *
 * Format: `"VSSEALF1"` then frames `u32 LE length · sealed chunk`, each chunk ≤ 1 MiB of
 * plaintext sealed with the context `purpose · chunk number · last flag`, so chunks cannot be
 * reordered, dropped or the file cut at a chunk boundary without failing authentication.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cipherContext, type ValueCipher } from '../encryption-at-rest.js';

const MAGIC = Buffer.from('VSSEALF1', 'latin1');
/** Plaintext bytes per sealed chunk: bounds memory for index files of hundreds of MB. */
export const SEALED_FILE_CHUNK_BYTES = 1024 * 1024;
/** A sealed chunk is never larger than this (chunk + seal overhead); a larger length is damage. */
const MAX_FRAME_BYTES = SEALED_FILE_CHUNK_BYTES + 1024;

export class SealedFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SealedFileError';
  }
}

function chunkContext(purpose: string, n: number, last: boolean): Uint8Array {
  return cipherContext(`${purpose}\u0000${n}\u0000${last ? 1 : 0}`);
}

/** Where plaintext index files live for a moment: RAM when the system offers it, never the data directory. */
function privateTempRoot(): string {
  return process.platform === 'linux' ? '/dev/shm' : tmpdir();
}

/** A fresh private directory (mkdtemp: mode 0700) outside the data directory; the caller removes it. */
export async function createPrivateTempDir(): Promise<string> {
  try {
    return await mkdtemp(join(privateTempRoot(), `vstudio-plain-${process.pid}-`));
  } catch {
    // No /dev/shm (a container without it, another OS): the OS temp directory.
    return mkdtemp(join(tmpdir(), `vstudio-plain-${process.pid}-`));
  }
}

/**
 * Runs `fn` with a fresh private directory (mode 0700, outside the data directory) and removes
 * it, and whatever `fn` left in it, afterwards.
 */
export async function withPrivateTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await createPrivateTempDir();
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Seals the file at `plainPath` into `sealedPath` (created or truncated; not synced: the caller commits it). */
export async function sealFile(cipher: ValueCipher, plainPath: string, sealedPath: string, purpose: string): Promise<void> {
  const { size } = await stat(plainPath);
  const input = await open(plainPath, 'r');
  const output = await open(sealedPath, 'w', 0o600);
  try {
    await output.write(MAGIC);
    const buf = Buffer.alloc(SEALED_FILE_CHUNK_BYTES);
    let offset = 0;
    let n = 0;
    // An empty file is one empty last chunk, so that every sealed file ends with a last chunk.
    do {
      const { bytesRead } = await input.read(buf, 0, buf.length, offset);
      offset += bytesRead;
      const sealed = cipher.seal(buf.subarray(0, bytesRead), chunkContext(purpose, n, offset >= size));
      const head = Buffer.alloc(4);
      head.writeUInt32LE(sealed.length, 0);
      await output.write(head);
      await output.write(sealed);
      n++;
      if (bytesRead === 0) break;
    } while (offset < size);
    buf.fill(0);
  } finally {
    await input.close();
    await output.close();
  }
}

/** Opens the sealed file at `sealedPath` into `plainPath`; throws SealedFileError (or the cipher's error as its cause). */
export async function openSealedFile(cipher: ValueCipher, sealedPath: string, plainPath: string, purpose: string): Promise<void> {
  const { size } = await stat(sealedPath);
  const input = await open(sealedPath, 'r');
  const output = await open(plainPath, 'w', 0o600);
  try {
    const magic = Buffer.alloc(MAGIC.length);
    await input.read(magic, 0, magic.length, 0);
    if (!magic.equals(MAGIC)) throw new SealedFileError(`${sealedPath} is not a sealed file (it may be a plaintext file of an unencrypted node)`);
    let offset = MAGIC.length;
    let n = 0;
    const head = Buffer.alloc(4);
    while (offset < size) {
      if (offset + 4 > size) throw new SealedFileError(`${sealedPath} is cut inside frame ${n}`);
      await input.read(head, 0, 4, offset);
      const len = head.readUInt32LE(0);
      if (len > MAX_FRAME_BYTES || offset + 4 + len > size) throw new SealedFileError(`${sealedPath} frame ${n} of ${len} bytes runs past the file or the frame limit`);
      const sealed = Buffer.alloc(len);
      await input.read(sealed, 0, len, offset + 4);
      offset += 4 + len;
      let plain: Uint8Array;
      try {
        plain = cipher.open(sealed, chunkContext(purpose, n, offset >= size));
      } catch (e) {
        throw new SealedFileError(`${sealedPath} chunk ${n} does not open: ${(e as Error).message}`, { cause: e });
      }
      await output.write(plain);
      n++;
    }
    if (n === 0) throw new SealedFileError(`${sealedPath} holds no chunk`);
  } finally {
    await input.close();
    await output.close();
  }
}

/** The key id of a sealed file's first chunk (null when the file is not sealed). */
export async function sealedFileKeyId(cipher: ValueCipher, sealedPath: string): Promise<string | null> {
  const fh = await open(sealedPath, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length + 4 + 64);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    if (bytesRead < MAGIC.length + 4 || !head.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    return cipher.keyIdOf(head.subarray(MAGIC.length + 4, bytesRead));
  } finally {
    await fh.close();
  }
}
