import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryType } from '../../../src/raft/index.js';
import { KeyKind, decodeKey, entryKey, groupKeyRange, metaKey } from '../../../src/store/log/index.js';
import {
  RecordDecodeError, decodeApplyState, decodeEntry, decodeHardState, decodeSnapshotMeta, encodeApplyState,
  encodeEntry, encodeHardState, encodeSnapshotMeta,
} from '../../../src/store/log/record-codec.js';

const cmp = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);
const u53 = fc.maxSafeInteger().filter((n) => n >= 0);

describe('key layout', () => {
  it('byte order of entry keys is (group, index) order, and a group range holds exactly its keys', () => {
    fc.assert(fc.property(u53, u53, u53, u53, (g1, i1, g2, i2) => {
      const order = Math.sign(cmp(entryKey(g1, i1), entryKey(g2, i2)));
      expect(order).toBe(Math.sign(g1 !== g2 ? g1 - g2 : i1 - i2));
      const { gte, lt } = groupKeyRange(g1);
      const inRange = (k: Uint8Array): boolean => cmp(k, gte) >= 0 && cmp(k, lt) < 0;
      expect(inRange(entryKey(g2, i2))).toBe(g1 === g2);
      expect(inRange(metaKey(g2, KeyKind.HardState))).toBe(g1 === g2);
      expect(decodeKey(entryKey(g1, i1))).toEqual({ group: g1, kind: KeyKind.Entry, index: i1 });
    }));
  });

  it('metadata keys sort before the entries of their group', () => {
    expect(cmp(metaKey(3, KeyKind.SnapshotData), entryKey(3, 0))).toBeLessThan(0);
    expect(decodeKey(Uint8Array.of(1, 2, 3))).toBeNull();
  });
});

describe('record codec', () => {
  const key = entryKey(1, 42);

  it('round-trips entries and metadata, and a flipped bit anywhere fails the checksum', () => {
    fc.assert(fc.property(u53, u53, fc.uint8Array({ maxLength: 64 }), fc.nat(), (index, term, data, flip) => {
      const e = { index, term, type: EntryType.ConfChange, data };
      const value = encodeEntry(key, e);
      expect(decodeEntry(key, value)).toEqual(e);
      const bad = Uint8Array.from(value);
      bad[flip % bad.length]! ^= 1 << (flip % 8);
      expect(() => decodeEntry(key, bad)).toThrow(RecordDecodeError);
    }));
    const cs = { voters: [1, 2 ** 40], learners: [], votersOutgoing: [3], learnersNext: [4], autoLeave: true };
    expect(decodeHardState(key, encodeHardState(key, { term: 7, vote: 2, commit: 9 }))).toEqual({ term: 7, vote: 2, commit: 9 });
    expect(decodeApplyState(key, encodeApplyState(key, { applied: 5, confState: cs }))).toEqual({ applied: 5, confState: cs });
    expect(decodeSnapshotMeta(key, encodeSnapshotMeta(key, { index: 5, term: 2, confState: cs }))).toEqual({ index: 5, term: 2, confState: cs });
  });

  it('a valid value under another key fails (misdirected write)', () => {
    const value = encodeEntry(key, { index: 42, term: 1, type: EntryType.Normal, data: Uint8Array.of(1) });
    expect(() => decodeEntry(entryKey(2, 42), value)).toThrow(/checksum mismatch/);
    expect(() => decodeHardState(key, Uint8Array.of(1, 2))).toThrow(RecordDecodeError);
  });
});
