/**
 * Child process of the crash test: writes to an embedded store as fast as it can and reports on
 * stdout, one JSON line each, the write it is about to make (`intent`) and each write that was
 * acknowledged (`ack`). The parent kills it with SIGKILL at a random moment.
 *
 *   node --import tsx test/embedded/crash-writer.ts DIR FIRST_GEN SEED
 */
import { VectorStudio } from '../../src/embedded/vector-studio.js';
import { crashRecord, CRASH_COLLECTION, CRASH_DIMENSION, CRASH_IDS } from './crash-model.js';

const [dir, firstGenArg, seedArg] = process.argv.slice(2);
if (dir === undefined || firstGenArg === undefined || seedArg === undefined) {
  process.stderr.write('usage: crash-writer.ts DIR FIRST_GEN SEED\n');
  process.exit(2);
}
let gen = Number(firstGenArg);
let seed = Number(seedArg) >>> 0;
const rand = (n: number): number => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
  return seed % n;
};

const store = await VectorStudio.open({ dir, tickMs: 20, compactEveryEntries: 50, checkpointEveryEntries: 40 });
if (!store.listCollections().some((c) => c.name === CRASH_COLLECTION)) {
  await store.createCollection(CRASH_COLLECTION, { dimension: CRASH_DIMENSION, m: 8, efConstruction: 64 });
}
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for (;;) {
  gen++;
  const ids = [...new Set(Array.from({ length: 1 + rand(8) }, () => CRASH_IDS[rand(CRASH_IDS.length)]!))];
  const op = rand(5) === 0 ? 'delete' : 'upsert';
  process.stdout.write(`${JSON.stringify({ intent: { gen, op, ids } })}\n`);
  if (op === 'delete') await store.delete(CRASH_COLLECTION, ids);
  else await store.upsert(CRASH_COLLECTION, ids.map((id) => crashRecord(id, gen)));
  process.stdout.write(`${JSON.stringify({ ack: gen })}\n`);
}
