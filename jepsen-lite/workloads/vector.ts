/**
 * `vector`: upserts of unique random vectors (element n is record `v<n>`, 8 dimensions, l2) into
 * a collection kept small (at most 2,000 elements) and searched with ef 512, so that a search
 * for an element's own vector is exact: it must come back at distance 0. A search is for an
 * element whose upsert was acknowledged when the search was generated.
 */
import { checkVectorHistory, type VectorSearchInput } from '../checkers/vector-checker.js';
import type { HistoryEvent, HistoryRecorder } from '../history.js';
import { Rng } from '../rng.js';
import { finalRead } from './set.js';
import { COLLECTION, digitSplitKeys, failure, recordFinal, shardingOptions, untilOk, type CheckSummary, type Clients, type OpResult, type OpSpec, type Workload, type WorkloadOptions } from './workload.js';

const DIM = 8;
const ELEMENTS_MAX = 2_000;
const SEARCH_EF = 512;
const FINAL_SEARCHES = 50;

export class VectorWorkload implements Workload {
  readonly name = 'vector';
  private nextElement = 0;
  private readonly acked: number[] = [];

  constructor(private readonly o: WorkloadOptions) {}

  /** Element n's vector: a function of the seed and n alone. */
  vectorOf(n: number): number[] {
    const rng = new Rng((this.o.seed * 1_000_003 + n) >>> 0);
    return Array.from({ length: DIM }, () => Math.round(rng.next() * 2_000 - 1_000) / 100);
  }

  async setup(clients: Clients): Promise<void> {
    await untilOk(() => clients.retrying.createCollection(COLLECTION, { dimension: DIM, metric: 'l2', ef: SEARCH_EF, replicas: 3, ...shardingOptions(this.o, (n) => digitSplitKeys('v', n)) }), 30_000);
  }

  ids(): readonly string[] {
    return Array.from({ length: this.nextElement }, (_, i) => `v${i}`);
  }

  next(_process: number, rng: Rng): OpSpec {
    if ((rng.next() < 0.4 || this.nextElement >= ELEMENTS_MAX) && this.acked.length > 0) {
      return { f: 'search', value: { target: rng.pick(this.acked) } satisfies VectorSearchInput };
    }
    return { f: 'upsert', value: this.nextElement++ };
  }

  private async search(clients: Clients, target: number, consistency: WorkloadOptions['consistency']): Promise<number[]> {
    const hits = await clients.retrying.search(COLLECTION, this.vectorOf(target), { k: 5, ef: SEARCH_EF, consistency, withPayload: false });
    return hits.map((h) => Number(h.id.slice(1)));
  }

  async invoke(clients: Clients, _process: number, op: OpSpec): Promise<OpResult> {
    if (op.f === 'upsert') {
      const e = op.value as number;
      try {
        await clients.retrying.upsert(COLLECTION, [{ id: `v${e}`, vector: this.vectorOf(e) }], { ack: this.o.ack });
        this.acked.push(e);
        return { type: 'ok', value: e };
      } catch (err) {
        return failure(err, true);
      }
    }
    try {
      return { type: 'ok', value: await this.search(clients, (op.value as VectorSearchInput).target, this.o.consistency) };
    } catch (err) {
      return failure(err, false);
    }
  }

  async final(clients: Clients, history: HistoryRecorder, finalProcess: number): Promise<void> {
    const to = this.nextElement;
    await recordFinal(history, finalProcess, { f: 'final-read', value: { from: 0, to } }, () => finalRead(clients, 'v', to));
    const rng = new Rng(this.o.seed + 17);
    for (let i = 0; i < Math.min(FINAL_SEARCHES, this.acked.length); i++) {
      const target = rng.pick(this.acked);
      await recordFinal(history, finalProcess, { f: 'final-search', value: { target } }, () => untilOk(() => this.search(clients, target, 'linearizable'), 30_000));
    }
  }

  check(events: readonly HistoryEvent[]): CheckSummary {
    const r = checkVectorHistory(events);
    return {
      valid: r.valid, anomalies: r.anomalies,
      details: { acknowledged: r.acknowledged, searches: r.searches, searchMisses: r.searchMisses, lost: r.lost.length, recovered: r.recovered.length },
    };
  }
}
