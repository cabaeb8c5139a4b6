import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_CONF_STATE, MemoryStorage, StorageError, type ConfState, type Snapshot,
} from '../../../src/raft/index.js';
import { KeyKind, bootstrapWrite, groupKeyRange, type LevelLogStorage } from '../../../src/store/log/index.js';
import { levelHarness } from './level-harness.js';
import { dump, ents } from './log-storage-compliance.js';

/**
 * Random sequences of appends, conflicting overwrites, snapshots, compactions, snapshot installs,
 * restarts and crashes with a write in flight keep the LevelDB store equal to a MemoryStorage
 * model — in what it reads and in what it keeps on disk (no stale or missing entry keys).
 */

const GROUPS = [1, 2] as const;
const CONF: ConfState = { ...EMPTY_CONF_STATE, voters: [1, 2, 3] };

type Command =
  | { readonly kind: 'append'; readonly group: number; readonly back: number; readonly count: number; readonly term: number; readonly bytes: number }
  | { readonly kind: 'gap'; readonly group: number }
  | { readonly kind: 'hard-state'; readonly group: number; readonly term: number; readonly vote: number; readonly commit: number }
  | { readonly kind: 'snapshot-compact'; readonly group: number; readonly at: number; readonly keep: number }
  | { readonly kind: 'install'; readonly group: number; readonly ahead: number; readonly term: number }
  | { readonly kind: 'restart' }
  | { readonly kind: 'crash-in-flight'; readonly group: number };

const group = fc.constantFrom(...GROUPS);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('append' as const), group, back: fc.nat(6), count: fc.integer({ min: 1, max: 6 }), term: fc.integer({ min: 2, max: 6 }), bytes: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gap' as const), group }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hard-state' as const), group, term: fc.nat(9), vote: fc.nat(3), commit: fc.nat(30) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('snapshot-compact' as const), group, at: fc.double({ min: 0, max: 1, noNaN: true }), keep: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('install' as const), group, ahead: fc.nat(4), term: fc.integer({ min: 2, max: 8 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'restart' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash-in-flight' as const), group }) },
);

function modelDump(m: MemoryStorage): ReturnType<typeof dump> {
  const first = m.firstIndex();
  const last = m.lastIndex();
  const terms: number[] = [];
  for (let i = first - 1; i <= last; i++) terms.push(m.term(i));
  const snap = m.snapshot();
  const init = m.initialState();
  return {
    first, last, terms,
    entries: m.entries(first, last + 1, Number.POSITIVE_INFINITY).map((e) => ({ ...e, data: Uint8Array.from(e.data) })),
    hardState: { ...init.hardState }, snapshot: snap.metadata, snapshotData: [...snap.data],
    confState: init.confState, applied: 0,
  };
}

async function entryKeys(store: LevelLogStorage, g: number): Promise<number[]> {
  const out: number[] = [];
  for await (const key of store.database.keys<Uint8Array>({ ...groupKeyRange(g), keyEncoding: 'view' })) {
    if (key[9] === KeyKind.Entry) out.push(Buffer.from(key).readUIntBE(12, 6));
  }
  return out;
}

async function run(commands: readonly Command[]): Promise<void> {
  const h = await levelHarness();
  let store = await h.open();
  const models = new Map<number, MemoryStorage>();
  try {
    for (const g of GROUPS) {
      models.set(g, MemoryStorage.bootstrap(CONF));
      await store.write(g, bootstrapWrite(CONF));
    }
    for (const c of commands) {
      if (c.kind === 'restart') {
        await store.close();
        store = await h.open();
      } else {
        const m = models.get(c.group)!;
        switch (c.kind) {
          case 'append': {
            const from = Math.max(1, m.lastIndex() + 1 - c.back);
            const batch = ents(from, from + c.count - 1, c.term, c.bytes);
            m.append(batch);
            await store.write(c.group, { entries: batch });
            break;
          }
          case 'gap': {
            const batch = ents(m.lastIndex() + 2, m.lastIndex() + 2, 9);
            expect(() => m.append(batch)).toThrow(StorageError);
            await expect(store.write(c.group, { entries: batch })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
            break;
          }
          case 'hard-state': {
            const hs = { term: c.term, vote: c.vote, commit: c.commit };
            m.setHardState(hs);
            await store.write(c.group, { hardState: hs });
            break;
          }
          case 'snapshot-compact': {
            const snapIndex = m.snapshot().metadata.index;
            if (m.lastIndex() <= snapIndex) break;
            const at = snapIndex + 1 + Math.floor(c.at * (m.lastIndex() - snapIndex - 1));
            const data = Uint8Array.of(at & 0xff, c.keep);
            m.createSnapshot(at, CONF, data);
            expect((await store.createSnapshot(c.group, at, CONF, data)).metadata).toEqual(m.snapshot().metadata);
            const upTo = Math.max(m.firstIndex() - 1, at - c.keep);
            m.compact(upTo);
            await store.compact(c.group, upTo);
            break;
          }
          case 'install': {
            const snapshot: Snapshot = {
              metadata: { index: m.lastIndex() + c.ahead + 1, term: c.term, confState: { ...CONF, learners: [c.ahead + 4] } },
              data: Uint8Array.of(c.term),
            };
            m.applySnapshot(snapshot);
            await store.write(c.group, { snapshot });
            break;
          }
          case 'crash-in-flight': {
            // Submitted but never flushed: a crash takes it back; the model never saw it.
            const lost = store.write(c.group, { entries: ents(m.lastIndex() + 1, m.lastIndex() + 3, 9), hardState: { term: 99, vote: 1, commit: 0 } });
            const settled = lost.then(() => 'resolved', (err: { code?: string }) => err.code);
            await store.crash();
            expect(await settled).toBe('CRASHED');
            store = await h.open();
            break;
          }
        }
      }
      for (const g of GROUPS) {
        const m = models.get(g)!;
        const { applied: _a, ...actual } = dump(store, g);
        const { applied: _b, ...expected } = modelDump(m);
        expect(actual).toEqual(expected);
        const live: number[] = [];
        for (let i = m.firstIndex(); i <= m.lastIndex(); i++) live.push(i);
        expect(await entryKeys(store, g)).toEqual(live);
      }
    }
  } finally {
    await store.close();
    await h.dispose();
  }
}

describe('LevelLogStorage against a MemoryStorage model', () => {
  it('stays equal under random appends, overwrites, compactions, snapshots, restarts and crashes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), run), { numRuns: 60 });
  });
});
