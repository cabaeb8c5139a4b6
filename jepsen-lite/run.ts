/**
 * One jepsen-lite run: start a cluster, run the workload with the nemesis for `timeS`, heal
 * everything, let the cluster recover, do the final reads, check, and write the run's directory
 * (history.jsonl, results.json, latency.svg, index.html, node logs).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VectorStudioClient, type AckLevel, type Consistency } from '../src/client/index.js';
import { Cluster, type ServeMode } from './cluster.js';
import { HistoryRecorder, pairOperations, toJsonl } from './history.js';
import { FAULT_KINDS, Nemesis, enabledKinds, makeSchedule, type FaultKind } from './nemesis.js';
import { resultsHtml } from './report/html.js';
import { latencyPlotSvg } from './report/plot.js';
import { operationStats, type Results } from './results.js';
import { Rng } from './rng.js';
import { RegisterWorkload } from './workloads/register.js';
import { SetWorkload } from './workloads/set.js';
import { VectorWorkload } from './workloads/vector.js';
import { COLLECTION, type Clients, type ShardingChoice, type Workload, type WorkloadOptions } from './workloads/workload.js';

export const WORKLOADS = ['register', 'set', 'vector'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const DEFAULT_STORE = fileURLToPath(new URL('./store/', import.meta.url));

export interface RunOptions {
  readonly workload: WorkloadName;
  readonly nemesis: readonly string[];
  readonly timeS: number;
  readonly nodes: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly ack?: AckLevel;
  readonly consistency?: Consistency;
  /** Shards of the collection (default 1). More than 1 without `sharding` means `consistent`. */
  readonly shards?: number;
  /**
   * `range`: created with `shards - 1` split keys from the workload's key space; `consistent`:
   * with `shards`. Absent (and `shards` 1): the collection is created as before, one shard.
   */
  readonly sharding?: 'range' | 'consistent';
  /** Where run directories go (default jepsen-lite/store/). */
  readonly storeDir?: string;
  readonly tickMs?: number;
  /** Extra environment of every node (VSTUDIO_PLANTED_BUG for the teeth tests). */
  readonly env?: Readonly<Record<string, string>>;
  readonly serve?: ServeMode;
  /** Fault length and quiet periods, [min, max] ms. */
  readonly faultMs?: readonly [number, number];
  readonly quietMs?: readonly [number, number];
  /** Deadline of each client operation (default 2,000 ms). */
  readonly opTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface RunOutcome {
  readonly dir: string;
  readonly results: Results;
}

function makeWorkload(name: WorkloadName, o: WorkloadOptions): Workload {
  switch (name) {
    case 'register': return new RegisterWorkload(o);
    case 'set': return new SetWorkload(o);
    case 'vector': return new VectorWorkload(o);
  }
}

/**
 * Binds a client to the endpoints it was given, as Jepsen binds each client to one node: the
 * SDK would otherwise learn the leader from `vstudio-served-by` and send every write and leader
 * read there, so that a partitioned old leader would see all the traffic and the others none.
 * The SDK has no option for this; its private `learn` step is switched off (asserted to exist,
 * so that a change in the SDK fails loudly here).
 */
