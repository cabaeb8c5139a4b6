// Specification of the conf change encoding: src/raft/codec.ts.
// Layout: [transition u8][n u16][(type u8, nodeId u32) × n][context bytes...].
// A conf change entry is decoded by every replica when it is applied, so the encoding must
// round-trip exactly and reject malformed input rather than decode something else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeConfChange, encodeConfChange } from '../../../src/raft/codec.js';
import { ConfChangeType, type ConfChange } from '../../../src/raft/types.js';

const U32_MAX = 0xffff_ffff;

const changeArb = fc.record({
  type: fc.constantFrom(ConfChangeType.AddVoter, ConfChangeType.AddLearner, ConfChangeType.RemoveNode),
  nodeId: fc.integer({ min: 0, max: U32_MAX }),
});
const confChangeArb: fc.Arbitrary<ConfChange> = fc.record({
  changes: fc.array(changeArb, { maxLength: 20 }),
  transition: fc.constantFrom<'auto' | 'explicit'>('auto', 'explicit'),
  context: fc.option(fc.uint8Array({ minLength: 1, maxLength: 32 }), { nil: undefined }),
}, { requiredKeys: ['changes', 'transition'] });

describe('conf change codec', () => {
  it('property: decode(encode(cc)) equals cc', () => {
    fc.assert(fc.property(confChangeArb, (cc) => {
      expect(decodeConfChange(encodeConfChange(cc))).toEqual(cc);
    }));
  });

  it('a missing transition decodes as auto (the documented default)', () => {
    expect(decodeConfChange(encodeConfChange({ changes: [{ type: ConfChangeType.AddVoter, nodeId: 2 }] })))
      .toEqual({ changes: [{ type: ConfChangeType.AddVoter, nodeId: 2 }], transition: 'auto' });
  });

  it('an empty context is the same as no context', () => {
    expect(decodeConfChange(encodeConfChange({ changes: [], context: new Uint8Array() })))
      .toEqual({ changes: [], transition: 'auto' });
  });

  it('the leave-joint change (no changes) round-trips', () => {
    const cc: ConfChange = { changes: [], transition: 'explicit' };
    expect(decodeConfChange(encodeConfChange(cc))).toEqual(cc);
  });

  it('decodes from a view into a larger buffer (entry data need not start at offset 0)', () => {
    const cc: ConfChange = { changes: [{ type: ConfChangeType.RemoveNode, nodeId: 70000 }], transition: 'explicit', context: new Uint8Array([5, 6]) };
    const enc = encodeConfChange(cc);
    const big = new Uint8Array(enc.length + 10).fill(0xee);
    big.set(enc, 7);
    expect(decodeConfChange(big.subarray(7, 7 + enc.length))).toEqual(cc);
  });

  it('the decoded context is a copy, not a view of the entry', () => {
    const enc = encodeConfChange({ changes: [], context: new Uint8Array([1, 2]) });
    const dec = decodeConfChange(enc);
    enc[enc.length - 1] = 9;
    expect(dec.context).toEqual(new Uint8Array([1, 2]));
  });

  it.each([
    { name: 'empty input', bytes: [] },
    { name: 'two bytes (no change count)', bytes: [0, 0] },
    { name: 'a count of 1 without the change', bytes: [0, 0, 1] },
    { name: 'a count of 2 with only one change', bytes: [0, 0, 2, 0, 0, 0, 0, 2] },
    { name: 'a change cut in its node id', bytes: [0, 0, 1, 0, 0, 0] },
  ])('truncated input throws RangeError: $name', ({ bytes }) => {
    expect(() => decodeConfChange(new Uint8Array(bytes))).toThrow(RangeError);
  });

  it('property: every strict prefix of an encoding without context throws RangeError', () => {
    fc.assert(fc.property(fc.array(changeArb, { minLength: 1, maxLength: 5 }), fc.nat(), (changes, cut) => {
      const enc = encodeConfChange({ changes });
      const prefix = enc.subarray(0, cut % enc.length);
      expect(() => decodeConfChange(prefix)).toThrow(RangeError);
    }));
  });

  it.each([3, 4, 128, 255])('an unknown change type (%i) throws RangeError', (type) => {
    const enc = encodeConfChange({ changes: [{ type: ConfChangeType.AddVoter, nodeId: 2 }] });
    enc[3] = type;
    expect(() => decodeConfChange(enc)).toThrow(RangeError);
  });

  // NodeId is a `number`; resolveConfig and the changer accept any positive integer as an id. An id
  // that does not fit in the u32 field must not be written as a different node's id: either the
  // encoder refuses it or it round-trips.
  it.each([2 ** 32 + 1, 2 ** 32 + 2, 2 ** 40])('a node id beyond u32 (%d) is refused or round-trips, never aliased to another id', (nodeId) => {
    const cc: ConfChange = { changes: [{ type: ConfChangeType.AddVoter, nodeId }], transition: 'auto' };
    let enc: Uint8Array;
    try {
      enc = encodeConfChange(cc);
    } catch (err) {
      expect(err).toBeInstanceOf(RangeError);
      return;
    }
    expect(decodeConfChange(enc).changes[0]!.nodeId).toBe(nodeId);
  });

  // The change count is a u16. A longer list must not wrap: 65 536 changes would be written with a
  // count of 0 and decode as the leave-joint change, with the changes' bytes as its context.
  it('a change list longer than the u16 count is refused or round-trips, never reinterpreted', () => {
    const changes = Array.from({ length: 0x1_0000 }, () => ({ type: ConfChangeType.AddLearner, nodeId: 9 }));
    let enc: Uint8Array;
    try {
      enc = encodeConfChange({ changes, transition: 'explicit' });
    } catch (err) {
      expect(err).toBeInstanceOf(RangeError);
      return;
    }
    expect(decodeConfChange(enc).changes.length).toBe(changes.length);
  });
});
