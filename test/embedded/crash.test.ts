import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { VectorStudio } from '../../src/embedded/vector-studio.js';
import { CrashModel, CRASH_COLLECTION, CRASH_IDS, type Intent } from './crash-model.js';
import { tempDir } from './temp-dir.js';

const KILLS = Number(process.env['CRASH_KILLS'] ?? 20);
const SEED = Number(process.env['CRASH_SEED'] ?? 7);
const WRITER = new URL('./crash-writer.ts', import.meta.url).pathname;
/** Generations are stored in float32 vectors: keep them below 2^24, where float32 is exact. */
const GENS_PER_ROUND = 100_000;
if (KILLS * GENS_PER_ROUND >= 2 ** 24) throw new Error(`CRASH_KILLS=${KILLS} is too many for exact float32 generations`);

/** Starts the writer, lets it run `runMs` after it is ready, kills it with SIGKILL; returns its reports. */
async function runAndKill(dir: string, firstGen: number, seed: number, runMs: number, model: CrashModel): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(firstGen), String(seed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  let acks = 0;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const linesClosed = new Promise<void>((resolve) => lines.once('close', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: true; intent?: Intent; ack?: number };
      if (msg.ready) resolve();
      if (msg.intent) model.intend(msg.intent);
      if (msg.ack !== undefined) {
        model.ack(msg.ack);
        acks++;
      }
    });
    child.on('exit', (code, signal) => reject(new Error(`writer exited early (${code ?? signal}): ${stderr}`)));
  });
  await ready;
  await new Promise((r) => setTimeout(r, runMs));
  child.kill('SIGKILL');
  await exited;
  // Lines written before the kill may still be in the pipe: read them all.
  await linesClosed;
  return acks;
}

describe('crash safety of the embedded store (kill -9)', () => {
  it(`keeps every acknowledged write through ${KILLS} kills at random moments, and HNSW agrees with LevelDB`, async () => {
    const { dir, dispose } = await tempDir('vstudio-crash-');
    const model = new CrashModel();
    let seed = SEED;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let totalAcks = 0;
    try {
      for (let round = 0; round < KILLS; round++) {
        totalAcks += await runAndKill(dir, round * GENS_PER_ROUND, next(1 << 30), 50 + next(400), model);
        const store = await VectorStudio.open({ dir });
        try {
          const got = store.get(CRASH_COLLECTION, CRASH_IDS);
          const actual = new Map<string, number | null>(CRASH_IDS.map((id) => [id, null]));
          for (const r of got.records) {
            const gen = (r.payload as { gen: number }).gen;
            expect(r.vector[0], `${r.id}: the vector and payload come from one write`).toBe(gen);
            actual.set(r.id, gen);
          }
          for (const id of CRASH_IDS) {
            expect(model.allowed(id), `round ${round} (seed ${SEED}): ${id}`).toContain(actual.get(id));
          }
          // The index agrees with the records: every live record indexed with its vector, nothing else live.
          const check = store.verifyIndex(CRASH_COLLECTION);
          expect(check.problems, `round ${round}`).toEqual([]);
          expect(check.indexedLive).toBe(got.records.length);
          expect(store.count(CRASH_COLLECTION)).toBe(got.records.length);
          model.settle(actual);
        } finally {
          await store.close();
        }
      }
      // A crash test that acknowledged nothing would prove nothing.
      expect(totalAcks).toBeGreaterThan(KILLS * 5);
    } finally {
      await dispose();
    }
  }, 300_000);
});
