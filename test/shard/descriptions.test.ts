// Specification of sharding descriptions (src/shard/sharding-description.ts and
// sharding-factory.ts): the JSON the cluster map stores and `describe` shows. A description from
// untrusted JSON is validated field by field, and a strategy built from it maps ids exactly like
// the one it was written from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdRanges } from '../../src/shard/id-ranges.js';
import { ShardingError } from '../../src/shard/sharding-error.js';
import { createSharding, fromDescription, fromDescriptionJson, newShardingDescription, type ShardingOptions } from '../../src/shard/sharding-factory.js';
import { parseShardingDescription } from '../../src/shard/sharding-description.js';
import { anyUtf16Arb, descriptionArb, idArb } from './support/arbitraries.js';

function errorOf(f: () => unknown): ShardingError {
  try {
    f();
  } catch (e) {
    if (e instanceof ShardingError) return e;
    throw e;
  }
  throw new Error('expected a ShardingError');
}

const consistent = { kind: 'consistent', hash: 'xxh64', vnodes: 4, nextRangeId: 2, ranges: [{ id: 0, epoch: 1 }, { id: 1, epoch: 1 }] };
const hash = { kind: 'hash', hash: 'xxh64', ranges: [{ id: 0, epoch: 1 }, { id: 1, epoch: 1 }] };
const range = { kind: 'range', nextRangeId: 3, ranges: [{ id: 0, epoch: 1, start: '' }, { id: 2, epoch: 2, start: 'g' }, { id: 1, epoch: 1, start: 'p' }] };

describe('deterministic mapping', () => {
  it('property: the same description and id give the same range, also after a JSON round trip of the description', () => {
    fc.assert(fc.property(descriptionArb, fc.array(fc.oneof(idArb, anyUtf16Arb), { maxLength: 20 }), (desc, ids) => {
      const a = fromDescription(desc);
      const b = fromDescriptionJson(JSON.stringify(desc));
      const rangeIds = new Set(a.ranges().map((r) => r.id));
      for (const id of ids) {
        const r = a.rangeOf(id);
        expect(a.rangeOf(id)).toBe(r);
        expect(b.rangeOf(id)).toBe(r);
        expect(rangeIds.has(r)).toBe(true);
      }
    }), { numRuns: 200 });
  });

  it('property: description() round-trips through JSON to an equal description with the same text (canonical)', () => {
    fc.assert(fc.property(descriptionArb, (desc) => {
      const text = JSON.stringify(fromDescription(desc).description());
      expect(JSON.stringify(fromDescriptionJson(text).description())).toBe(text);
      expect(JSON.parse(text)).toEqual(desc);
    }));
  });

  it('ranges() lists every range of the description, with its epoch', () => {
    for (const d of [consistent, hash, range]) {
      const s = fromDescription(d);
      expect(s.kind).toBe(d.kind);
      expect(s.ranges().map((r) => [r.id, r.epoch])).toEqual(d.ranges.map((r) => [r.id, r.epoch]));
    }
  });

  it('descriptions and range lists handed out are frozen', () => {
    const s = fromDescription(range);
    expect(Object.isFrozen(s.description())).toBe(true);
    expect(Object.isFrozen(s.description().ranges)).toBe(true);
    expect(Object.isFrozen(s.description().ranges[0])).toBe(true);
    expect(Object.isFrozen(s.ranges())).toBe(true);
    expect(Object.isFrozen(s.ranges()[0])).toBe(true);
  });

  it('a strategy does not keep the caller\'s objects: mutating the input afterwards changes nothing', () => {
    const input = JSON.parse(JSON.stringify(range)) as typeof range;
    const s = IdRanges.fromDescription(input);
    (input.ranges[1] as { start: string }).start = 'a';
    expect(s.description().ranges[1]?.start).toBe('g');
    expect(s.rangeOf('b')).toBe(0);
  });
});

