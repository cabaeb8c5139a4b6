// Specification of src/shard/utf8-keys.ts: ids are ordered by their UTF-8 bytes (code point
// order, LevelDB's key order), not by JavaScript's UTF-16 `<`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes, compareIds, isWellFormed, utf8Of, Utf8Scratch } from '../../src/shard/utf8-keys.js';

describe('UTF-8 key order', () => {
  it('property: compareIds has the sign of a bytewise comparison of the UTF-8 forms', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), (a, b) => {
      expect(Math.sign(compareIds(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
    }));
  });

  it('puts U+FFFF before an astral character, where UTF-16 order puts it after', () => {
    expect('\uffff' < '😀').toBe(false);
    expect(compareIds('\uffff', '😀')).toBeLessThan(0);
  });

  it('puts a prefix before its extensions', () => {
    expect(compareIds('ab', 'abc')).toBeLessThan(0);
    expect(compareIds('', 'a')).toBeLessThan(0);
    expect(compareIds('abc', 'abc')).toBe(0);
  });

  it('compareBytes compares only the first aLength bytes of a', () => {
    expect(compareBytes(utf8Of('abz'), 2, utf8Of('ab'))).toBe(0);
  });

  it('Utf8Scratch grows for a long string and encodes it whole', () => {
    const scratch = new Utf8Scratch();
    const long = '€'.repeat(1000); // 3000 bytes
    const n = scratch.encode(long);
    expect(Buffer.from(scratch.bytes.subarray(0, n)).toString('utf8')).toBe(long);
  });

  it('isWellFormed refuses lone surrogates and accepts pairs', () => {
    expect(isWellFormed('a😀b')).toBe(true);
    expect(isWellFormed('a\ud83d')).toBe(false);
    expect(isWellFormed('\ude00b')).toBe(false);
  });
});
