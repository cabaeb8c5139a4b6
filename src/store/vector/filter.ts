/**
 * Payload filters, after Qdrant's: a {@link Filter} holds `must` (all hold), `should` (at least
 * one holds, when any are given) and `must_not` (none holds) lists of conditions; a condition is
 * a field `match` (equality, or `any` of a list), a numeric `range`, or a nested filter.
 *
 * Keys are dotted paths (`meta.lang`). When a path meets an array, every element is searched, and
 * a condition on an array value holds when it holds for any element (Qdrant's semantics), so
 * `{key: "tags", match: {value: "x"}}` matches `{tags: ["x", "y"]}`. A missing key matches no
 * `match`/`range` (and so every `must_not` of one).
 */
import { VectorStoreError } from './errors.js';
import type { JsonObject, JsonValue } from './schema.js';

export type MatchValue = string | number | boolean;

export interface RangeBounds {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
}

export type MatchCondition =
  | { readonly key: string; readonly match: { readonly value: MatchValue } }
  | { readonly key: string; readonly match: { readonly any: readonly MatchValue[] } };

export interface RangeCondition {
  readonly key: string;
  readonly range: RangeBounds;
}

export type Condition = MatchCondition | RangeCondition | Filter;

/** A payload filter. An empty filter matches every record. */
export interface Filter {
  readonly must?: readonly Condition[];
  readonly should?: readonly Condition[];
  readonly must_not?: readonly Condition[];
}

/** A compiled filter: a pure predicate over a record's payload. */
export type PayloadPredicate = (payload: JsonObject) => boolean;

/** Conditions in one filter, counting nested ones: bounds the cost of one evaluation. */
export const MAX_FILTER_CONDITIONS = 64;
/** Nesting depth of filters inside filters. */
export const MAX_FILTER_DEPTH = 4;
/** Values in one `match.any`. */
export const MAX_MATCH_ANY_VALUES = 1024;

const CLAUSES = ['must', 'should', 'must_not'] as const;
const BOUNDS = ['gt', 'gte', 'lt', 'lte'] as const;