describe('validation of untrusted descriptions', () => {
  const cases: { name: string; value: unknown; field: string }[] = [
    { name: 'not an object', value: [consistent], field: 'description' },
    { name: 'null', value: null, field: 'description' },
    { name: 'an unknown kind', value: { ...consistent, kind: 'ring' }, field: 'kind' },
    { name: 'no kind', value: { hash: 'xxh64', ranges: [] }, field: 'kind' },
    { name: 'an unknown field', value: { ...consistent, vnode: 8 }, field: 'vnode' },
    { name: 'a field of another kind', value: { ...hash, vnodes: 8 }, field: 'vnodes' },
    { name: 'a "__proto__" key', value: JSON.parse('{"kind":"hash","hash":"xxh64","ranges":[{"id":0,"epoch":1}],"__proto__":{"x":1}}'), field: '__proto__' },
    { name: 'an unknown hash function', value: { ...consistent, hash: 'md5' }, field: 'hash' },
    { name: 'a missing hash', value: { kind: 'hash', ranges: hash.ranges }, field: 'hash' },
    { name: 'vnodes 0', value: { ...consistent, vnodes: 0 }, field: 'vnodes' },
    { name: 'vnodes above the limit', value: { ...consistent, vnodes: 4097 }, field: 'vnodes' },
    { name: 'fractional vnodes', value: { ...consistent, vnodes: 1.5 }, field: 'vnodes' },
    { name: 'vnodes as a string', value: { ...consistent, vnodes: '8' }, field: 'vnodes' },
    { name: 'too many ring positions', value: { ...consistent, vnodes: 4096, nextRangeId: 300, ranges: Array.from({ length: 300 }, (_, id) => ({ id, epoch: 1 })) }, field: 'vnodes' },
    { name: 'no ranges', value: { ...consistent, ranges: [] }, field: 'ranges' },
    { name: 'ranges not an array', value: { ...consistent, ranges: { 0: { id: 0, epoch: 1 } } }, field: 'ranges' },
    { name: 'a range that is not an object', value: { ...hash, ranges: [{ id: 0, epoch: 1 }, 1] }, field: 'ranges[1]' },
    { name: 'an unknown field in a range', value: { ...hash, ranges: [{ id: 0, epoch: 1, group: 5 }] }, field: 'ranges[0].group' },
    { name: 'a negative range id', value: { ...consistent, ranges: [{ id: -1, epoch: 1 }] }, field: 'ranges[0].id' },
    { name: 'epoch 0', value: { ...consistent, ranges: [{ id: 0, epoch: 0 }, { id: 1, epoch: 1 }] }, field: 'ranges[0].epoch' },
    { name: 'a missing epoch', value: { ...consistent, ranges: [{ id: 0 }] }, field: 'ranges[0].epoch' },
    { name: 'ring ranges out of id order', value: { ...consistent, ranges: [{ id: 1, epoch: 1 }, { id: 0, epoch: 1 }] }, field: 'ranges[1].id' },
    { name: 'a repeated ring range id', value: { ...consistent, ranges: [{ id: 0, epoch: 1 }, { id: 0, epoch: 1 }] }, field: 'ranges[1].id' },
    { name: 'nextRangeId not above every id', value: { ...consistent, nextRangeId: 1 }, field: 'nextRangeId' },
    { name: 'a missing nextRangeId', value: { kind: 'range', ranges: range.ranges }, field: 'nextRangeId' },
    { name: 'a hash range whose id is not its slot', value: { ...hash, ranges: [{ id: 1, epoch: 1 }, { id: 0, epoch: 1 }] }, field: 'ranges[0].id' },
    { name: 'a first range that does not start at ""', value: { ...range, ranges: [{ id: 0, epoch: 1, start: 'a' }] }, field: 'ranges[0].start' },
    { name: 'starts out of order', value: { ...range, ranges: [range.ranges[0], range.ranges[2], range.ranges[1]] }, field: 'ranges[2].start' },
    { name: 'a repeated start', value: { ...range, ranges: [range.ranges[0], range.ranges[1], { id: 1, epoch: 1, start: 'g' }] }, field: 'ranges[2].start' },
    { name: 'starts in UTF-16 order but not UTF-8 order', value: { ...range, ranges: [range.ranges[0], { id: 2, epoch: 1, start: '😀' }, { id: 1, epoch: 1, start: '\uffff' }] }, field: 'ranges[2].start' },
    { name: 'a start with a lone surrogate', value: { ...range, ranges: [range.ranges[0], { id: 1, epoch: 1, start: 'a\udc00' }] }, field: 'ranges[1].start' },
    { name: 'a start longer than an id', value: { ...range, ranges: [range.ranges[0], { id: 1, epoch: 1, start: 'a'.repeat(257) }] }, field: 'ranges[1].start' },
    { name: 'a start that is not a string', value: { ...range, ranges: [range.ranges[0], { id: 1, epoch: 1, start: 5 }] }, field: 'ranges[1].start' },
    { name: 'a repeated range id', value: { ...range, ranges: [range.ranges[0], { ...range.ranges[1], id: 0 }] }, field: 'ranges[1].id' },
  ];

  it.each(cases)('refuses $name: INVALID_DESCRIPTION naming $field', ({ value, field }) => {
    const e = errorOf(() => fromDescription(value));
    expect(e.code).toBe('INVALID_DESCRIPTION');
    expect(e.grpcStatus).toBe('INVALID_ARGUMENT');
    expect(e.field).toBe(field);
    expect(e.message.startsWith(field)).toBe(true);
  });

  it('refuses text that is not JSON, naming the description', () => {
    const e = errorOf(() => fromDescriptionJson('{"kind": "hash",'));
    expect([e.code, e.field]).toEqual(['INVALID_DESCRIPTION', 'description']);
  });

  it('quotes hostile strings in messages with a bound', () => {
    const e = errorOf(() => fromDescription({ ...consistent, hash: 'x'.repeat(10_000) }));
    expect(e.message.length).toBeLessThan(200);
  });

  it('property: any JSON value either builds a strategy or is refused with INVALID_DESCRIPTION naming a field, nothing else', () => {
    const near = fc.oneof(
      fc.jsonValue(),
      // Valid descriptions with one field replaced by arbitrary JSON: closer to the real mistakes.
      fc.tuple(fc.constantFrom(consistent, hash, range), fc.constantFrom('kind', 'hash', 'vnodes', 'nextRangeId', 'ranges', 'extra'), fc.jsonValue())
        .map(([d, key, v]) => ({ ...d, [key]: v })),
      fc.tuple(fc.constantFrom(consistent, hash, range), fc.nat(2), fc.constantFrom('id', 'epoch', 'start'), fc.jsonValue())
        .map(([d, i, key, v]) => ({ ...d, ranges: d.ranges.map((r, j) => (j === i ? { ...r, [key]: v } : r)) })),
    );
    fc.assert(fc.property(near, (value) => {
      try {
        const s = fromDescription(value);
        expect(parseShardingDescription(s.description())).toEqual(s.description());
      } catch (e) {
        expect(e).toBeInstanceOf(ShardingError);
        expect((e as ShardingError).code).toBe('INVALID_DESCRIPTION');
        expect(typeof (e as ShardingError).field).toBe('string');
      }
    }), { numRuns: 300 });
  });
});

