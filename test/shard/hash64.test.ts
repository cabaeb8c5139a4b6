// Specification of src/shard/hash64.ts: XXH64 computed with 32-bit halves. Positions of ids and
// virtual nodes are stored implicitly in every sharding description, so the function must equal
// the published XXH64 exactly, on every platform and forever.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashIdInto, hashPointOf, hex64, xxh64 } from '../../src/shard/hash64.js';
import { xxh64Reference } from './support/xxh64-reference.js';

// Published vectors (xxHash's own tests, python-xxhash, the .NET runtime), seed 0 unless given.
const VECTORS: readonly { input: string | Uint8Array; seed?: bigint; hash: bigint }[] = [
  { input: '', hash: 0xef46db3751d8e999n },
  { input: 'a', hash: 0xd24ec4f1a98c6e5bn },
  { input: 'abc', hash: 0x44bc2cf5ad770999n },
  { input: 'hello', hash: 0x26c7827d889f6da3n },
  { input: 'message digest', hash: 0x066ed728fceeb3ben },
  { input: 'a'.repeat(32), hash: 0x856e843298f99ad7n },
  { input: '0123456789abcdef0123456789abcdef', hash: 0x642a94958e71e6c5n },
  { input: 'Nobody inspects the spammish repetition', hash: 0xfbcea83c8a378bf1n },
  { input: 'The quick brown fox jumps over the lazy dog', hash: 0x0b242d361fda71bcn },
  { input: 'b'.repeat(64), hash: 0xecbaf4bdf26b6349n },
  { input: Uint8Array.from({ length: 100 }, (_, i) => i), hash: 0x6ac1e58032166597n },
  { input: 'abc', seed: 12345n, hash: 0x01700e64f6f23509n },
  { input: 'Nobody inspects the spammish repetition', seed: 1234n, hash: 0x55e30cd248a5419fn },
];

describe('xxh64', () => {
  it.each(VECTORS.map((v) => ({ ...v, name: typeof v.input === 'string' ? JSON.stringify(v.input.slice(0, 24)) : `${v.input.length} bytes` })))(
    'matches the published vector for $name (seed $seed)',
    ({ input, seed, hash }) => {
      expect(xxh64(input, seed)).toBe(hash);
    },
  );

  it('property: equals the bigint reference implementation for any bytes and seed (every length path: <4, <8, <32, ≥32)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (bytes, seed) => {
      expect(xxh64(bytes, seed)).toBe(xxh64Reference(bytes, seed));
    }), { numRuns: 500 });
  });

  it('property: a string is hashed as its UTF-8 bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
      expect(xxh64(s)).toBe(xxh64(new TextEncoder().encode(s)));
    }));
  });

  it('a string longer than the initial scratch buffer is hashed whole', () => {
    const long = 'é'.repeat(3000); // 6000 UTF-8 bytes
    expect(xxh64(long)).toBe(xxh64Reference(new TextEncoder().encode(long)));
  });

  it('refuses a seed outside the unsigned 64-bit range', () => {
    expect(() => xxh64('a', -1n)).toThrow(RangeError);
    expect(() => xxh64('a', 1n << 64n)).toThrow(RangeError);
  });
});

describe('hash points', () => {
  it('property: hashIdInto gives the halves of xxh64 (seed 0)', () => {
    const out = new Uint32Array(2);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (id) => {
      hashIdInto(id, out);
      expect((BigInt(out[0] as number) << 32n) | BigInt(out[1] as number)).toBe(xxh64(id));
    }));
  });

  it('property: hashPointOf is xxh64 as 16 lowercase hex digits, so string order is numeric order', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
      const pa = hashPointOf(a), pb = hashPointOf(b);
      expect(pa).toMatch(/^[0-9a-f]{16}$/);
      expect(BigInt(`0x${pa}`)).toBe(xxh64(a));
      expect(pa < pb).toBe(xxh64(a) < xxh64(b));
    }));
  });

  it('hex64 pads both halves to 8 digits', () => {
    expect(hex64(0, 1)).toBe('0000000000000001');
    expect(hex64(0xffff_ffff, 0)).toBe('ffffffff00000000');
  });
});