function invalid(field: string, why: string): never {
  throw new VectorStoreError('INVALID_FILTER', `${field} ${why}`, field);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isMatchValue(v: unknown): v is MatchValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Checks an untrusted filter (e.g. parsed from `--filter JSON`) and returns it typed. Errors name
 * the field (`filter.must[1].range.gt`) and map to `INVALID_ARGUMENT`.
 */
export function validateFilter(input: unknown, field = 'filter'): Filter {
  let conditions = 0;
  const walkFilter = (f: unknown, path: string, depth: number): Filter => {
    if (!isPlainObject(f)) invalid(path, 'must be an object');
    if (depth > MAX_FILTER_DEPTH) invalid(path, `nests deeper than ${MAX_FILTER_DEPTH} levels`);
    for (const k of Object.keys(f)) {
      if (!(CLAUSES as readonly string[]).includes(k)) invalid(`${path}.${k}`, 'is not one of must, should, must_not');
    }
    const out: Record<string, Condition[]> = {};
    for (const clause of CLAUSES) {
      const list = f[clause];
      if (list === undefined) continue;
      if (!Array.isArray(list)) invalid(`${path}.${clause}`, 'must be an array');
      out[clause] = list.map((c, i) => walkCondition(c, `${path}.${clause}[${i}]`, depth));
    }
    return out as Filter;
  };
  const walkCondition = (c: unknown, path: string, depth: number): Condition => {
    if (++conditions > MAX_FILTER_CONDITIONS) invalid(field, `has more than ${MAX_FILTER_CONDITIONS} conditions`);
    if (!isPlainObject(c)) invalid(path, 'must be an object');
    if (!('key' in c)) return walkFilter(c, path, depth + 1);
    const key = c['key'];
    if (typeof key !== 'string' || key.length === 0 || key.split('.').some((s) => s.length === 0)) {
      invalid(`${path}.key`, 'must be a non-empty dotted path');
    }
    const hasMatch = 'match' in c;
    const hasRange = 'range' in c;
    if (hasMatch === hasRange) invalid(path, 'must have exactly one of match, range');
    if (hasMatch) {
      const m = c['match'];
      if (!isPlainObject(m)) invalid(`${path}.match`, 'must be an object');
      if ('value' in m && !('any' in m)) {
        if (!isMatchValue(m['value'])) invalid(`${path}.match.value`, 'must be a string, finite number or boolean');
        return { key, match: { value: m['value'] } };
      }
      if ('any' in m && !('value' in m)) {
        const any = m['any'];
        if (!Array.isArray(any)) invalid(`${path}.match.any`, 'must be an array');
        if (any.length > MAX_MATCH_ANY_VALUES) invalid(`${path}.match.any`, `has more than ${MAX_MATCH_ANY_VALUES} values`);
        any.forEach((v, i) => {
          if (!isMatchValue(v)) invalid(`${path}.match.any[${i}]`, 'must be a string, finite number or boolean');
        });
        return { key, match: { any: any as MatchValue[] } };
      }
      invalid(`${path}.match`, 'must have exactly one of value, any');
    }
    const r = c['range'];
    if (!isPlainObject(r)) invalid(`${path}.range`, 'must be an object');
    const bounds: Record<string, number> = {};
    for (const k of Object.keys(r)) {
      if (!(BOUNDS as readonly string[]).includes(k)) invalid(`${path}.range.${k}`, 'is not one of gt, gte, lt, lte');
      const v = r[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${path}.range.${k}`, 'must be a finite number');
      bounds[k] = v;
    }
    if (Object.keys(bounds).length === 0) invalid(`${path}.range`, 'needs at least one of gt, gte, lt, lte');
    return { key, range: bounds };
  };
  return walkFilter(input, field, 0);
}

/**
 * Whether `test` holds for any leaf value at `path[i..]` below `v`. Arrays on the way are
 * searched element by element, and an array at the end is tested per element. No allocation:
 * this runs once per candidate inside hnswlib's filter callback.
 */
function anyValueAt(v: JsonValue | undefined, path: readonly string[], i: number, test: (x: JsonValue) => boolean): boolean {
  if (v === undefined) return false;
  if (Array.isArray(v)) {
    if (i === path.length) return v.some(test);
    for (const e of v) if (anyValueAt(e, path, i, test)) return true;
    return false;
  }
  if (i === path.length) return test(v);
  if (v === null || typeof v !== 'object') return false;
  const segment = path[i] as string;
  return Object.hasOwn(v, segment) && anyValueAt(v[segment], path, i + 1, test);
}

function inRange(x: number, b: RangeBounds): boolean {
  return (b.gt === undefined || x > b.gt) && (b.gte === undefined || x >= b.gte)
    && (b.lt === undefined || x < b.lt) && (b.lte === undefined || x <= b.lte);
}

function compileCondition(c: Condition): PayloadPredicate {
  if (!('key' in c)) return compileFilter(c);
  const path = c.key.split('.');
  if ('range' in c) {
    const bounds = c.range;
    const test = (v: JsonValue): boolean => typeof v === 'number' && inRange(v, bounds);
    return (p) => anyValueAt(p, path, 0, test);
  }
  const wanted: readonly MatchValue[] = 'value' in c.match ? [c.match.value] : c.match.any;
  if (wanted.length === 1) {
    const only = wanted[0];
    const test = (v: JsonValue): boolean => v === only;
    return (p) => anyValueAt(p, path, 0, test);
  }
  const set = new Set<unknown>(wanted);
  const test = (v: JsonValue): boolean => set.has(v);
  return (p) => anyValueAt(p, path, 0, test);
}

/** Compiles a validated filter into a predicate. */
export function compileFilter(filter: Filter): PayloadPredicate {
  const must = (filter.must ?? []).map(compileCondition);
  const should = (filter.should ?? []).map(compileCondition);
  const mustNot = (filter.must_not ?? []).map(compileCondition);
  return (p) =>
    must.every((f) => f(p))
    && (should.length === 0 || should.some((f) => f(p)))
    && !mustNot.some((f) => f(p));
}
