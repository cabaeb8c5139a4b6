import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, type VectorCommand } from '../../../src/store/vector/command-codec.js';
import { VectorStoreError, type VectorErrorCode } from '../../../src/store/vector/errors.js';
import { validateFilter } from '../../../src/store/vector/filter.js';
import { defineSchema, MAX_BATCH_RECORDS, MAX_PAYLOAD_BYTES } from '../../../src/store/vector/schema.js';
import { validateSearchRequest } from '../../../src/store/vector/search.js';
import { validateDeleteBatch, validateRecord, validateUpsertBatch } from '../../../src/store/vector/validation.js';
import type { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { makeEnv, upsertBytes, type TestEnv } from './helpers.js';

const schema = defineSchema({ name: 'demo', dimension: 8 });
const v8 = [0, 1, 2, 3, 4, 5, 6, 7];

function caught(fn: () => unknown): VectorStoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof VectorStoreError) return e;
    throw e;
  }
  throw new Error('expected a VectorStoreError');
}

function expectError(fn: () => unknown, code: VectorErrorCode, field: string | undefined, message?: string | RegExp): void {
  const e = caught(fn);
  expect(e.code).toBe(code);
  expect(e.field).toBe(field);
  if (message !== undefined) expect(e.message).toMatch(message);
}

describe('record validation names the field', () => {
  it('wrong dimension, in the words of DESIGN.md §8', () => {
    const e = caught(() => validateRecord(schema, { id: 'a', vector: [1, 2, 3, 4, 5, 6, 7] }));
    expect(e.toStatusLine()).toBe('INVALID_ARGUMENT: vector has 7 dimensions, collection "demo" expects 8');
    expect(e.field).toBe('vector');
    expectError(
      () => validateUpsertBatch(schema, [{ id: 'a', vector: v8 }, { id: 'b', vector: [1] }]),
      'INVALID_VECTOR',
      'records[1].vector',
      'records[1].vector has 1 dimensions, collection "demo" expects 8',
    );
  });

  it('NaN, Infinity and float32 overflow name their position', () => {
    expectError(() => validateUpsertBatch(schema, [{ id: 'a', vector: [0, 0, 0, NaN, 0, 0, 0, 0] }]), 'INVALID_VECTOR', 'records[0].vector[3]', 'records[0].vector[3] is NaN');
    expectError(() => validateRecord(schema, { id: 'a', vector: [0, 0, 0, 0, 0, 0, 0, -Infinity] }), 'INVALID_VECTOR', 'vector[7]', 'vector[7] is -Infinity');
    expectError(() => validateRecord(schema, { id: 'a', vector: [1e39, 0, 0, 0, 0, 0, 0, 0] }), 'INVALID_VECTOR', 'vector[0]', /overflows float32/);
    expectError(() => validateRecord(schema, { id: 'a', vector: 'x' as unknown as number[] }), 'INVALID_VECTOR', 'vector');
  });

  it('empty, oversized and malformed ids', () => {
    expectError(() => validateRecord(schema, { id: '', vector: v8 }), 'INVALID_ID', 'id', 'id is empty');
    expectError(() => validateRecord(schema, { id: 'é'.repeat(129), vector: v8 }), 'INVALID_ID', 'id', 'id is 258 bytes, at most 256 allowed');
    expect(validateRecord(schema, { id: 'é'.repeat(128), vector: v8 }).id).toHaveLength(128);
    expectError(() => validateRecord(schema, { id: 'a\uD800', vector: v8 }), 'INVALID_ID', 'id', /well-formed/);
    expectError(() => validateDeleteBatch(['a', 'b', '']), 'INVALID_ID', 'ids[2]');
  });

  it('payloads: object only, JSON values only, bounded size', () => {
    expectError(() => validateRecord(schema, { id: 'a', vector: v8, payload: [] as never }), 'INVALID_PAYLOAD', 'payload');
    expectError(() => validateRecord(schema, { id: 'a', vector: v8, payload: { x: { y: NaN } } }), 'INVALID_PAYLOAD', 'payload', 'payload.x.y is NaN, not a JSON number');
    expectError(() => validateRecord(schema, { id: 'a', vector: v8, payload: { d: new Date() as never } }), 'INVALID_PAYLOAD', 'payload');
    const big = { s: 'x'.repeat(MAX_PAYLOAD_BYTES) };
    expectError(() => validateUpsertBatch(schema, [{ id: 'a', vector: v8, payload: big }]), 'INVALID_PAYLOAD', 'records[0].payload', /at most 65536 allowed/);
  });

  it('batches are bounded in records and bytes, and non-empty', () => {
    const many = Array.from({ length: MAX_BATCH_RECORDS + 1 }, (_, i) => ({ id: `r${i}`, vector: v8 }));
    expectError(() => validateUpsertBatch(schema, many), 'BATCH_TOO_LARGE', 'records', /1025 entries, at most 1024/);
    const wide = defineSchema({ name: 'wide', dimension: 2048 });
    const heavy = Array.from({ length: 600 }, (_, i) => ({ id: `r${i}`, vector: new Float32Array(2048) }));
    expectError(() => validateUpsertBatch(wide, heavy), 'BATCH_TOO_LARGE', 'records', /bytes encoded, at most 4194304/);
    expectError(() => validateDeleteBatch([]), 'BATCH_TOO_LARGE', 'ids', 'ids is empty');
  });

  it('conditional versions and search requests', () => {
    expectError(() => validateUpsertBatch(schema, [{ id: 'a', vector: v8, ifVersion: -1 }]), 'INVALID_VERSION', 'records[0].ifVersion');
    expectError(() => validateDeleteBatch([{ id: 'a', ifVersion: 1.5 }]), 'INVALID_VERSION', 'ids[0].ifVersion');
    expectError(() => validateSearchRequest(schema, { vector: v8, k: 0 }), 'INVALID_SEARCH', 'k');
    expectError(() => validateSearchRequest(schema, { vector: v8, k: 1, ef: 0 }), 'INVALID_SEARCH', 'ef');
    expectError(() => validateSearchRequest(schema, { vector: [1], k: 1 }), 'INVALID_VECTOR', 'vector');
  });

  it('filters name the offending clause', () => {
    expectError(() => validateFilter({ must: [{ key: 'a', match: {} }] }), 'INVALID_FILTER', 'filter.must[0].match');
    expectError(() => validateFilter({ should: [{ key: 'a', range: { gt: '1' } }] }), 'INVALID_FILTER', 'filter.should[0].range.gt');
    expectError(() => validateFilter({ must_not: [{ key: 'a', range: {} }] }), 'INVALID_FILTER', 'filter.must_not[0].range');
    expectError(() => validateFilter({ mustnt: [] }), 'INVALID_FILTER', 'filter.mustnt');
    expectError(() => validateFilter({ must: [{ key: 'a..b', match: { value: 1 } }] }), 'INVALID_FILTER', 'filter.must[0].key');
    expectError(() => validateFilter({ must: [{ must: [{ key: 'a', match: { any: [{}] } }] }] }), 'INVALID_FILTER', 'filter.must[0].must[0].match.any[0]');
  });
});

