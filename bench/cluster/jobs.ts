/**
 * What bench/cluster-bench.ts asks of its child processes (bench/cluster/load-client.ts, the echo
 * server, the in-process hnswlib baseline) and what they answer, as JSON: a job goes in as the
 * process's one argument, the answer comes back as the last line of its stdout.
 */

/** The path of the echo server's one method (bench/cluster/echo-server.ts). */
export const ECHO_PATH = '/vstudio.bench.v1.Echo/Echo';

export type AckName = 'async' | 'majority' | 'all';
export type ConsistencyName = 'linearizable' | 'lease' | 'follower';

export const ACK_WIRE: Record<AckName, 'ACK_LEVEL_ASYNC' | 'ACK_LEVEL_MAJORITY' | 'ACK_LEVEL_ALL'> = {
  async: 'ACK_LEVEL_ASYNC', majority: 'ACK_LEVEL_MAJORITY', all: 'ACK_LEVEL_ALL',
};

export const CONSISTENCY_WIRE: Record<ConsistencyName, 'CONSISTENCY_LINEARIZABLE' | 'CONSISTENCY_LEASE' | 'CONSISTENCY_FOLLOWER'> = {
  linearizable: 'CONSISTENCY_LINEARIZABLE', lease: 'CONSISTENCY_LEASE', follower: 'CONSISTENCY_FOLLOWER',
};

/** A closed-loop load: `concurrency` workers, each sending its next request when the last one returned. */
interface Timed {
  readonly concurrency: number;
  /** Requests before this are not counted (JIT, connection set-up, leader caches). */
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Upserts of fresh random records (ids never repeat) to one node, at one ack level. */
export interface WriteJob extends Timed {
  readonly kind: 'write';
  readonly target: string;
  readonly collection: string;
  readonly dimension: number;
  readonly batch: number;
  readonly ack: AckName;
  readonly idPrefix: string;
  readonly seed: number;
}

/**
 * The baseline of a write cell: the same UpsertRequest, encoded by the same protobuf serializer,
 * sent as raw bytes to a grpc-js server that sends them straight back (no decode, no work).
 */
export interface EchoJob extends Timed {
  readonly kind: 'echo';
  readonly target: string;
  readonly dimension: number;
  readonly batch: number;
  readonly seed: number;
}

/** Fashion-MNIST training rows 0..n-1 as records "0".."n-1", in order, `concurrency` batches in flight. */
export interface IngestJob {
  readonly kind: 'ingest';
  readonly target: string;
  readonly collection: string;
  readonly n: number;
  readonly batch: number;
  readonly concurrency: number;
}

/** The first `queries` Fashion-MNIST test images, `passes` times over, spread round-robin over `targets`. */
export interface SearchJob {
  readonly kind: 'search';
  readonly targets: readonly string[];
  readonly collection: string;
  readonly consistency: ConsistencyName;
  readonly maxStalenessMs: number;
  readonly ef: number;
  readonly k: number;
  readonly queries: number;
  readonly concurrency: number;
  readonly warmupPasses: number;
  readonly passes: number;
}

/**
 * Open loop for the failover trials: one majority upsert every `intervalMs` through `target`
 * (a node that is not killed), whatever is still outstanding, until "stop" arrives on stdin.
 * Prints READY once the first write was acknowledged.
 */
export interface FailoverJob {
  readonly kind: 'failover';
  readonly target: string;
  readonly collection: string;
  readonly dimension: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly idPrefix: string;
}

export type ClientJob = WriteJob | EchoJob | IngestJob | SearchJob | FailoverJob;

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** The answer to a write, echo or ingest job. */
export interface LoadResult {
  /** Requests that succeeded inside the measured window. */
  readonly ok: number;
  /** Failed requests by gRPC status name (with the first message of each). */
  readonly errors: Record<string, { count: number; first: string }>;
  readonly elapsedMs: number;
  readonly opsPerSec: number;
  readonly recordsPerSec: number;
  readonly latencyMs: Latency;
  readonly requestBytes: number;
  /** CPU time of the client process over the whole job (user + system). */
  readonly clientCpuMs: number;
}

/** The answer to a search job. */
export interface SearchResult {
  /** Queries per second of each timed pass. */
  readonly passQps: readonly number[];
  readonly latencyMs: Latency;
  /** Row ids found for each query, in the first timed pass. */
  readonly found: readonly (readonly number[])[];
  readonly errors: Record<string, { count: number; first: string }>;
  readonly clientCpuMs: number;
}

/** One write of a failover trial: epoch milliseconds (performance.timeOrigin + now()). */
export interface FailoverWrite {
  readonly sentAt: number;
  /** When the answer came; -1 if none came before the job stopped. */
  readonly doneAt: number;
  readonly ok: boolean;
  /** The Raft index of an acknowledged write, else the gRPC status name. */
  readonly index: number;
  readonly code: string;
}

export interface FailoverResult {
  readonly writes: readonly FailoverWrite[];
}

/** The job of bench/cluster/hnsw-baseline.ts. */
export interface BaselineJob {
  readonly n: number;
  readonly queries: number;
  readonly m: number;
  readonly efConstruction: number;
  readonly seed: number;
  readonly k: number;
  readonly efs: readonly number[];
  readonly passes: number;
}

export interface BaselineResult {
  readonly buildSeconds: number;
  /** Per ef: QPS of each pass (one thread, queries one after the other) and the ids of the first pass. */
  readonly search: Record<string, { readonly passQps: readonly number[]; readonly found: readonly (readonly number[])[] }>;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function latencyOf(samples: readonly number[]): Latency {
  const s = Float64Array.from(samples).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.length === 0 ? NaN : sum / s.length, max: s.length === 0 ? NaN : s[s.length - 1]! };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
