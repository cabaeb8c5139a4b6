/**
 * Input validation, run by the server before a write is proposed (and by the state machine's own
 * read paths). Every check names the offending field and throws a {@link VectorStoreError} that
 * maps to `INVALID_ARGUMENT`; nothing is proposed, so nothing stored changes.
 */
import { utf8Encode } from './binary.js';
import { encodeCommand, type DeleteItem, type UpsertItem, type VectorCommand } from './command-codec.js';
import { VectorStoreError } from './errors.js';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_RECORDS,
  MAX_ID_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_PAYLOAD_DEPTH,
  type CollectionSchema,
  type JsonObject,
  type RecordInput,
} from './schema.js';

/** A record plus an optional condition, as a conditional upsert submits it. */
export interface UpsertInput extends RecordInput {
  readonly ifVersion?: number;
}

/** An id to delete, optionally conditional. */
export interface DeleteInput {
  readonly id: string;
  readonly ifVersion?: number;
}

/** A validated command together with its encoding, ready to propose. */
export interface ValidatedCommand {
  readonly command: VectorCommand;
  readonly bytes: Uint8Array;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fieldName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** Checks an id: a well-formed string of 1..{@link MAX_ID_BYTES} UTF-8 bytes. */
export function validateId(id: unknown, field = 'id'): string {
  if (typeof id !== 'string') throw new VectorStoreError('INVALID_ID', `${field} must be a string`, field);
  if (id.length === 0) throw new VectorStoreError('INVALID_ID', `${field} is empty`, field);
  // A lone surrogate has no UTF-8 form: it would be silently replaced by U+FFFD and two ids
  // would collide on disk.
  if (LONE_SURROGATE.test(id)) throw new VectorStoreError('INVALID_ID', `${field} is not well-formed Unicode`, field);
  const bytes = utf8Encode(id).length;
  if (bytes > MAX_ID_BYTES) {
    throw new VectorStoreError('INVALID_ID', `${field} is ${bytes} bytes, at most ${MAX_ID_BYTES} allowed`, field);
  }
  return id;
}

/**
 * Checks a vector's dimension and values and converts it to float32. A finite double that
 * overflows float32 is rejected too: it would be stored as Infinity.
 */
export function validateVector(schema: CollectionSchema, vector: unknown, field = 'vector'): Float32Array {
  if (!(vector instanceof Float32Array || vector instanceof Float64Array || Array.isArray(vector))) {
    throw new VectorStoreError('INVALID_VECTOR', `${field} must be an array of numbers`, field);
  }
  const values = vector as ArrayLike<unknown>;
  if (values.length !== schema.dimension) {
    throw new VectorStoreError(
      'INVALID_VECTOR',
      `${field} has ${values.length} dimensions, collection "${schema.name}" expects ${schema.dimension}`,
      field,
    );
  }
  if (vector instanceof Float32Array) {
    // Already float32 (no conversion, no overflow): only a non-finite value can be wrong. The
    // common case on the hot paths (upsert, search), checked without the general loop's work.
    for (let i = 0; i < vector.length; i++) {
      const x = vector[i] as number;
      if (!Number.isFinite(x)) throw new VectorStoreError('INVALID_VECTOR', `${field}[${i}] is ${String(x)}`, `${field}[${i}]`);
    }
    return vector.slice();
  }
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== 'number') throw new VectorStoreError('INVALID_VECTOR', `${field}[${i}] is not a number`, `${field}[${i}]`);
    if (!Number.isFinite(x)) throw new VectorStoreError('INVALID_VECTOR', `${field}[${i}] is ${String(x)}`, `${field}[${i}]`);
    const f = Math.fround(x);
    if (!Number.isFinite(f)) {
      throw new VectorStoreError('INVALID_VECTOR', `${field}[${i}] = ${x} overflows float32`, `${field}[${i}]`);
    }
    out[i] = f;
  }
  return out;
}

