/**
 * Checks for values that come from untrusted JSON (a description read back from the cluster map,
 * sent by a client, typed by a user). Each check either returns the value with its type narrowed
 * or throws a {@link ShardingError} whose message and `field` name the path at fault
 * (`ranges[2].epoch`), so a user can find it in the document.
 */
import { ShardingError, type ShardingErrorCode } from './sharding-error.js';

export class JsonFields {
  /**
   * @param code the error code every failed check throws (a stored description vs user options).
   * @param rootName what the document itself is called in messages (field paths inside it are
   *   relative: `ranges[0].id`, not `description.ranges[0].id`).
   */
  constructor(private readonly code: ShardingErrorCode, private readonly rootName: string) {}

  /** Throws for `field` ('' = the document itself). */
  fail(field: string, message: string): never {
    const name = field === '' ? this.rootName : field;
    throw new ShardingError(this.code, `${name} ${message}`, name);
  }

  /**
   * A plain JSON object with only `allowed` keys: an unknown key is refused by name rather than
   * ignored, so a typo (`vnode` for `vnodes`) cannot silently fall back to a default.
   */
  object(value: unknown, field: string, allowed: readonly string[]): Readonly<Record<string, unknown>> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, `must be a JSON object, got ${kindOf(value)}`);
    const record = value as Readonly<Record<string, unknown>>;
    // Object.keys lists own keys only, so a "__proto__" key parsed by JSON.parse is seen (and refused).
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.fail(join(field, key), `is not a known field (expected ${allowed.join(', ')})`);
    }
    return record;
  }

  /** An own property of `record` that must be present. */
  required(record: Readonly<Record<string, unknown>>, key: string, field: string): unknown {
    if (!Object.hasOwn(record, key) || record[key] === undefined) this.fail(join(field, key), 'is required');
    return record[key];
  }

  /** An own property of `record`, or `undefined` when absent. */
  optional(record: Readonly<Record<string, unknown>>, key: string): unknown {
    return Object.hasOwn(record, key) ? record[key] : undefined;
  }

  /** An integer in [min, max]. */
  integer(value: unknown, field: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(field, `must be an integer, got ${kindOf(value)}`);
    if (value < min || value > max) this.fail(field, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string') this.fail(field, `must be a string, got ${kindOf(value)}`);
    return value;
  }

  /** One of `allowed` (string literals). */
  literal<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describeValue(value)}`);
    }
    return value as T;
  }

  /** An array of length in [minLength, maxLength]. */
  array(value: unknown, field: string, minLength: number, maxLength: number): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be an array, got ${kindOf(value)}`);
    if (value.length < minLength || value.length > maxLength) {
      this.fail(field, `must have between ${minLength} and ${maxLength} entries, got ${value.length}`);
    }
    return value as readonly unknown[];
  }
}

function join(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? `${value}` : `the number ${value}`;
  if (typeof value === 'string') return `the string ${truncate(JSON.stringify(value))}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? truncate(JSON.stringify(value)) : kindOf(value);
}

/** Error messages quote user input; a bounded quote keeps a hostile document from flooding logs. */
function truncate(s: string): string {
  return s.length <= 64 ? s : `${s.slice(0, 61)}...`;
}
