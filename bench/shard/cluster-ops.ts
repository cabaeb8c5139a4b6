/**
 * Cluster chores of bench/shard-bench.ts over the wire (test/cluster/support's TestCluster and
 * WireClient): creating, filling, replicating and dropping collections, reading the map, waiting,
 * and the node processes' log events.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import type { ClusterStatusResponse__Output } from '../../src/wire/gen/vstudio/v1/ClusterStatusResponse.js';
import type { CountResponse__Output } from '../../src/wire/gen/vstudio/v1/CountResponse.js';
import type { CreateCollectionResponse__Output } from '../../src/wire/gen/vstudio/v1/CreateCollectionResponse.js';
import type { DescribeCollectionResponse__Output } from '../../src/wire/gen/vstudio/v1/DescribeCollectionResponse.js';
import type { ListOperatorsResponse__Output } from '../../src/wire/gen/vstudio/v1/ListOperatorsResponse.js';
import type { TestCluster, TestNode } from '../../test/cluster/support/test-cluster.js';
import { processCpuMs } from '../cluster/procs.js';

export type GroupStatus = ClusterStatusResponse__Output['groups'][number];

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const anyNode = (cluster: TestCluster): TestNode => cluster.nodes.find((n) => n.running)!;

/**
 * Retries an admin call while the cluster answers UNAVAILABLE or DEADLINE_EXCEEDED (a leader
 * change under load); `settled` maps the codes that mean an earlier attempt already took effect.
 */
export async function retried<T>(log: (line: string) => void, what: string, call: () => Promise<T>, settled: (code: number) => (() => Promise<T>) | null = () => null): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const code = (e as { code?: number }).code ?? -1;
      const done = settled(code);
      if (done !== null) return done();
      if (attempt >= 8 || (code !== grpcStatus.UNAVAILABLE && code !== grpcStatus.DEADLINE_EXCEEDED)) throw e;
      log(`  ${what}: ${(e as { details?: string }).details ?? String(e)}; again`);
      await sleep(500);
    }
  }
}

export interface CollectionSpec {
  readonly name: string;
  readonly dimension: number;
  readonly shards: number;
  readonly replicas: number;
  readonly m: number;
  readonly efConstruction: number;
  readonly ef: number;
}

/** Creates the collection (l2); returns its group ids, one per shard. */
export async function createCollection(cluster: TestCluster, spec: CollectionSpec, log: (line: string) => void): Promise<number[]> {
  const describe = async (): Promise<number[]> => {
    const c = anyNode(cluster).client;
    const res = await c.call<DescribeCollectionResponse__Output>((o, cb) => c.vector.DescribeCollection({ name: spec.name }, o, cb), 30_000);
    return (res.collection?.groupIds ?? []).map(Number);
  };
  return retried(log, `create ${spec.name}`, async () => {
    const c = anyNode(cluster).client;
    const res = await c.call<CreateCollectionResponse__Output>((o, cb) => c.vector.CreateCollection({
      name: spec.name, dimension: spec.dimension, metric: 'METRIC_L2', m: spec.m, efConstruction: spec.efConstruction, ef: spec.ef, shards: spec.shards, replicas: spec.replicas,
    }, o, cb), 30_000);
    return (res.collection?.groupIds ?? []).map(Number);
  }, (code) => (code === grpcStatus.ALREADY_EXISTS ? describe : null));
}

export async function dropCollection(cluster: TestCluster, name: string, log: (line: string) => void): Promise<void> {
  await retried(log, `drop ${name}`, async () => {
    const c = anyNode(cluster).client;
    await c.call((o, cb) => c.vector.DropCollection({ name }, o, cb), 30_000);
  }, (code) => (code === grpcStatus.NOT_FOUND ? () => Promise.resolve() : null));
}

export async function setReplicas(cluster: TestCluster, name: string, replicas: number, log: (line: string) => void): Promise<void> {
  await retried(log, `update ${name} --replicas ${replicas}`, async () => {
    const c = anyNode(cluster).client;
    await c.call((o, cb) => c.vector.UpdateCollection({ name, replicas }, o, cb), 30_000);
  });
}

export function clusterStatus(node: TestNode, timeoutMs = 5_000): Promise<ClusterStatusResponse__Output> {
  return node.client.call<ClusterStatusResponse__Output>((o, cb) => node.client.admin.ClusterStatus({}, o, cb), timeoutMs);
}

export function listOperators(node: TestNode, planNow: boolean): Promise<ListOperatorsResponse__Output> {
  return node.client.call<ListOperatorsResponse__Output>((o, cb) => node.client.admin.ListOperators({ planNow }, o, cb), 10_000);
}

export async function countLinearizable(node: TestNode, collection: string): Promise<number> {
  const r = await node.client.call<CountResponse__Output>((o, cb) => node.client.vector.Count({ collection, read: { consistency: 'CONSISTENCY_LINEARIZABLE' } }, o, cb), 30_000);
  return Number(r.count);
}

export async function waitUntil(what: string, cond: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
}

/**
 * Waits until every group of the collection has `replicas` voters, no learner, a leader and no
 * follower behind, the coordinator has nothing under way, and a linearizable count says `rows`.
 */
export async function waitReplicated(cluster: TestCluster, collection: string, replicas: number, rows: number, timeoutMs: number): Promise<void> {
  await waitUntil(`every group of ${collection} has ${replicas} caught-up voters`, async () => {
    const via = anyNode(cluster);
    const s = await clusterStatus(via);
    const groups = s.groups.filter((g) => g.collection === collection);
    if (groups.length === 0) return false;
    const whole = groups.every((g) => g.voters.length === replicas && g.learners.length === 0 && Number(g.leader) !== 0
      && Object.values(g.lagEntries).every((lag) => Number(lag) === 0));
    if (!whole) return false;
    const ops = await listOperators(via, false);
    if (ops.operators.length > 0) return false;
    return (await countLinearizable(via, collection)) === rows;
  }, timeoutMs, 500);
}

/** Waits until the node processes are idle (< 10% of a core over 300 ms). */
export async function waitQuiet(pids: readonly (number | undefined)[], log: (line: string) => void, timeoutMs = 30_000): Promise<void> {
  const total = (): number => pids.reduce((sum: number, p) => sum + processCpuMs(p), 0);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const before = total();
    await sleep(300);
    if (total() - before < 30) return;
  }
  log('  (the nodes did not go idle; carrying on)');
}

export const nodePids = (cluster: TestCluster): (number | undefined)[] => cluster.nodes.map((n) => n.process?.pid);

/** One pino line of a node's output (JSON, ISO time). */
export interface LogEvent {
  readonly node: number;
  readonly event: string;
  /** Epoch ms. */
  readonly at: number;
  readonly fields: Record<string, unknown>;
}

/** The events named in `events` that the nodes logged at or after `sinceMs`, in time order. */
export function logEvents(cluster: TestCluster, events: ReadonlySet<string>, sinceMs: number): LogEvent[] {
  const out: LogEvent[] = [];
  for (const n of cluster.nodes) {
    for (const line of n.output.split('\n')) {
      if (!line.startsWith('{')) continue;
      let j: Record<string, unknown>;
      try {
        j = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      const event = j.event;
      const at = typeof j.time === 'string' ? Date.parse(j.time) : typeof j.time === 'number' ? j.time : NaN;
      if (typeof event !== 'string' || !events.has(event) || !(at >= sinceMs)) continue;
      out.push({ node: n.id, event, at, fields: j });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
