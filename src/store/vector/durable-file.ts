/**
 * Crash-safe file helpers: write a temporary file, fsync it, rename it over the target, fsync
 * the directory. After a crash the target holds the old bytes or the new, never a torn mix.
 */
import { crc32c } from '@node-rs/crc32';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Read size of {@link fileCrc32c}; bounds memory while hashing a large index file. */
const HASH_READ_BYTES = 1024 * 1024;

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync a directory so that a rename inside it is durable. */
export async function fsyncDir(dir: string): Promise<void> {
  await fsyncPath(dir);
}

/** fsyncs `tmpPath`, renames it to `path`, and makes the rename durable. */
export async function commitFile(tmpPath: string, path: string): Promise<void> {
  await fsyncPath(tmpPath);
  await rename(tmpPath, path);
  await fsyncDir(dirname(path));
}

/** Writes `data` to `path` atomically (temp file + fsync + rename + directory fsync). */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}

/** CRC32C and size of a file, read in bounded pieces. */
export async function fileCrc32c(path: string): Promise<{ bytes: number; crc32c: number }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HASH_READ_BYTES);
    let crc = 0;
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      crc = crc32c(buf.subarray(0, bytesRead), crc);
      bytes += bytesRead;
    }
    return { bytes, crc32c: crc };
  } finally {
    await fh.close();
  }
}