describe('creating a collection\'s sharding', () => {
  it('defaults to consistent, one shard, 1024 vnodes', () => {
    expect(newShardingDescription()).toEqual({ kind: 'consistent', hash: 'xxh64', vnodes: 1024, nextRangeId: 1, ranges: [{ id: 0, epoch: 1 }] });
  });

  it('builds each kind from its options', () => {
    expect(createSharding({ kind: 'consistent', shards: 4, vnodes: 16 }).ranges()).toHaveLength(4);
    expect(createSharding({ kind: 'hash', shards: 3 }).ranges()).toHaveLength(3);
    expect(createSharding({ kind: 'range', splitKeys: ['g', 'p'] }).ranges()).toHaveLength(3);
    expect(createSharding({ kind: 'range' }).ranges()).toHaveLength(1);
  });

  const bad: { name: string; options: unknown; field: string }[] = [
    { name: 'an unknown kind', options: { kind: 'ring' }, field: 'kind' },
    { name: 'an unknown option', options: { kind: 'hash', shard: 2 }, field: 'shard' },
    { name: '0 shards', options: { kind: 'hash', shards: 0 }, field: 'shards' },
    { name: 'more ring positions than allowed', options: { kind: 'consistent', shards: 2000 }, field: 'shards' },
    { name: 'vnodes for hash sharding', options: { kind: 'hash', shards: 2, vnodes: 8 }, field: 'vnodes' },
    { name: 'split keys for consistent sharding', options: { splitKeys: ['a'] }, field: 'splitKeys' },
    { name: 'shards for range sharding', options: { kind: 'range', shards: 2 }, field: 'shards' },
    { name: 'an empty split key', options: { kind: 'range', splitKeys: [''] }, field: 'splitKeys[0]' },
    { name: 'split keys out of order', options: { kind: 'range', splitKeys: ['p', 'g'] }, field: 'splitKeys[1]' },
    { name: 'a split key that is not a string', options: { kind: 'range', splitKeys: ['g', 7] }, field: 'splitKeys[1]' },
    { name: 'options that are not an object', options: 'consistent', field: 'options' },
  ];

  it.each(bad)('refuses $name: INVALID_OPTIONS naming $field', ({ options, field }) => {
    const e = errorOf(() => newShardingDescription(options as ShardingOptions));
    expect([e.code, e.field, e.grpcStatus]).toEqual(['INVALID_OPTIONS', field, 'INVALID_ARGUMENT']);
  });

  it('toStatusLine gives the status and the message', () => {
    expect(errorOf(() => newShardingDescription({ kind: 'hash', shards: 0 })).toStatusLine()).toBe('INVALID_ARGUMENT: shards must be between 1 and 65536, got 0');
  });
});
