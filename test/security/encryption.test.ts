/** The AES-256-GCM key ring, key files, and the data directory's encryption marker. */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptionError, EncryptionKey, KeyRing, loadKeyFile, parseKeyFile, SEAL_OVERHEAD_BYTES } from '../../src/security/encryption.js';
import { checkDataDirWithoutKey, MARKER_FILE, openDataDirEncryption, retireOlderKeys } from '../../src/security/encryption-marker.js';
import { cipherContext } from '../../src/store/encryption-at-rest.js';

const ctx = cipherContext('test\u0000value');
const plain = Buffer.from('a payload nobody else may read');

function caught(fn: () => unknown): EncryptionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EncryptionError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('the cipher', () => {
  it('opens what it sealed, with the same context', () => {
    const ring = new KeyRing(EncryptionKey.generate());
    const sealed = ring.seal(plain, ctx);
    expect(sealed.length).toBe(plain.length + SEAL_OVERHEAD_BYTES);
    expect(Buffer.from(ring.open(sealed, ctx))).toEqual(plain);
  });

  it('does not leave the plaintext in the sealed bytes', () => {
    const sealed = Buffer.from(new KeyRing(EncryptionKey.generate()).seal(plain, ctx));
    expect(sealed.includes(plain.subarray(0, 8))).toBe(false);
  });

  it('stores the key id beside the value', () => {
    const key = EncryptionKey.generate();
    expect(new KeyRing(key).keyIdOf(new KeyRing(key).seal(plain, ctx))).toBe(key.id);
  });

  it('refuses a value with one flipped bit: AUTHENTICATION_FAILED', () => {
    const ring = new KeyRing(EncryptionKey.generate());
    const sealed = ring.seal(plain, ctx);
    for (const at of [1 + 8, 1 + 8 + 12, sealed.length - 1]) {
      const tampered = Uint8Array.from(sealed);
      tampered[at]! ^= 0x01;
      expect(caught(() => ring.open(tampered, ctx)).code).toBe('AUTHENTICATION_FAILED');
    }
  });

  it('refuses a value moved to another context (another key, another file chunk): AUTHENTICATION_FAILED', () => {
    const ring = new KeyRing(EncryptionKey.generate());
    expect(caught(() => ring.open(ring.seal(plain, ctx), cipherContext('elsewhere'))).code).toBe('AUTHENTICATION_FAILED');
  });

  it('refuses a value sealed under a key it does not hold: UNKNOWN_KEY naming both key ids', () => {
    const a = EncryptionKey.generate();
    const b = EncryptionKey.generate();
    const e = caught(() => new KeyRing(b).open(new KeyRing(a).seal(plain, ctx), ctx));
    expect(e.code).toBe('UNKNOWN_KEY');
    expect(e.message).toBe(`value is sealed under key ${a.id}; the keys given are ${b.id}`);
  });

  it('refuses a value whose key id was rewritten to name another key of the ring: AUTHENTICATION_FAILED', () => {
    const a = EncryptionKey.generate();
    const b = EncryptionKey.generate();
    const sealed = Uint8Array.from(new KeyRing(a).seal(plain, ctx));
    Buffer.from(b.id, 'hex').copy(sealed, 1);
    expect(caught(() => new KeyRing(a, [b]).open(sealed, ctx)).code).toBe('AUTHENTICATION_FAILED');
  });

  it('refuses a truncated value: MALFORMED', () => {
    const ring = new KeyRing(EncryptionKey.generate());
    expect(caught(() => ring.open(ring.seal(plain, ctx).subarray(0, SEAL_OVERHEAD_BYTES - 1), ctx)).code).toBe('MALFORMED');
  });

  it('opens values of every key it holds and seals with the current one', () => {
    const old = EncryptionKey.generate();
    const current = EncryptionKey.generate();
    const ring = new KeyRing(current, [old]);
    expect(Buffer.from(ring.open(new KeyRing(old).seal(plain, ctx), ctx))).toEqual(plain);
    expect(ring.keyIdOf(ring.seal(plain, ctx))).toBe(current.id);
  });

  it('uses a fresh nonce for every value: 10,000 seals of one plaintext are all different', () => {
    const ring = new KeyRing(EncryptionKey.generate());
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) nonces.add(Buffer.from(ring.seal(plain, ctx)).subarray(9, 21).toString('hex'));
    expect(nonces.size).toBe(10_000);
  });

  it('never shows the key bytes when a key is printed or logged', () => {
    const bytes = randomBytes(32);
    const key = EncryptionKey.fromBytes(bytes);
    const shown = `${String(key)} ${JSON.stringify({ key })}`;
    expect(shown).toContain(key.id);
    expect(shown).not.toContain(bytes.toString('hex'));
    expect(shown).not.toContain(bytes.toString('base64'));
  });
});

