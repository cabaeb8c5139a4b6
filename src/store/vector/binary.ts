/**
 * Small bounds-checked binary writer/reader shared by the command, record and snapshot codecs.
 * Numbers are little-endian. 64-bit Raft indexes travel as two uint32 halves because JS numbers
 * hold them exactly only up to 2^53, which {@link BinaryReader.u64} checks.
 */

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(s: string): Uint8Array {
  return textEncoder.encode(s);
}

/** Strict UTF-8 decode; malformed bytes throw (a TypeError the caller turns into a typed error). */
export function utf8Decode(b: Uint8Array): string {
  return textDecoder.decode(b);
}

/** Raised by {@link BinaryReader} when bytes run out or a value is out of range. */
export class BinaryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryFormatError';
  }
}

export class BinaryWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialBytes = 256) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.reserve(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
    return this;
  }

  u16(v: number): this {
    this.reserve(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.reserve(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
    return this;
  }

  /** A non-negative safe integer as 64 bits. */
  u64(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`u64 out of range: ${v}`);
    this.u32(v % 0x1_0000_0000);
    this.u32(Math.floor(v / 0x1_0000_0000));
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Packed float32 values: the compact form vectors take everywhere on disk and on the wire. */
  f32s(v: Float32Array): this {
    if (IS_LITTLE_ENDIAN) return this.bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    this.reserve(v.length * 4);
    for (const x of v) {
      this.view.setFloat32(this.pos, x, true);
      this.pos += 4;
    }
    return this;
  }

  get length(): number {
    return this.pos;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export class BinaryReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) {
      throw new BinaryFormatError(`truncated: ${what} needs ${n} bytes at offset ${this.pos}, ${this.buf.length - this.pos} left`);
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(what: string): number {
    const lo = this.u32(what);
    const hi = this.u32(what);
    const v = hi * 0x1_0000_0000 + lo;
    if (!Number.isSafeInteger(v)) throw new BinaryFormatError(`${what} exceeds 2^53`);
    return v;
  }

  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Copies `n` packed float32 values into a fresh, aligned array. */
  f32s(n: number, what: string): Float32Array {
    const raw = this.bytes(n * 4, what);
    const out = new Float32Array(n);
    if (IS_LITTLE_ENDIAN) {
      new Uint8Array(out.buffer).set(raw);
    } else {
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
    }
    return out;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  expectEnd(what: string): void {
    if (this.remaining !== 0) throw new BinaryFormatError(`${this.remaining} trailing bytes after ${what}`);
  }
}

/**
 * Appends a CRC32C of `body` (u32 LE). LevelDB does not verify block checksums on ordinary
 * reads (`verify_checksums` is off by default), so values we store carry their own.
 */
export function seal(body: Uint8Array, crc: (b: Uint8Array) => number): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc(body) >>> 0, true);
  return out;
}

/** Verifies and strips the checksum {@link seal} added; throws {@link BinaryFormatError} on mismatch. */
export function unseal(bytes: Uint8Array, crc: (b: Uint8Array) => number): Uint8Array {
  if (bytes.length < 4) throw new BinaryFormatError(`${bytes.length} bytes cannot hold a checksum`);
  const body = bytes.subarray(0, bytes.length - 4);
  const stored = new DataView(bytes.buffer, bytes.byteOffset + body.length, 4).getUint32(0, true);
  if ((crc(body) >>> 0) !== stored) throw new BinaryFormatError('checksum mismatch');
  return body;
}
