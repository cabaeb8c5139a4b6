/** Test support for the vector state machine: temp dirs, seeded data, brute-force references. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { mulberry32 } from '../../support/prng.js';
import { distance } from '../../../src/store/vector/distance.js';
import { compareIds } from '../../../src/store/vector/id-order.js';
import { defineSchema, type CollectionSchema, type JsonObject, type JsonValue, type Metric } from '../../../src/store/vector/schema.js';
import type { Filter, Condition } from '../../../src/store/vector/filter.js';
import { validateDeleteBatch, validateUpsertBatch, type DeleteInput, type UpsertInput } from '../../../src/store/vector/validation.js';
import { VectorStateMachine, type VectorStateMachineOptions } from '../../../src/store/vector/vector-state-machine.js';

/** A seeded PRNG (mulberry32): every generated dataset is reproducible. */
export const rng = mulberry32;

export function randomVector(r: () => number, dim: number): number[] {
  return Array.from({ length: dim }, () => Math.round((r() * 2 - 1) * 1000) / 1000);
}

export interface TestEnv {
  readonly dir: string;
  readonly db: Level<string, Uint8Array>;
  readonly schema: CollectionSchema;
  open(overrides?: Partial<VectorStateMachineOptions>): Promise<VectorStateMachine>;
  /** Closes the database and removes the directory. */
  dispose(): Promise<void>;
}

export async function makeEnv(opts: { dimension?: number; metric?: Metric; name?: string } = {}): Promise<TestEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'vstudio-vector-'));
  const db = new Level<string, Uint8Array>(join(dir, 'db'), { valueEncoding: 'view' });
  await db.open();
  const schema = defineSchema({ name: opts.name ?? 'demo', dimension: opts.dimension ?? 8, metric: opts.metric ?? 'l2', hnsw: { m: 8, efConstruction: 64 } });
  let n = 0;
  return {
    dir,
    db,
    schema,
    open: (overrides = {}) =>
      VectorStateMachine.open({ db, prefix: 'g1', schema, checkpointDir: join(dir, 'ckpt-g1'), checkpointEveryEntries: 0, ...overrides }),
    dispose: async () => {
      void n++;
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function upsertBytes(schema: CollectionSchema, records: readonly UpsertInput[]): Uint8Array {
  return validateUpsertBatch(schema, records).bytes;
}

export function deleteBytes(items: readonly (string | DeleteInput)[]): Uint8Array {
  return validateDeleteBatch(items).bytes;
}

/** An independent reference evaluator of filters (written without looking at filter.ts). */
export function referenceMatches(filter: Filter, payload: JsonObject): boolean {
  const lookup = (obj: JsonValue, parts: string[]): JsonValue[] => {
    if (parts.length === 0) return Array.isArray(obj) ? obj : [obj];
    if (Array.isArray(obj)) return obj.flatMap((e) => lookup(e, parts));
    if (obj === null || typeof obj !== 'object') return [];
    const [head, ...rest] = parts as [string, ...string[]];
    return Object.hasOwn(obj, head) ? lookup(obj[head] as JsonValue, rest) : [];
  };
  const holds = (c: Condition): boolean => {
    if (!('key' in c)) return referenceMatches(c, payload);
    const values = lookup(payload, c.key.split('.'));
    if ('range' in c) {
      const { gt, gte, lt, lte } = c.range;
      return values.some((v) => typeof v === 'number'
        && (gt === undefined || v > gt) && (gte === undefined || v >= gte) && (lt === undefined || v < lt) && (lte === undefined || v <= lte));
    }
    const wanted: unknown[] = 'value' in c.match ? [c.match.value] : [...c.match.any];
    return values.some((v) => wanted.some((w) => w === v));
  };
  const must = filter.must ?? [];
  const should = filter.should ?? [];
  const mustNot = filter.must_not ?? [];
  return must.every(holds) && (should.length === 0 || should.some(holds)) && !mustNot.some(holds);
}

export interface RefRecord {
  readonly id: string;
  readonly vector: readonly number[] | Float32Array;
  readonly payload: JsonObject;
}

/** Exact top-k by (distance, id): the reference every search test compares against. */
export function bruteForce(metric: Metric, records: Iterable<RefRecord>, query: readonly number[], k: number, filter?: Filter): { id: string; distance: number }[] {
  const q = Float32Array.from(query);
  const scored: { id: string; distance: number }[] = [];
  for (const r of records) {
    if (filter !== undefined && !referenceMatches(filter, r.payload)) continue;
    scored.push({ id: r.id, distance: distance(metric, q, Float32Array.from(r.vector)) });
  }
  scored.sort((a, b) => a.distance - b.distance || compareIds(a.id, b.id));
  return scored.slice(0, k);
}