describe('nothing stored changes on bad input', () => {
  let env: TestEnv;
  let sm: VectorStateMachine;
  beforeEach(async () => {
    env = await makeEnv();
    sm = await env.open();
    await sm.apply(1, upsertBytes(env.schema, [{ id: 'a', vector: v8, payload: { n: 1 } }]));
  });
  afterEach(async () => {
    await sm.close();
    await env.dispose();
  });

  it('a batch with one bad record is rejected whole before proposal', async () => {
    expect(() => validateUpsertBatch(env.schema, [{ id: 'a', vector: v8.map((x) => x + 1) }, { id: 'b', vector: [NaN, ...v8.slice(1)] }])).toThrow(VectorStoreError);
    expect(sm.get(['a', 'b'])).toEqual({ records: [{ id: 'a', vector: Float32Array.from(v8), payload: { n: 1 }, version: 1 }], missing: ['b'] });
  });

  it('a command that reaches apply undecodable or off-schema is a deterministic no-op', async () => {
    const garbage = await sm.apply(2, new Uint8Array([0x56, 1, 9, 0, 0, 0, 0]));
    expect(garbage.status).toBe('rejected');
    const wrongDim: VectorCommand = { kind: 'upsert', items: [{ id: 'a', vector: new Float32Array(3), payload: {} }] };
    const r = await sm.apply(3, encodeCommand(wrongDim));
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'INVALID_VECTOR' } });
    expect(sm.appliedIndex).toBe(3);
    expect(sm.count()).toBe(1);
    expect(sm.get(['a']).records[0]?.version).toBe(1);
  });
});

describe('command codec', () => {
  const item = fc.record({
    id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\uD800-\uDFFF]/.test(s)),
    vector: fc.float32Array({ minLength: 3, maxLength: 3, noNaN: true, noDefaultInfinity: true }),
    payload: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null))),
    ifVersion: fc.option(fc.nat(), { nil: undefined }),
  });

  it('decode(encode(c)) = c, and vectors are packed float32', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (items) => {
        const cmd: VectorCommand = { kind: 'upsert', items: items.map(({ ifVersion, ...rest }) => (ifVersion === undefined ? rest : { ...rest, ifVersion })) };
        const bytes = encodeCommand(cmd);
        expect(decodeCommand(bytes)).toEqual(cmd);
        const del: VectorCommand = { kind: 'delete', items: items.map(({ id, ifVersion }) => (ifVersion === undefined ? { id } : { id, ifVersion })) };
        expect(decodeCommand(encodeCommand(del))).toEqual(del);
      }),
      { numRuns: 100 },
    );
    const one = encodeCommand({ kind: 'upsert', items: [{ id: 'a', vector: new Float32Array(784), payload: {} }] });
    expect(one.length).toBeLessThan(784 * 4 + 32);
  });

  it('any truncation is COMMAND_CORRUPT, never a partial command', () => {
    const bytes = encodeCommand({ kind: 'upsert', items: [{ id: 'a', vector: Float32Array.from(v8), payload: { x: 1 } }, { id: 'b', vector: Float32Array.from(v8), payload: {} }] });
    for (let n = 0; n < bytes.length; n++) {
      expect(caught(() => decodeCommand(bytes.subarray(0, n))).code).toBe('COMMAND_CORRUPT');
    }
  });
});
