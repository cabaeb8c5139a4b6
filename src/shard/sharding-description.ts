/**
 * Validation of sharding descriptions. A description arrives as untrusted JSON (from the cluster
 * map, a client, a file), so nothing about it is assumed: every field is checked and a failure
 * throws {@link ShardingError} `INVALID_DESCRIPTION` naming the field (`ranges[2].start`). What
 * comes out is a fresh, deep-frozen copy with keys in a fixed order, so `JSON.stringify` of two
 * equal descriptions gives equal text.
 */
import { ShardingError } from './sharding-error.js';
import { JsonFields } from './json-fields.js';
import {
  MAX_EPOCH,
  MAX_RANGE_ID,
  MAX_RANGES,
  MAX_RING_POSITIONS,
  MAX_SPLIT_KEY_BYTES,
  MAX_VNODES,
  SHARDING_KINDS,
  type ConsistentDescription,
  type HashFunctionName,
  type HashModDescription,
  type IdRangeEntry,
  type IdRangesDescription,
  type RangeEntry,
  type ShardingDescription,
} from './sharding-strategy.js';
import { compareBytes, isWellFormed, utf8Of } from './utf8-keys.js';

const HASH_FUNCTIONS: readonly HashFunctionName[] = ['xxh64'];

const fields = new JsonFields('INVALID_DESCRIPTION', 'description');

/** Any description, dispatched on its `kind`. */
export function parseShardingDescription(value: unknown): ShardingDescription {
  const record = fields.object(value, '', ['kind', 'hash', 'vnodes', 'nextRangeId', 'ranges']);
  const kind = fields.literal(fields.required(record, 'kind', ''), 'kind', SHARDING_KINDS);
  switch (kind) {
    case 'consistent': return parseConsistentDescription(value);
    case 'hash': return parseHashModDescription(value);
    case 'range': return parseIdRangesDescription(value);
  }
}

/** A description given as JSON text. Text that is not JSON is refused like a malformed description. */
export function parseShardingDescriptionJson(text: string): ShardingDescription {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ShardingError('INVALID_DESCRIPTION', `description is not valid JSON: ${(e as Error).message}`, 'description');
  }
  return parseShardingDescription(value);
}

export function parseConsistentDescription(value: unknown): ConsistentDescription {
  const record = fields.object(value, '', ['kind', 'hash', 'vnodes', 'nextRangeId', 'ranges']);
  fields.literal(fields.required(record, 'kind', ''), 'kind', ['consistent']);
  const hash = fields.literal(fields.required(record, 'hash', ''), 'hash', HASH_FUNCTIONS);
  const vnodes = fields.integer(fields.required(record, 'vnodes', ''), 'vnodes', 1, MAX_VNODES);
  const ranges = parseRangeEntries(fields.required(record, 'ranges', ''));
  // Listed by increasing id: the ring does not depend on the order, but one order makes equal
  // descriptions equal text.
  ranges.forEach((r, i) => {
    const previous = ranges[i - 1];
    if (previous !== undefined && r.id <= previous.id) {
      fields.fail(`ranges[${i}].id`, `must be above ranges[${i - 1}].id (${previous.id}): ranges are listed by increasing id, each once`);
    }
  });
  if (ranges.length * vnodes > MAX_RING_POSITIONS) {
    fields.fail('vnodes', `× ranges (${vnodes} × ${ranges.length}) must be at most ${MAX_RING_POSITIONS} ring positions`);
  }
  const nextRangeId = parseNextRangeId(record, ranges);
  return Object.freeze({ kind: 'consistent', hash, vnodes, nextRangeId, ranges });
}

export function parseHashModDescription(value: unknown): HashModDescription {
  const record = fields.object(value, '', ['kind', 'hash', 'ranges']);
  fields.literal(fields.required(record, 'kind', ''), 'kind', ['hash']);
  const hash = fields.literal(fields.required(record, 'hash', ''), 'hash', HASH_FUNCTIONS);
  const ranges = parseRangeEntries(fields.required(record, 'ranges', ''));
  // A slot is its position in the list; the id says so too, so that a reordered list is refused
  // rather than silently sending every id to another group.
  ranges.forEach((r, i) => {
    if (r.id !== i) fields.fail(`ranges[${i}].id`, `must be ${i}: a hash range's id is its slot, its position in the list`);
  });
  return Object.freeze({ kind: 'hash', hash, ranges });
}