function pin(client: VectorStudioClient): VectorStudioClient {
  const c = client as unknown as { learn?: unknown };
  if (typeof c.learn !== 'function') throw new Error('jepsen-lite: VectorStudioClient has no learn() to switch off; update pin() in jepsen-lite/run.ts');
  c.learn = () => {};
  return client;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runTest(o: RunOptions): Promise<RunOutcome> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const shards = o.shards ?? 1;
  if (!(Number.isInteger(shards) && shards >= 1 && shards <= 256)) throw new Error('--shards must be 1 to 256');
  if (!(o.nodes >= 3)) throw new Error('--nodes must be at least 3');
  const sharding: ShardingChoice | undefined = o.sharding !== undefined ? { kind: o.sharding, shards } : shards > 1 ? { kind: 'consistent', shards } : undefined;
  const reshards = enabledKinds(o.nemesis).includes('split');
  const started = Date.now();
  const ack = o.ack ?? 'majority';
  const consistency = o.consistency ?? 'linearizable';
  const runName = `${new Date(started).toISOString().replace(/[:.]/g, '-')}-${o.workload}-s${o.seed}`;
  const dir = join(o.storeDir ?? DEFAULT_STORE, runName);
  await mkdir(dir, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'jepsen-lite-'));
  log(`jepsen-lite: ${o.workload}, nemesis ${o.nemesis.join(',') || 'none'}, ${o.nodes} nodes${o.sharding !== undefined || shards > 1 ? `, ${o.sharding ?? 'consistent'} ${shards} shards` : ''}, seed ${o.seed}, ${o.timeS} s → ${dir}`);
  const cluster = await Cluster.start({
    nodes: o.nodes, dataDir, logDir: dir,
    ...(o.tickMs !== undefined ? { tickMs: o.tickMs } : {}), ...(o.env !== undefined ? { env: o.env } : {}), ...(o.serve !== undefined ? { serve: o.serve } : {}),
  });
  const opTimeoutMs = o.opTimeoutMs ?? 2_000;
  // As in Jepsen, each client process talks to one node (process p to node p mod n); the final
  // reads use every node. `once` never retries: a pause drawn from [0, 10^12) ms is always past
  // the deadline.
  const connect = async (endpoints: string[], pinned: boolean): Promise<Clients> => {
    const retrying = await VectorStudioClient.connect({ endpoints, timeoutMs: opTimeoutMs });
    const once = await VectorStudioClient.connect({ endpoints, timeoutMs: opTimeoutMs, backoff: { baseMs: 1e12, capMs: 1e12 } });
    return pinned ? { retrying: pin(retrying), once: pin(once) } : { retrying, once };
  };
  const pinned: Clients[] = [];
  for (const e of cluster.endpoints) pinned.push(await connect([e], true));
  const clients = await connect(cluster.endpoints, false);
  const all = [...pinned, clients];
  const admin = await VectorStudioClient.connect({ endpoints: cluster.endpoints, timeoutMs: 5_000 });
  try {
    await cluster.waitReady(60_000);
    // The register workload asks the nemesis whether a reshard may have renumbered the versions between a read and a CAS.
    const ref: { nemesis?: Nemesis } = {};
    const mayHaveResharded = (fromMs: number, toMs: number): boolean => ref.nemesis?.mayHaveResharded(fromMs, toMs) ?? true;
    const workload = makeWorkload(o.workload, { ack, consistency, seed: o.seed, ...(sharding !== undefined ? { sharding } : {}), ...(reshards ? { reshards, mayHaveResharded } : {}) });
    await workload.setup({ retrying: admin, once: admin });
    // Every data group elected a leader: the run starts from a working cluster.
    const groups = sharding === undefined ? [2] : [...(await admin.describeCollection(COLLECTION)).groupIds];
    const until = Date.now() + 30_000;
    for (const g of groups) {
      while ((await cluster.leaderOf(g, 2_000)) === undefined) {
        if (Date.now() > until) throw new Error(`the collection's group ${g} elected no leader in 30 s`);
        await sleep(200);
      }
    }

    const history = new HistoryRecorder();
    const schedule = makeSchedule(o.seed, {
      timeMs: o.timeS * 1_000, nodes: o.nodes, nemesis: o.nemesis,
      ...(o.faultMs !== undefined ? { faultMs: o.faultMs } : {}), ...(o.quietMs !== undefined ? { quietMs: o.quietMs } : {}),
    });
    // A sharded collection (or one the split fault reshards) has several data groups: the nemesis looks them up per fault.
    const nemesis = new Nemesis(cluster, admin, history, log, { collection: COLLECTION, sharded: sharding !== undefined || reshards, keys: () => workload.ids() });
    ref.nemesis = nemesis;
    const t0 = Date.now();
    const endAt = t0 + o.timeS * 1_000;
    const nemesisDone = nemesis.run(schedule, t0);
    const root = new Rng(o.seed);
    const workers = Array.from({ length: o.concurrency }, (_, w) => {
      const rng = root.fork();
      return (async () => {
        let process = w;
        while (Date.now() < endAt) {
          const op = workload.next(process, rng);
          const keyed = op.key !== undefined ? { key: op.key } : {};
          history.add({ process, type: 'invoke', f: op.f, ...keyed, value: op.value });
          const r = await workload.invoke(pinned[w % pinned.length]!, process, op);
          history.add({ process, type: r.type, f: op.f, ...keyed, value: r.value, ...(r.error !== undefined ? { error: r.error } : {}) });
          // Jepsen's rule: a process whose operation is indeterminate is gone; a new one takes its place.
          if (r.type === 'info') process += o.concurrency;
          await sleep(rng.int(2, 12));
        }
      })();
    });
    await Promise.all(workers);
    nemesis.stop();
    await nemesisDone;
    const workloadEnd = history.events.length;

    cluster.healAll();
    history.add({ process: 'nemesis', type: 'info', f: 'heal', value: { phase: 'end', detail: 'every link healed, every node resumed or restarted' } });
    log('jepsen-lite: healed; waiting for the cluster to recover');
    await cluster.waitReady(60_000);
    await workload.final(clients, history, 1_000_000);

    const check = workload.check(history.events);
    // A node that exited without being killed is a server bug, whatever the history says.
    const crashes = cluster.crashes.map((c) => ({
      type: 'node-crash', node: c.node, code: c.code, signal: c.signal, at: c.at,
      explanation: `node ${c.node} exited on its own (code ${c.code}, signal ${c.signal}); jepsen-lite restarted it. Its last output:\n${c.outputTail}`,
    }));
    const ops = pairOperations(history.events.slice(0, workloadEnd));
    const results: Results = {
      run: runName, valid: crashes.length > 0 ? false : check.valid, anomalies: [...check.anomalies, ...crashes], ...operationStats(ops),
      workload: o.workload, nemesis: [...o.nemesis], seed: o.seed, nodes: o.nodes, concurrency: o.concurrency, ack, consistency,
      ...(sharding !== undefined ? { sharding: `${sharding.kind}, ${shards} shard${shards === 1 ? '' : 's'}` } : {}),
      timeS: o.timeS, checker: check.details, faults: nemesis.intervals, notes: nemesis.notes, durationMs: Date.now() - started,
    };
    const svg = latencyPlotSvg(ops, nemesis.intervals, (k) => FAULT_KINDS[k as FaultKind] ?? 'other',
      `${o.workload} · ${o.nemesis.join(',') || 'no faults'} · seed ${o.seed} · ${results.valid === true ? 'valid' : results.valid === false ? 'INVALID' : 'unknown'}`);
    await writeFile(join(dir, 'history.jsonl'), toJsonl(history.events));
    await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    await writeFile(join(dir, 'latency.svg'), svg);
    await writeFile(join(dir, 'index.html'), resultsHtml(results, svg));
    return { dir, results };
  } finally {
    for (const c of all) {
      c.retrying.close();
      c.once.close();
    }
    admin.close();
    await cluster.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The one-paragraph summary printed at the end of a run. */
export function summaryLine(r: Results): string {
  const verdict = r.valid === true ? 'VALID' : r.valid === false ? 'INVALID' : 'UNKNOWN';
  return `${verdict}: ${r.workload} · nemesis ${r.nemesis.join(',') || 'none'} · seed ${r.seed} · ${r.stats.ok} ok / ${r.stats.fail} fail / ${r.stats.info} info · `
    + `availability ${(r.availability * 100).toFixed(1)} % · p50 ${r.latency.p50_ms} ms p99 ${r.latency.p99_ms} ms · ${r.faults.length} faults · `
    + `${r.anomalies.length} anomal${r.anomalies.length === 1 ? 'y' : 'ies'} · checker ${JSON.stringify(r.checker)}`;
}
