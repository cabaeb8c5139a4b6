/**
 * The load-generating client of bench/cluster-bench.ts, in a process of its own (never in the
 * process that hosts the servers or their proxies):
 *
 *   node --import tsx bench/cluster/load-client.ts '<ClientJob JSON>'
 *
 * It speaks the wire with raw grpc-js clients (src/wire), one channel per target, and prints
 * its answer (bench/cluster/jobs.ts) as JSON on the last line of stdout.
 */
import * as grpc from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import type { UpsertRequest } from '../../src/wire/gen/vstudio/v1/UpsertRequest.js';
import type { UpsertResponse__Output } from '../../src/wire/gen/vstudio/v1/UpsertResponse.js';
import type { SearchResponse__Output } from '../../src/wire/gen/vstudio/v1/SearchResponse.js';
import type { VectorServiceClient } from '../../src/wire/gen/vstudio/v1/VectorService.js';
import { vstudioV1 } from '../../src/wire/proto.js';
import { vectorToBytes } from '../../src/wire/vectors.js';
import { loadTest, loadTrain, toFloat32 } from '../fashion-mnist.js';
import {
  ACK_WIRE, CONSISTENCY_WIRE, ECHO_PATH, epochMs, latencyOf,
  type ClientJob, type EchoJob, type FailoverJob, type FailoverResult, type FailoverWrite, type IngestJob, type LoadResult,
  type SearchJob, type SearchResult, type WriteJob,
} from './jobs.js';