function checkJson(v: unknown, path: string, depth: number, field: string): void {
  if (depth > MAX_PAYLOAD_DEPTH) {
    throw new VectorStoreError('INVALID_PAYLOAD', `${field} nests deeper than ${MAX_PAYLOAD_DEPTH} levels`, field);
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    // JSON.stringify would turn NaN/Infinity into null: reject rather than change the data.
    if (!Number.isFinite(v)) throw new VectorStoreError('INVALID_PAYLOAD', `${field}${path} is ${String(v)}, not a JSON number`, field);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkJson(x, `${path}[${i}]`, depth + 1, field));
    return;
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) checkJson(x, `${path}.${k}`, depth + 1, field);
    return;
  }
  throw new VectorStoreError('INVALID_PAYLOAD', `${field}${path} is not a JSON value`, field);
}

/** Checks a payload: a plain JSON object whose encoding is at most {@link MAX_PAYLOAD_BYTES}. */
export function validatePayload(payload: unknown, field = 'payload'): JsonObject {
  if (payload === undefined) return {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new VectorStoreError('INVALID_PAYLOAD', `${field} must be a JSON object`, field);
  }
  checkJson(payload, '', 0, field);
  const bytes = utf8Encode(JSON.stringify(payload)).length;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new VectorStoreError('INVALID_PAYLOAD', `${field} is ${bytes} bytes encoded, at most ${MAX_PAYLOAD_BYTES} allowed`, field);
  }
  return payload as JsonObject;
}

/** Checks a conditional version: a non-negative safe integer (0 = "must not exist"). */
export function validateIfVersion(v: unknown, field = 'ifVersion'): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new VectorStoreError('INVALID_VERSION', `${field} must be a non-negative integer, got ${String(v)}`, field);
  }
  return v;
}

function checkCount(n: number, what: string): void {
  if (n === 0) throw new VectorStoreError('BATCH_TOO_LARGE', `${what} is empty`, what);
  if (n > MAX_BATCH_RECORDS) {
    throw new VectorStoreError('BATCH_TOO_LARGE', `${what} has ${n} entries, at most ${MAX_BATCH_RECORDS} allowed`, what);
  }
}

function encodeBounded(command: VectorCommand, what: string): ValidatedCommand {
  const bytes = encodeCommand(command);
  if (bytes.length > MAX_BATCH_BYTES) {
    throw new VectorStoreError('BATCH_TOO_LARGE', `${what} is ${bytes.length} bytes encoded, at most ${MAX_BATCH_BYTES} allowed`, what);
  }
  return { command, bytes };
}

/** Validates one record (no batch). Fields are named `id`, `vector`, `payload`. */
export function validateRecord(schema: CollectionSchema, record: UpsertInput, prefix = ''): UpsertItem {
  const id = validateId(record.id, fieldName(prefix, 'id'));
  const vector = validateVector(schema, record.vector, fieldName(prefix, 'vector'));
  const payload = validatePayload(record.payload, fieldName(prefix, 'payload'));
  const ifVersion = validateIfVersion(record.ifVersion, fieldName(prefix, 'ifVersion'));
  return ifVersion === undefined ? { id, vector, payload } : { id, vector, payload, ifVersion };
}

/**
 * Validates an upsert batch (fields named `records[i].vector` etc.) and encodes it, checking the
 * record count ({@link MAX_BATCH_RECORDS}) and the encoded size ({@link MAX_BATCH_BYTES}).
 */
export function validateUpsertBatch(schema: CollectionSchema, records: readonly UpsertInput[]): ValidatedCommand {
  if (!Array.isArray(records)) throw new VectorStoreError('BATCH_TOO_LARGE', 'records must be an array', 'records');
  checkCount(records.length, 'records');
  const items = records.map((r, i) => validateRecord(schema, r, `records[${i}]`));
  return encodeBounded({ kind: 'upsert', items }, 'records');
}

/** Validates a delete batch (fields named `ids[i]`) and encodes it. */
export function validateDeleteBatch(items: readonly (string | DeleteInput)[]): ValidatedCommand {
  if (!Array.isArray(items)) throw new VectorStoreError('BATCH_TOO_LARGE', 'ids must be an array', 'ids');
  checkCount(items.length, 'ids');
  const out: DeleteItem[] = items.map((item, i) => {
    if (typeof item === 'string') return { id: validateId(item, `ids[${i}]`) };
    const id = validateId(item.id, `ids[${i}].id`);
    const ifVersion = validateIfVersion(item.ifVersion, `ids[${i}].ifVersion`);
    return ifVersion === undefined ? { id } : { id, ifVersion };
  });
  return encodeBounded({ kind: 'delete', items: out }, 'ids');
}
