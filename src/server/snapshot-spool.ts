import { open, rm, mkdir, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { cipherContext, type ValueCipher } from '../store/encryption-at-rest.js';

/** Bound on one frame: a serialized snapshot chunk is about 1 MiB. */
export const MAX_SPOOL_FRAME_BYTES = 64 * 1024 * 1024;

export class SpoolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpoolError';
  }
}

/** Bytes of a sealed frame's head that name its key (version byte and key id). */
const SEALED_HEAD_BYTES = 9;

/**
 * A file of length-prefixed frames (`u32 length · bytes`): where a snapshot in transit is kept
 * on both sides, so that a transfer cut by a reconnect resumes at the next frame instead of
 * starting over. Frames carry their own checksums (snapshot chunks), verified when restored.
 *
 * With a cipher (encryption at rest) every frame is sealed, with the spool's file name and the
 * frame's number as context (a frame cannot move to another place or spool). Opening keeps only
 * the leading frames sealed under the current key: after a key rotation the rest is cut and
 * sent again, so a spool never needs a retired key.
 */
export class SnapshotSpool {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly offsets: number[],
    private size: number,
    private readonly cipher: ValueCipher | undefined,
  ) {}

  /** Opens (creating) the spool at `path`, keeping the whole frames already in it. */
  static async open(path: string, cipher?: ValueCipher): Promise<SnapshotSpool> {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'a+', 0o600);
    const offsets: number[] = [];
    const { size } = await fh.stat();
    let pos = 0;
    const head = Buffer.alloc(4 + SEALED_HEAD_BYTES);
    while (pos + 4 <= size) {
      await fh.read(head, 0, head.length, pos);
      const len = head.readUInt32LE(0);
      if (pos + 4 + len > size) break;
      if (cipher !== undefined && (len < SEALED_HEAD_BYTES || cipher.keyIdOf(head.subarray(4)) !== cipher.currentKeyId)) break;
      offsets.push(pos);
      pos += 4 + len;
    }
    if (pos < size) await fh.truncate(pos);
    return new SnapshotSpool(path, fh, offsets, pos, cipher);
  }

  private context(i: number): Uint8Array {
    return cipherContext(`spool\u0000${basename(this.path)}\u0000${i}`);
  }

  get frames(): number {
    return this.offsets.length;
  }

  async append(plain: Uint8Array): Promise<void> {
    if (plain.length > MAX_SPOOL_FRAME_BYTES) throw new SpoolError(`snapshot frame of ${plain.length} bytes exceeds ${MAX_SPOOL_FRAME_BYTES}`);
    const frame = this.cipher === undefined ? plain : this.cipher.seal(plain, this.context(this.offsets.length));
    const head = Buffer.alloc(4);
    head.writeUInt32LE(frame.length, 0);
    await this.fh.write(head, 0, 4, this.size);
    await this.fh.write(frame, 0, frame.length, this.size + 4);
    this.offsets.push(this.size);
    this.size += 4 + frame.length;
  }

  async read(i: number): Promise<Uint8Array> {
    const at = this.offsets[i];
    if (at === undefined) throw new SpoolError(`snapshot spool ${this.path} has no frame ${i}`);
    const head = Buffer.alloc(4);
    await this.fh.read(head, 0, 4, at);
    const out = Buffer.alloc(head.readUInt32LE(0));
    await this.fh.read(out, 0, out.length, at + 4);
    if (this.cipher === undefined) return out;
    try {
      return this.cipher.open(out, this.context(i));
    } catch (e) {
      throw new SpoolError(`snapshot spool ${this.path} frame ${i} does not decrypt: ${(e as Error).message}`, { cause: e });
    }
  }

  async *framesFrom(i: number): AsyncGenerator<Uint8Array> {
    for (let k = i; k < this.offsets.length; k++) yield await this.read(k);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }

  /** Closes the spool and deletes its file. */
  async discard(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }
}
