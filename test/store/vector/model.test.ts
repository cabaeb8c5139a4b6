/**
 * Model-based test: random sequences of upserts, deletes, conditional writes, re-applied
 * indexes, checkpoints, restarts and snapshot → restore hand-offs, checked after every step
 * against a plain in-memory model (a Map) and a brute-force search over it.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/store/vector/schema.js';
import type { SnapshotChunk } from '../../../src/store/vector/snapshot-stream.js';
import type { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { bruteForce, deleteBytes, makeEnv, upsertBytes, type TestEnv } from './helpers.js';

const DIM = 4;
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

interface ModelRecord {
  readonly vector: number[];
  readonly payload: JsonObject;
  readonly version: number;
}

interface Model {
  records: Map<string, ModelRecord>;
  applied: number;
  history: number[];
}

interface Real {
  readonly env: TestEnv;
  sm: VectorStateMachine;
  /** The group the state machine currently lives in (a hand-off moves it to a new one). */
  prefix: string;
  groups: number;
}

function openGroup(r: Real, prefix: string): Promise<VectorStateMachine> {
  return r.env.open({ prefix, checkpointDir: `${r.env.dir}/ckpt-${prefix}` });
}

/** Steps run, across all sequences: guards against a generator that silently runs nothing. */
let stepsRun = 0;

/** How a generated item chooses its condition, resolved against the model when it runs. */
type Cond = 'none' | 'absent' | 'current' | 'stale';

function resolve(cond: Cond, m: Model, id: string): number | undefined {
  const v = m.records.get(id)?.version ?? 0;
  switch (cond) {
    case 'none': return undefined;
    case 'absent': return 0;
    case 'current': return v;
    case 'stale': return v + 1;
  }
}

async function check(m: Model, r: Real): Promise<void> {
  stepsRun++;
  expect(r.sm.appliedIndex).toBe(m.applied);
  expect(r.sm.count()).toBe(m.records.size);
  const got = r.sm.get(IDS);
  expect(got.missing).toEqual(IDS.filter((id) => !m.records.has(id)));
  for (const rec of got.records) {
    const want = m.records.get(rec.id) as ModelRecord;
    expect({ vector: [...rec.vector], payload: rec.payload, version: rec.version }).toEqual(want);
  }
  const q = [0.5, -1, 2, 0];
  const refs = [...m.records].map(([id, x]) => ({ id, vector: x.vector, payload: x.payload }));
  expect(r.sm.search({ vector: q, k: 4, ef: 100 }).hits.map((h) => h.id)).toEqual(bruteForce('l2', refs, q, 4).map((h) => h.id));
  const filter = { must: [{ key: 'p', range: { gte: 1 } }] };
  expect(r.sm.search({ vector: q, k: 3, filter }).hits.map((h) => h.id)).toEqual(bruteForce('l2', refs, q, 3, filter).map((h) => h.id));
}

class UpsertCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly items: { id: string; vector: number[]; p: number; cond: Cond }[]) {}
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    const index = m.applied + 1;
    const records = this.items.map((it) => {
      const ifVersion = resolve(it.cond, m, it.id);
      return { id: it.id, vector: it.vector, payload: { p: it.p }, ...(ifVersion === undefined ? {} : { ifVersion }) };
    });
    const result = await r.sm.apply(index, upsertBytes(r.env.schema, records));
    const statuses: string[] = [];
    for (const rec of records) {
      const cur = m.records.get(rec.id);
      if (rec.ifVersion !== undefined && rec.ifVersion !== (cur?.version ?? 0)) {
        statuses.push('condition_failed');
        continue;
      }
      m.records.set(rec.id, { vector: rec.vector, payload: rec.payload, version: index });
      statuses.push('upserted');
    }
    m.applied = index;
    m.history.push(index);
    expect(result.status === 'applied' && result.results.map((x) => x.status)).toEqual(statuses);
    await check(m, r);
  }
  toString = (): string => `upsert ${JSON.stringify(this.items)}`;
}

class DeleteCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly items: { id: string; cond: Cond }[]) {}
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    const index = m.applied + 1;
    const items = this.items.map((it) => {
      const ifVersion = resolve(it.cond, m, it.id);
      return ifVersion === undefined ? { id: it.id } : { id: it.id, ifVersion };
    });
    await r.sm.apply(index, deleteBytes(items));
    for (const it of items) {
      const cur = m.records.get(it.id);
      if (it.ifVersion !== undefined && it.ifVersion !== (cur?.version ?? 0)) continue;
      m.records.delete(it.id);
    }
    m.applied = index;
    m.history.push(index);
    await check(m, r);
  }
  toString = (): string => `delete ${JSON.stringify(this.items)}`;
}

class ReapplyCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.history.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const index = m.history[this.pick % m.history.length] as number;
    const res = await r.sm.apply(index, deleteBytes(IDS));
    expect(res.status).toBe('skipped');
    await check(m, r);
  }
  toString = (): string => `reapply #${this.pick}`;
}

class CheckpointCmd implements fc.AsyncCommand<Model, Real> {
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    await r.sm.checkpoint();
    await check(m, r);
  }
  toString = (): string => 'checkpoint';
}

class RestartCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly clean: boolean) {}
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    await r.sm.close({ checkpoint: this.clean });
    r.sm = await openGroup(r, r.prefix);
    expect(r.sm.recovery.mode).toBe('checkpoint');
    await check(m, r);
  }
  toString = (): string => `restart ${this.clean ? 'clean' : 'crash-like'}`;
}

class HandOffCmd implements fc.AsyncCommand<Model, Real> {
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    // Snapshot into a brand-new group and continue on it, as a new replica would.
    const snap = await r.sm.createSnapshot();
    const chunks: SnapshotChunk[] = [];
    for await (const c of snap.chunks()) chunks.push(c);
    await snap.close();
    const prefix = `g${++r.groups}`;
    const fresh = await openGroup(r, prefix);
    await fresh.restore(chunks);
    await r.sm.close();
    r.sm = fresh;
    r.prefix = prefix;
    await check(m, r);
  }
  toString = (): string => 'snapshot hand-off';
}

const vector = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: DIM, maxLength: DIM });
const id = fc.constantFrom(...IDS);
const cond = fc.constantFrom<Cond>('none', 'none', 'absent', 'current', 'stale');
const commands = [
  fc.array(fc.record({ id, vector, p: fc.integer({ min: 0, max: 2 }), cond }), { minLength: 1, maxLength: 4 }).map((items) => new UpsertCmd(items)),
  fc.array(fc.record({ id, cond }), { minLength: 1, maxLength: 3 }).map((items) => new DeleteCmd(items)),
  fc.nat().map((n) => new ReapplyCmd(n)),
  fc.constant(new CheckpointCmd()),
  fc.boolean().map((clean) => new RestartCmd(clean)),
  fc.constant(new HandOffCmd()),
];

describe('vector state machine against an in-memory model', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('agrees after every step of random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const env = await makeEnv({ dimension: DIM });
        const real: Real = { env, sm: await env.open(), prefix: 'g1', groups: 1 };
        try {
          await fc.asyncModelRun(() => ({ model: { records: new Map(), applied: 0, history: [] }, real }), cmds);
        } finally {
          await real.sm.close({ checkpoint: false });
          await env.dispose();
        }
      }),
      { numRuns: 25 },
    );
    // Guards against a vacuous property (runs with no commands), not a coverage target: the
    // number of steps depends on the seed (about 90 to 300 across seeds).
    expect(stepsRun).toBeGreaterThan(25);
  });
});