describe('key files', () => {
  it('accept exactly 32 raw bytes', () => {
    const bytes = randomBytes(32);
    expect(parseKeyFile(bytes, 'k').id).toBe(EncryptionKey.fromBytes(bytes).id);
  });

  it('accept 64 hex characters with a trailing newline, as the same key as its bytes', () => {
    const bytes = randomBytes(32);
    expect(parseKeyFile(Buffer.from(`${bytes.toString('hex')}\n`), 'k').id).toBe(EncryptionKey.fromBytes(bytes).id);
  });

  it('refuse any other length, naming the file and how to make a key', () => {
    for (const n of [0, 16, 31, 33, 64]) {
      const e = caught(() => parseKeyFile(Buffer.alloc(n, 0x7a), '/etc/k'));
      expect(e.code).toBe('KEY_FILE_INVALID');
      expect(e.message).toContain(`/etc/k holds ${n} bytes`);
    }
  });

  it('refuse a file that does not exist', () => {
    expect(caught(() => loadKeyFile('/nonexistent/vstudio.key')).message).toBe('/nonexistent/vstudio.key cannot be read: ENOENT');
  });
});

describe('the data directory marker', () => {
  let dir: string;
  const a = EncryptionKey.generate();
  const b = EncryptionKey.generate();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vstudio-marker-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function refusal(p: Promise<unknown>): Promise<string> {
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(EncryptionError);
    expect((e as EncryptionError).code).toBe('KEY_MISMATCH');
    return (e as EncryptionError).message;
  }

  it('is created for a new directory, and holds key ids but never the key', async () => {
    expect((await openDataDirEncryption(dir, { current: a, previous: [] })).created).toBe(true);
    const text = await readFile(join(dir, MARKER_FILE), 'utf8');
    expect(text).toContain(a.id);
    expect((await openDataDirEncryption(dir, { current: a, previous: [] })).created).toBe(false);
  });

  it('refuses another key, naming both ids', async () => {
    await openDataDirEncryption(dir, { current: a, previous: [] });
    expect(await refusal(openDataDirEncryption(dir, { current: b, previous: [] }))).toContain(`is encrypted with key ${a.id}, and --encryption-key-file holds key ${b.id}`);
  });

  it('refuses a start without a key', async () => {
    await openDataDirEncryption(dir, { current: a, previous: [] });
    expect(await refusal(checkDataDirWithoutKey(dir))).toBe(`${dir} is encrypted at rest (key ${a.id}): start the node with --encryption-key-file holding that key`);
  });

  it('refuses a key for a directory that already holds an unencrypted node', async () => {
    await writeFile(join(dir, 'identity.json'), '{}');
    expect(await refusal(openDataDirEncryption(dir, { current: a, previous: [] }))).toContain('holds a node whose data is not encrypted');
  });

  it('refuses a key whose id matches but which does not open the check value', async () => {
    await openDataDirEncryption(dir, { current: a, previous: [] });
    const marker = JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8')) as { keys: { id: string; check: string }[] };
    marker.keys[0]!.check = Buffer.from(new KeyRing(b).seal(Buffer.from('x'), ctx)).toString('base64');
    await writeFile(join(dir, MARKER_FILE), JSON.stringify(marker));
    expect(await refusal(openDataDirEncryption(dir, { current: a, previous: [] }))).toContain(`the key file given for key ${a.id} does not open`);
  });

  it('changes keys when the old one is given as previous, and needs it until the older keys are retired', async () => {
    await openDataDirEncryption(dir, { current: a, previous: [] });
    const changed = await openDataDirEncryption(dir, { current: b, previous: [a] });
    expect(changed).toMatchObject({ keyChanged: true, retiredKeyIds: [a.id] });
    expect(changed.ring.keyIds).toEqual([b.id, a.id]);
    expect(await refusal(openDataDirEncryption(dir, { current: b, previous: [] }))).toContain(`still holds values sealed under key ${a.id}`);
    await retireOlderKeys(dir, changed.ring);
    expect((await openDataDirEncryption(dir, { current: b, previous: [] })).retiredKeyIds).toEqual([]);
  });

  it('leaves a plaintext directory alone when started without a key', async () => {
    await mkdir(join(dir, 'db'));
    await expect(checkDataDirWithoutKey(dir)).resolves.toBeUndefined();
  });
});
