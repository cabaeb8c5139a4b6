/**
 * Encryption at rest: AES-256-GCM (node:crypto) with a key ring. A sealed value is
 *
 * ```
 * u8 version (0x01) · keyId (8 bytes) · nonce (12 random bytes) · ciphertext · tag (16 bytes)
 * ```
 *
 * The associated data is the first 9 bytes (version and key id) followed by the caller's
 * context, so neither the key id nor the value's place (its LevelDB key, its file chunk) can be
 * changed without failing authentication. Every value gets a fresh random 96-bit nonce: with
 * random nonces one key should seal well under 2^32 values (NIST SP 800-38D), far beyond what a
 * node writes between rotations.
 *
 * A key id is the first 8 bytes of SHA-256 of the key: it names the key in the data and in
 * errors; it reveals nothing useful about a 256-bit random key. The key bytes themselves are
 * held only in KeyObjects and never printed.
 */
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ValueCipher } from '../store/encryption-at-rest.js';

export const KEY_BYTES = 32;
export const KEY_ID_BYTES = 8;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const VERSION = 0x01;
const HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
/** Bytes a sealed value has beyond its plaintext. */
export const SEAL_OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;
const ALGORITHM = 'aes-256-gcm';

export type EncryptionErrorCode =
  /** A key file is not 32 raw bytes or 64 hex characters, or cannot be read. */
  | 'KEY_FILE_INVALID'
  /** A sealed value is too short or of an unknown version. */
  | 'MALFORMED'
  /** A value is sealed under a key the ring does not hold. */
  | 'UNKNOWN_KEY'
  /** A value failed authentication: it was altered, moved, or sealed under another key with the same id. */
  | 'AUTHENTICATION_FAILED'
  /** The data directory's encryption does not match the keys given (wrong, missing or unneeded key). */
  | 'KEY_MISMATCH';

/** A failure of encryption at rest. Messages name key ids and files, never key bytes. */
export class EncryptionError extends Error {
  constructor(readonly code: EncryptionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncryptionError';
  }
}

/** One AES-256 key and its id. */
export class EncryptionKey {
  private constructor(readonly id: string, readonly idBytes: Buffer, private readonly key: KeyObject) {}

  /** A key from its 32 bytes (copied; the caller may wipe its buffer). */
  static fromBytes(bytes: Uint8Array): EncryptionKey {
    if (bytes.length !== KEY_BYTES) throw new EncryptionError('KEY_FILE_INVALID', `a key is ${KEY_BYTES} bytes, got ${bytes.length}`);
    const idBytes = createHash('sha256').update(bytes).digest().subarray(0, KEY_ID_BYTES);
    return new EncryptionKey(idBytes.toString('hex'), Buffer.from(idBytes), createSecretKey(Buffer.from(bytes)));
  }

  /** A fresh random key (tests, and `openssl rand 32` users who prefer code). */
  static generate(): EncryptionKey {
    return EncryptionKey.fromBytes(randomBytes(KEY_BYTES));
  }

  /** The secret, for node:crypto only. */
  get keyObject(): KeyObject {
    return this.key;
  }

  /** Never the bytes: a key that reaches a log or an error shows its id. */
  toString(): string {
    return `EncryptionKey(${this.id})`;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * Parses a key file's bytes: exactly 32 raw bytes (`head -c 32 /dev/urandom > key`), or 64 hex
 * characters with optional surrounding whitespace (`openssl rand -hex 32 > key`). Anything else
 * is refused: a short or padded file must not quietly become a weaker key.
 */
export function parseKeyFile(bytes: Uint8Array, file: string): EncryptionKey {
  if (bytes.length === KEY_BYTES) return EncryptionKey.fromBytes(bytes);
  const text = Buffer.from(bytes).toString('latin1').trim();
  if (HEX_KEY.test(text)) return EncryptionKey.fromBytes(Buffer.from(text, 'hex'));
  throw new EncryptionError('KEY_FILE_INVALID', `${file} holds ${bytes.length} bytes: a key file must hold exactly ${KEY_BYTES} raw bytes or ${KEY_BYTES * 2} hex characters (make one with: head -c 32 /dev/urandom > ${file})`);
}

export function loadKeyFile(file: string): EncryptionKey {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new EncryptionError('KEY_FILE_INVALID', `${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  try {
    return parseKeyFile(bytes, file);
  } finally {
    bytes.fill(0);
  }
}

/**
 * The node's keys: the current one seals, every one opens. Older keys are kept only while a
 * rotation has not rewritten their values yet.
 */
export class KeyRing implements ValueCipher {
  private readonly byId = new Map<string, EncryptionKey>();

  constructor(readonly current: EncryptionKey, previous: readonly EncryptionKey[] = []) {
    for (const k of [current, ...previous]) if (!this.byId.has(k.id)) this.byId.set(k.id, k);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** Ids of every key held, the current one first. */
  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  has(keyId: string): boolean {
    return this.byId.has(keyId);
  }

  seal(plaintext: Uint8Array, context: Uint8Array): Uint8Array {
    return sealWith(this.current, plaintext, context);
  }

  open(sealed: Uint8Array, context: Uint8Array): Uint8Array {
    const keyId = sealed.length < SEAL_OVERHEAD_BYTES ? null : this.keyIdOf(sealed);
    if (keyId === null) {
      throw new EncryptionError('MALFORMED', `sealed value of ${sealed.length} bytes is malformed (at least ${SEAL_OVERHEAD_BYTES} bytes starting with version ${VERSION})`);
    }
    const key = this.byId.get(keyId);
    if (key === undefined) {
      throw new EncryptionError('UNKNOWN_KEY', `value is sealed under key ${keyId}; the keys given are ${this.keyIds.join(', ')}`);
    }
    return openWith(key, sealed, context);
  }

  /** Needs only the first 9 bytes (version and key id), so that a file's frames can be checked by their heads. */
  keyIdOf(sealed: Uint8Array): string | null {
    if (sealed.length < 1 + KEY_ID_BYTES || sealed[0] !== VERSION) return null;
    return Buffer.from(sealed.buffer, sealed.byteOffset + 1, KEY_ID_BYTES).toString('hex');
  }
}

function associatedData(header: Uint8Array, context: Uint8Array): Buffer {
  return Buffer.concat([header.subarray(0, 1 + KEY_ID_BYTES), context]);
}

function sealWith(key: EncryptionKey, plaintext: Uint8Array, context: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(SEAL_OVERHEAD_BYTES + plaintext.length);
  out[0] = VERSION;
  key.idBytes.copy(out, 1);
  const nonce = randomBytes(NONCE_BYTES);
  nonce.copy(out, 1 + KEY_ID_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.keyObject, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(out, context));
  let at = HEADER_BYTES;
  at += cipher.update(plaintext).copy(out, at);
  at += cipher.final().copy(out, at);
  cipher.getAuthTag().copy(out, at);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function openWith(key: EncryptionKey, sealed: Uint8Array, context: Uint8Array): Uint8Array {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = buf.subarray(1 + KEY_ID_BYTES, HEADER_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key.keyObject, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(buf, context));
  decipher.setAuthTag(tag);
  const body = decipher.update(buf.subarray(HEADER_BYTES, buf.length - TAG_BYTES));
  try {
    const last = decipher.final();
    const plain = last.length === 0 ? body : Buffer.concat([body, last]);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
  } catch (e) {
    body.fill(0);
    throw new EncryptionError('AUTHENTICATION_FAILED', `value sealed under key ${key.id} fails authentication: it was altered, moved, or sealed under another key`, { cause: e });
  }
}
