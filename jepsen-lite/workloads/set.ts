/**
 * `set`: unique adds (element n is record `s<n>`), reads of the last elements during the run,
 * and a final linearizable read of every element after healing. Adds are unconditional upserts
 * of distinct ids: retrying one is safe, so they go through the retrying client.
 */
import { checkSetHistory, type SetReadRange } from '../checkers/set-checker.js';
import type { HistoryEvent, HistoryRecorder } from '../history.js';
import type { Rng } from '../rng.js';
import { COLLECTION, digitSplitKeys, failure, recordFinal, shardingOptions, untilOk, type CheckSummary, type Clients, type OpResult, type OpSpec, type Workload, type WorkloadOptions } from './workload.js';

/** A read during the run asks for at most this many of the latest elements. */
const READ_WINDOW = 300;
/** Ids per final get. */
const FINAL_CHUNK = 1_000;

export class SetWorkload implements Workload {
  readonly name = 'set';
  private nextElement = 0;

  constructor(private readonly o: WorkloadOptions) {}

  async setup(clients: Clients): Promise<void> {
    await untilOk(() => clients.retrying.createCollection(COLLECTION, { dimension: 2, replicas: 3, ...shardingOptions(this.o, (n) => digitSplitKeys('s', n)) }), 30_000);
  }

  ids(): readonly string[] {
    return Array.from({ length: this.nextElement }, (_, i) => `s${i}`);
  }

  next(_process: number, rng: Rng): OpSpec {
    if (rng.next() < 0.15 && this.nextElement > 0) {
      const to = this.nextElement;
      return { f: 'read', value: { from: Math.max(0, to - READ_WINDOW), to } satisfies SetReadRange };
    }
    return { f: 'add', value: this.nextElement++ };
  }

  async invoke(clients: Clients, _process: number, op: OpSpec): Promise<OpResult> {
    if (op.f === 'add') {
      const e = op.value as number;
      try {
        await clients.retrying.upsert(COLLECTION, [{ id: `s${e}`, vector: [e % 97, 1], payload: { e } }], { ack: this.o.ack });
        return { type: 'ok', value: e };
      } catch (err) {
        return failure(err, true);
      }
    }
    const { from, to } = op.value as SetReadRange;
    try {
      const r = await clients.retrying.get(COLLECTION, Array.from({ length: to - from }, (_, i) => `s${from + i}`), { consistency: this.o.consistency, withVectors: false });
      return { type: 'ok', value: r.records.map((x) => Number(x.id.slice(1))).sort((a, b) => a - b) };
    } catch (err) {
      return failure(err, false);
    }
  }

  async final(clients: Clients, history: HistoryRecorder, finalProcess: number): Promise<void> {
    const to = this.nextElement;
    await recordFinal(history, finalProcess, { f: 'final-read', value: { from: 0, to } }, () => finalRead(clients, 's', to));
  }

  check(events: readonly HistoryEvent[]): CheckSummary {
    const r = checkSetHistory(events);
    return {
      valid: r.valid, anomalies: r.anomalies,
      details: { attempted: r.attempted, acknowledged: r.acknowledged, lost: r.lost.length, unexpected: r.unexpected.length, recovered: r.recovered.length, staleReads: r.staleReads },
    };
  }
}

/** Every element in [0, to) present in the collection, by a linearizable read after healing. */
export async function finalRead(clients: Clients, prefix: string, to: number): Promise<number[]> {
  const present: number[] = [];
  for (let from = 0; from < to; from += FINAL_CHUNK) {
    const ids = Array.from({ length: Math.min(FINAL_CHUNK, to - from) }, (_, i) => `${prefix}${from + i}`);
    const r = await untilOk(() => clients.retrying.get(COLLECTION, ids, { consistency: 'linearizable', withVectors: false, timeoutMs: 10_000 }), 60_000);
    for (const rec of r.records) present.push(Number(rec.id.slice(prefix.length)));
  }
  return present.sort((a, b) => a - b);
}
