/**
 * `register`: a few keys, each one record (`reg-<key>`, payload `{v}`); reads, blind writes of
 * unique values, and compare-and-set as an upsert conditional on the version a read returned
 * (values are unique, so version and value name the same write). Writes go through the client
 * that never retries. Checked for linearizability per key.
 */
import { checkRegisterHistory } from '../checkers/register-checker.js';
import type { HistoryEvent, HistoryRecorder } from '../history.js';
import type { Rng } from '../rng.js';
import { COLLECTION, failure, recordFinal, shardingOptions, untilOk, type CheckSummary, type Clients, type OpResult, type OpSpec, type Workload, type WorkloadOptions } from './workload.js';

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];
const VECTOR = [0, 0];
const IDS = KEYS.map((k) => `reg-${k}`);

/** `shards - 1` of the record ids, evenly spaced: 2 shards split at reg-k2 ({k0, k1} | {k2, k3, k4}). At most 5 shards. */
export function registerSplitKeys(shards: number): string[] {
  if (!(shards >= 1 && shards <= KEYS.length)) throw new Error(`--shards: the register workload's ${KEYS.length} keys make 1 to ${KEYS.length} ranges, not ${shards}`);
  return Array.from({ length: shards - 1 }, (_, i) => IDS[Math.floor(((i + 1) * KEYS.length) / shards)]!);
}

export class RegisterWorkload implements Workload {
  readonly name = 'register';
  /** The (value, version) each process last read per key: what its next cas compares with. */
  private readonly seen = new Map<string, { value: string | null; version: number; atMs: number }>();
  private counter = 0;

  constructor(private readonly o: WorkloadOptions) {}

  async setup(clients: Clients): Promise<void> {
    await untilOk(() => clients.retrying.createCollection(COLLECTION, { dimension: 2, replicas: 3, ...shardingOptions(this.o, registerSplitKeys) }), 30_000);
  }

  ids(): readonly string[] {
    return IDS;
  }

  next(process: number, rng: Rng): OpSpec {
    const key = rng.pick(KEYS);
    const r = rng.next();
    const seen = this.seen.get(`${process}/${key}`);
    if (r < 0.5 || (r >= 0.8 && seen === undefined)) return { f: 'read', key, value: null };
    const value = `${process}.${this.counter++}`;
    if (r < 0.8) return { f: 'write', key, value };
    return { f: 'cas', key, value: [seen!.value, value] };
  }

  async invoke(clients: Clients, process: number, op: OpSpec): Promise<OpResult> {
    const key = op.key!;
    const id = `reg-${key}`;
    const memo = `${process}/${key}`;
    switch (op.f) {
      case 'read':
        try {
          const atMs = Date.now();
          const r = await clients.retrying.get(COLLECTION, [id], { consistency: this.o.consistency, withVectors: false });
          const rec = r.records[0];
          const value = rec === undefined ? null : (rec.payload['v'] as string);
          this.seen.set(memo, { value, version: rec?.version ?? 0, atMs });
          return { type: 'ok', value };
        } catch (e) {
          return failure(e, false);
        }
      case 'write':
        this.seen.delete(memo);
        try {
          await clients.once.upsert(COLLECTION, [{ id, vector: VECTOR, payload: { v: op.value as string } }], { ack: this.o.ack });
          return { type: 'ok', value: op.value };
        } catch (e) {
          return failure(e, true);
        }
      case 'cas': {
        const seen = this.seen.get(memo);
        this.seen.delete(memo);
        if (seen === undefined) throw new Error('register: cas without a prior read (a generator bug)');
        const [, to] = op.value as [string | null, string];
        try {
          const r = await clients.once.upsert(COLLECTION, [{ id, vector: VECTOR, payload: { v: to }, ifVersion: seen.version }], { ack: this.o.ack });
          const status = r.results[0]?.status;
          if (status === 'condition_failed') {
            // After a reshard the version names another write of the same value, or none: the failure
            // then says nothing about the value (the checker reads only "condition_failed…" as an observation).
            const renumbered = this.o.reshards === true && (this.o.mayHaveResharded?.(seen.atMs, Date.now()) ?? true);
            const error = renumbered ? `version mismatch, not an observation (the collection may have been resharded since the read): condition_failed (read version ${seen.version}, now ${r.results[0]!.version})` : `condition_failed (version now ${r.results[0]!.version})`;
            return { type: 'fail', value: op.value, error };
          }
          return { type: 'ok', value: op.value };
        } catch (e) {
          return failure(e, true);
        }
      }
      default:
        throw new Error(`register: unknown f ${op.f}`);
    }
  }

  async final(clients: Clients, history: HistoryRecorder, finalProcess: number): Promise<void> {
    for (const key of KEYS) {
      await recordFinal(history, finalProcess, { f: 'read', key, value: null }, async () => {
        const r = await untilOk(() => clients.retrying.get(COLLECTION, [`reg-${key}`], { consistency: 'linearizable', withVectors: false, timeoutMs: 5_000 }), 30_000);
        return r.records[0] === undefined ? null : (r.records[0].payload['v'] as string);
      });
    }
  }

  check(events: readonly HistoryEvent[]): CheckSummary {
    const r = checkRegisterHistory(events);
    return { valid: r.valid, anomalies: r.anomalies, details: { keys: r.keys, operations: r.operations, searchSteps: r.steps, checkMs: Math.round(r.ms) } };
  }
}