export function parseIdRangesDescription(value: unknown): IdRangesDescription {
  const record = fields.object(value, '', ['kind', 'nextRangeId', 'ranges']);
  fields.literal(fields.required(record, 'kind', ''), 'kind', ['range']);
  const list = fields.array(fields.required(record, 'ranges', ''), 'ranges', 1, MAX_RANGES);
  const seen = new Set<number>();
  let previousStart: Uint8Array | undefined;
  const ranges = list.map((item, i): IdRangeEntry => {
    const field = `ranges[${i}]`;
    const entry = fields.object(item, field, ['id', 'epoch', 'start']);
    const { id, epoch } = parseRangeEntry(entry, field);
    if (seen.has(id)) fields.fail(`${field}.id`, `repeats id ${id}: every range has its own id`);
    seen.add(id);
    const start = fields.string(fields.required(entry, 'start', field), `${field}.start`);
    const bytes = utf8Of(start);
    if (previousStart === undefined) {
      if (start !== '') fields.fail(`${field}.start`, 'must be "": the first range starts below every id');
    } else {
      checkKey(start, `${field}.start`);
      if (compareBytes(bytes, bytes.length, previousStart) <= 0) {
        fields.fail(`${field}.start`, `must sort after ranges[${i - 1}].start in UTF-8 byte order: ranges are listed by increasing start`);
      }
    }
    previousStart = bytes;
    return Object.freeze({ id, epoch, start });
  });
  const nextRangeId = parseNextRangeId(record, ranges);
  return Object.freeze({ kind: 'range', nextRangeId, ranges: Object.freeze(ranges) });
}

/**
 * Checks a boundary key: a non-empty, well-formed string of at most {@link MAX_SPLIT_KEY_BYTES}
 * UTF-8 bytes. Returns a message for `field`, or `undefined` if the key is fine.
 */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'must not be empty (every id is at or above "")';
  if (!isWellFormed(key)) return 'must be well-formed Unicode (it has a lone surrogate, which has no UTF-8 form)';
  const bytes = utf8Of(key).length;
  if (bytes > MAX_SPLIT_KEY_BYTES) return `is ${bytes} UTF-8 bytes, at most ${MAX_SPLIT_KEY_BYTES} allowed (the longest id)`;
  return undefined;
}

function checkKey(key: string, field: string): void {
  const problem = keyProblem(key);
  if (problem !== undefined) fields.fail(field, problem);
}

function parseRangeEntries(value: unknown): readonly RangeEntry[] {
  const list = fields.array(value, 'ranges', 1, MAX_RANGES);
  return Object.freeze(list.map((item, i) => {
    const field = `ranges[${i}]`;
    return Object.freeze(parseRangeEntry(fields.object(item, field, ['id', 'epoch']), field));
  }));
}

function parseRangeEntry(entry: Readonly<Record<string, unknown>>, field: string): RangeEntry {
  const id = fields.integer(fields.required(entry, 'id', field), `${field}.id`, 0, MAX_RANGE_ID);
  const epoch = fields.integer(fields.required(entry, 'epoch', field), `${field}.epoch`, 1, MAX_EPOCH);
  return { id, epoch };
}

function parseNextRangeId(record: Readonly<Record<string, unknown>>, ranges: readonly RangeEntry[]): number {
  const nextRangeId = fields.integer(fields.required(record, 'nextRangeId', ''), 'nextRangeId', 0, MAX_RANGE_ID + 1);
  const highest = ranges.reduce((max, r) => Math.max(max, r.id), 0);
  // Ids are never reused: a reused id could meet a stale route or a leftover replica of the old range.
  if (nextRangeId <= highest) fields.fail('nextRangeId', `must be above every range id (the highest is ${highest}), got ${nextRangeId}`);
  return nextRangeId;
}