const CHANNEL_OPTIONS: grpc.ChannelOptions = { 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc.max_send_message_length': 64 * 1024 * 1024 };

const v1 = vstudioV1();
const serializeUpsert = v1.VectorService.service.Upsert!.requestSerialize as (req: UpsertRequest) => Buffer;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function vectorClient(address: string): VectorServiceClient {
  return new v1.VectorService(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
}

function deadline(ms: number): grpc.CallOptions {
  return { deadline: new Date(Date.now() + ms) };
}

function codeName(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? (grpc.status[code] ?? String(code)) : 'CLIENT_ERROR';
}

function messageOf(e: unknown): string {
  const details = (e as { details?: unknown }).details;
  return typeof details === 'string' ? details : e instanceof Error ? e.message : String(e);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

class Errors {
  readonly byCode: Record<string, { count: number; first: string }> = {};
  add(e: unknown): string {
    const code = codeName(e);
    const entry = this.byCode[code] ?? { count: 0, first: messageOf(e).slice(0, 300) };
    entry.count++;
    this.byCode[code] = entry;
    return code;
  }
}

/** Deterministic random floats in [-1, 1): a 32-bit LCG per worker, so runs send the same data. */
class Floats {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  vector(dimension: number): Float32Array {
    const out = new Float32Array(dimension);
    let s = this.state;
    for (let i = 0; i < dimension; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = s / 2 ** 31 - 1;
    }
    this.state = s;
    return out;
  }
}

function upsertRequest(collection: string, ack: WriteJob['ack'], ids: readonly string[], floats: Floats, dimension: number): UpsertRequest {
  return {
    collection, ack: ACK_WIRE[ack],
    items: ids.map((id) => ({ record: { id, vector: vectorToBytes(floats.vector(dimension)) } })),
  };
}

/**
 * Runs `concurrency` closed-loop workers for warm-up + duration. A request counts (and its
 * latency with it) when it completes inside the measured window.
 */
async function closedLoop(job: WriteJob | EchoJob, send: (worker: number, seq: number) => Promise<void>): Promise<Omit<LoadResult, 'requestBytes' | 'clientCpuMs'>> {
  const start = performance.now();
  const from = start + job.warmupMs;
  const until = from + job.durationMs;
  // The bench samples the servers' CPU time at these two lines.
  let ended = false;
  const endWindow = (): void => {
    if (!ended) process.stdout.write('WINDOW end\n');
    ended = true;
  };
  setTimeout(() => process.stdout.write('WINDOW start\n'), job.warmupMs);
  const endTimer = setTimeout(endWindow, job.warmupMs + job.durationMs);
  const latencies: number[] = [];
  const errors = new Errors();
  let ok = 0;
  await Promise.all(Array.from({ length: job.concurrency }, async (_, worker) => {
    for (let seq = 0; performance.now() < until; seq++) {
      const t0 = performance.now();
      try {
        await send(worker, seq);
        const t1 = performance.now();
        if (t1 >= from && t1 <= until) {
          ok++;
          latencies.push(t1 - t0);
        }
      } catch (e) {
        const t1 = performance.now();
        if (t1 >= from && t1 <= until) errors.add(e);
        // Pushed back or no leader: do not spin.
        await sleep(10);
      }
    }
  }));
  // The workers may stop a hair before the timer fires: the window ends now, before the answer.
  clearTimeout(endTimer);
  endWindow();
  const elapsedMs = job.durationMs;
  return {
    ok, errors: errors.byCode, elapsedMs, opsPerSec: (ok / elapsedMs) * 1000, recordsPerSec: ((ok * job.batch) / elapsedMs) * 1000,
    latencyMs: latencyOf(latencies),
  };
}

async function runWrite(job: WriteJob): Promise<LoadResult> {
  const client = vectorClient(job.target);
  const floats = Array.from({ length: job.concurrency }, (_, w) => new Floats(job.seed * 7919 + w));
  const ids = (w: number, seq: number): string[] => Array.from({ length: job.batch }, (_, i) => `${job.idPrefix}-${w}-${seq}-${i}`);
  const requestBytes = serializeUpsert(upsertRequest(job.collection, job.ack, ids(0, 0), new Floats(1), job.dimension)).length;
  const send = (w: number, seq: number): Promise<void> => new Promise((resolve, reject) => {
    client.Upsert(upsertRequest(job.collection, job.ack, ids(w, seq), floats[w]!, job.dimension), deadline(10_000), (err: grpc.ServiceError | null, res?: UpsertResponse__Output) => {
      if (err !== null) reject(err);
      else if (res === undefined || Number(res.upserted) !== job.batch) reject(new Error(`upserted ${String(res?.upserted)} of ${job.batch}`));
      else resolve();
    });
  });
  const r = await closedLoop(job, send);
  client.close();
  return { ...r, requestBytes, clientCpuMs: cpuMs() };
}

async function runEcho(job: EchoJob): Promise<LoadResult> {
  const client = new grpc.Client(job.target, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  const floats = Array.from({ length: job.concurrency }, (_, w) => new Floats(job.seed * 7919 + w));
  const ids = (w: number, seq: number): string[] => Array.from({ length: job.batch }, (_, i) => `echo-${w}-${seq}-${i}`);
  const requestBytes = serializeUpsert(upsertRequest('echo', 'majority', ids(0, 0), new Floats(1), job.dimension)).length;
  const identity = (b: Buffer): Buffer => b;
  const send = (w: number, seq: number): Promise<void> => new Promise((resolve, reject) => {
    // The same message the cluster client sends, through the same serializer; echoed back as is.
    const payload = serializeUpsert(upsertRequest('echo', 'majority', ids(w, seq), floats[w]!, job.dimension));
    client.makeUnaryRequest(ECHO_PATH, identity, identity, payload, deadline(10_000), (err, res) => {
      if (err !== null) reject(err);
      else if (res === undefined || res.length !== payload.length) reject(new Error('echo: wrong length'));
      else resolve();
    });
  });
  const r = await closedLoop(job, send);
  client.close();
  return { ...r, requestBytes, clientCpuMs: cpuMs() };
}

async function runIngest(job: IngestJob): Promise<LoadResult> {
  const train = await loadTrain(job.n);
  const dim = train.dimension;
  const data = toFloat32(train);
  const client = vectorClient(job.target);
  const errors = new Errors();
  const latencies: number[] = [];
  let next = 0;
  let requestBytes = 0;
  const started = performance.now();
  const send = (req: UpsertRequest): Promise<UpsertResponse__Output> => new Promise((resolve, reject) => {
    client.Upsert(req, deadline(120_000), (err: grpc.ServiceError | null, res?: UpsertResponse__Output) => (err !== null ? reject(err) : resolve(res!)));
  });
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (next < train.rows) {
      const from = next;
      const to = Math.min(train.rows, from + job.batch);
      next = to;
      const items = [];
      for (let i = from; i < to; i++) items.push({ record: { id: String(i), vector: vectorToBytes(data.subarray(i * dim, (i + 1) * dim)) } });
      const req: UpsertRequest = { collection: job.collection, ack: 'ACK_LEVEL_MAJORITY', items };
      if (requestBytes === 0) requestBytes = serializeUpsert(req).length;
      for (let attempt = 0; ; attempt++) {
        const t0 = performance.now();
        try {
          const res = await send(req);
          if (Number(res.upserted) !== to - from) throw new Error(`upserted ${String(res.upserted)} of ${to - from}`);
          latencies.push(performance.now() - t0);
          break;
        } catch (e) {
          // Upserts are idempotent by id: retrying a write whose outcome is unknown is safe.
          const code = errors.add(e);
          if (attempt >= 20 || !['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED'].includes(code)) throw e;
          await sleep(200);
        }
      }
      if (Math.floor(to / 5_000) !== Math.floor(from / 5_000)) process.stderr.write(`[load-client] ingest ${to} / ${train.rows} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }));
  const elapsedMs = performance.now() - started;
  client.close();
  return {
    ok: latencies.length, errors: errors.byCode, elapsedMs, opsPerSec: (latencies.length / elapsedMs) * 1000,
    recordsPerSec: (train.rows / elapsedMs) * 1000, latencyMs: latencyOf(latencies), requestBytes, clientCpuMs: cpuMs(),
  };
}

async function runSearch(job: SearchJob): Promise<SearchResult> {
  const test = await loadTest(job.queries);
  const dim = test.dimension;
  const data = toFloat32(test);
  const queries = Array.from({ length: test.rows }, (_, q) => vectorToBytes(data.subarray(q * dim, (q + 1) * dim)));
  const clients = job.targets.map(vectorClient);
  const errors = new Errors();
  const read = { consistency: CONSISTENCY_WIRE[job.consistency], maxStalenessMs: job.maxStalenessMs };
  const search = (q: number): Promise<number[]> => new Promise((resolve, reject) => {
    const client = clients[q % clients.length]!;
    client.Search({ collection: job.collection, vector: queries[q]!, k: job.k, ef: job.ef, read }, deadline(10_000), (err: grpc.ServiceError | null, res?: SearchResponse__Output) => {
      if (err !== null) reject(err);
      else resolve((res?.hits ?? []).map((h) => Number(h.id)));
    });
  });
  const passQps: number[] = [];
  const latencies: number[] = [];
  let found: number[][] = [];
  for (let pass = 0; pass < job.warmupPasses + job.passes; pass++) {
    const timed = pass >= job.warmupPasses;
    if (pass === job.warmupPasses) process.stdout.write('WINDOW start\n');
    const answers: number[][] = new Array<number[]>(test.rows);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: job.concurrency }, async () => {
      while (next < test.rows) {
        const q = next++;
        const s = performance.now();
        try {
          answers[q] = await search(q);
          if (timed) latencies.push(performance.now() - s);
        } catch (e) {
          answers[q] = [];
          if (timed) errors.add(e);
        }
      }
    }));
    const ms = performance.now() - t0;
    if (timed) {
      passQps.push((test.rows / ms) * 1000);
      if (found.length === 0) found = answers;
    }
  }
  process.stdout.write('WINDOW end\n');
  for (const c of clients) c.close();
  return { passQps, latencyMs: latencyOf(latencies), found, errors: errors.byCode, clientCpuMs: cpuMs() };
}

async function runFailover(job: FailoverJob): Promise<FailoverResult> {
  const client = vectorClient(job.target);
  const floats = new Floats(4242);
  const writes: FailoverWrite[] = [];
  const pending = new Set<Promise<void>>();
  let seq = 0;
  let ready = false;
  const fire = (): void => {
    const id = `${job.idPrefix}-${seq++}`;
    const sentAt = epochMs();
    const p = new Promise<void>((resolve) => {
      client.Upsert(upsertRequest(job.collection, 'majority', [id], floats, job.dimension), deadline(job.timeoutMs), (err: grpc.ServiceError | null, res?: UpsertResponse__Output) => {
        const doneAt = epochMs();
        if (err === null) {
          writes.push({ sentAt, doneAt, ok: true, index: Number(res?.index ?? 0), code: 'OK' });
          if (!ready) {
            ready = true;
            process.stdout.write('READY\n');
          }
        } else {
          writes.push({ sentAt, doneAt, ok: false, index: 0, code: codeName(err) });
        }
        resolve();
      });
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };
  const timer = setInterval(fire, job.intervalMs);
  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() === 'stop') {
        rl.close();
        resolve();
      }
    });
    rl.on('close', () => resolve());
  });
  clearInterval(timer);
  await Promise.all([...pending]);
  client.close();
  return { writes: writes.sort((a, b) => a.sentAt - b.sentAt) };
}

function run(job: ClientJob): Promise<unknown> {
  switch (job.kind) {
    case 'write': return runWrite(job);
    case 'echo': return runEcho(job);
    case 'ingest': return runIngest(job);
    case 'search': return runSearch(job);
    case 'failover': return runFailover(job);
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as ClientJob;
run(job).then((result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}, (e: unknown) => {
  process.stderr.write(`[load-client] ${job.kind}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
