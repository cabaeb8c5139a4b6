/**
 * The cluster under test: `vstudio serve` processes (`node --import tsx src/cli/main.ts serve`)
 * on free 127.0.0.1 ports, a data directory each under the run's temp dir, every peer link
 * through a `LinkProxy`, every node's output appended to `<logDir>/node-<id>.log`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VectorStudioClient, type ClusterStatus } from '../src/client/index.js';
import { Network } from './network.js';

/** `vstudio serve` itself, or jepsen-lite's entry that runs the same startNode() (see serve-node.ts). */
const ENTRIES = {
  cli: [fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)), 'serve'],
  entry: [fileURLToPath(new URL('./serve-node.ts', import.meta.url))],
} as const;
export type ServeMode = keyof typeof ENTRIES;

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function freePortNotIn(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const p = await freePort();
    if (!taken.has(p)) {
      taken.add(p);
      return p;
    }
  }
  throw new Error('no free port in 100 tries');
}

export interface ClusterOptions {
  readonly nodes: number;
  /** Temp dir for data. */
  readonly dataDir: string;
  /** Where node logs go. */
  readonly logDir: string;
  readonly tickMs?: number;
  /** Extra environment of every node (e.g. VSTUDIO_PLANTED_BUG). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default `cli` (`vstudio serve` itself). */
  readonly serve?: ServeMode;
}

/** A node process that ended without jepsen-lite asking it to: a server bug to report. */
export interface NodeCrash {
  readonly node: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly at: string;
  /** The last lines of its output (the stack trace, usually). */
  readonly outputTail: string;
}

export class ClusterNode {
  process: ChildProcess | null = null;
  paused = false;
  readonly crashes: NodeCrash[] = [];
  private tail = '';
  private log: WriteStream;

  constructor(
    readonly id: number,
    readonly dataDir: string,
    readonly clientPort: number,
    readonly peerPort: number,
    logFile: string,
    private readonly args: () => string[],
    private readonly env: Readonly<Record<string, string>>,
    private readonly entry: readonly string[],
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get clientAddress(): string {
    return `127.0.0.1:${this.clientPort}`;
  }

  private expectingExit = false;

  get running(): boolean {
    return this.process !== null && this.process.exitCode === null && this.process.signalCode === null;
  }

  start(): void {
    if (this.running) return;
    this.log.write(`--- jepsen-lite: starting node ${this.id} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', ...this.entry, ...this.args()], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env },
    });
    const keep = (d: Buffer): void => {
      this.log.write(d);
      this.tail = (this.tail + d.toString()).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code, signal) => {
      this.log.write(`--- jepsen-lite: node ${this.id} exited (code ${code}, signal ${signal})\n`);
      // kill9() and stop() clear `process` after the exit; an exit while it is still set was not ours.
      if (this.process === child && !this.expectingExit) {
        this.crashes.push({ node: this.id, code, signal, at: new Date().toISOString(), outputTail: this.tail.split('\n').slice(-25).join('\n') });
      }
    });
    this.process = child;
    this.paused = false;
    this.expectingExit = false;
  }

  private exited(): Promise<void> {
    const p = this.process;
    if (p === null || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => p.once('exit', () => resolve()));
  }

  /** kill -9: no shutdown, no flush. */
  async kill9(): Promise<void> {
    if (this.process === null) return;
    this.log.write(`--- jepsen-lite: kill -9 node ${this.id}\n`);
    this.expectingExit = true;
    this.process.kill('SIGKILL');
    await this.exited();
    this.process = null;
    this.paused = false;
  }

  pause(): void {
    if (!this.running || this.paused) return;
    this.log.write(`--- jepsen-lite: SIGSTOP node ${this.id}\n`);
    this.process!.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (!this.running || !this.paused) return;
    this.process!.kill('SIGCONT');
    this.log.write(`--- jepsen-lite: SIGCONT node ${this.id}\n`);
    this.paused = false;
  }

  /** SIGTERM (a clean shutdown), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.resume();
    this.expectingExit = true;
    this.process!.kill('SIGTERM');
    const timer = setTimeout(() => this.process?.kill('SIGKILL'), 10_000);
    await this.exited();
    clearTimeout(timer);
    this.process = null;
  }

  async closeLog(): Promise<void> {
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }
}

export class Cluster {
  private constructor(readonly nodes: readonly ClusterNode[], readonly network: Network) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const ids = Array.from({ length: options.nodes }, (_, i) => i + 1);
    // The proxies bind first (ports the OS picks and keeps), then the nodes' ports are chosen.
    const network = await Network.start(ids);
    const peerPorts = new Map<number, number>();
    const clientPorts = new Map<number, number>();
    const taken = new Set(network.ports);
    for (const id of ids) {
      peerPorts.set(id, await freePortNotIn(taken));
      clientPorts.set(id, await freePortNotIn(taken));
    }
    network.connect(peerPorts);
    const initialCluster = ids.map((id) => `${id}=127.0.0.1:${peerPorts.get(id)!}`).join(',');
    const nodes = ids.map((id) => {
      const dataDir = join(options.dataDir, `node-${id}`);
      const routes = network.routesOf(id).map(([to, port]) => `${to}=127.0.0.1:${port}`).join(',');
      return new ClusterNode(id, dataDir, clientPorts.get(id)!, peerPorts.get(id)!, join(options.logDir, `node-${id}.log`), () => [
        '--node-id', String(id), '--data', dataDir,
        '--listen', `127.0.0.1:${clientPorts.get(id)!}`, '--peer-listen', `127.0.0.1:${peerPorts.get(id)!}`,
        '--initial-cluster', initialCluster, '--peer-route', routes, '--log-level', 'info',
        ...(options.tickMs !== undefined ? ['--tick-ms', String(options.tickMs)] : []),
      ], options.env ?? {}, ENTRIES[options.serve ?? 'cli']);
    });
    const cluster = new Cluster(nodes, network);
    for (const n of nodes) n.start();
    return cluster;
  }

  get endpoints(): string[] {
    return this.nodes.map((n) => n.clientAddress);
  }

  node(id: number): ClusterNode {
    const n = this.nodes.find((x) => x.id === id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  /** Cluster status as one node sees it (no retries elsewhere). */
  async statusVia(node: ClusterNode, timeoutMs = 1_000): Promise<ClusterStatus> {
    const c = await VectorStudioClient.connect({ endpoints: [node.clientAddress], timeoutMs });
    try {
      return await c.clusterStatus();
    } finally {
      c.close();
    }
  }

  /**
   * The node that leads `group` according to the running, unpaused nodes (the highest term
   * reported wins); undefined when none answers in time.
   */
  async leaderOf(group: number, timeoutMs = 1_000): Promise<number | undefined> {
    const views = await Promise.all(this.nodes.filter((n) => n.running && !n.paused).map((n) => this.statusVia(n, timeoutMs).catch(() => undefined)));
    let best: { leader: number; term: number } | undefined;
    for (const v of views) {
      const g = v?.groups.find((x) => x.id === group);
      if (g !== undefined && g.leader !== 0 && (best === undefined || g.term > best.term)) best = { leader: g.leader, term: g.term };
    }
    return best?.leader;
  }

  /** Waits until every running node answers and the meta group has a leader. */
  async waitReady(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      const dead = this.nodes.find((n) => n.process !== null && (n.process.exitCode !== null || n.process.signalCode !== null));
      if (dead !== undefined) throw new Error(`node ${dead.id} exited (code ${dead.process!.exitCode}) while the cluster was starting or recovering; see node-${dead.id}.log:\n${dead.crashes.at(-1)?.outputTail ?? ''}`);
      try {
        const ok = await Promise.all(this.nodes.filter((n) => n.running).map(async (n) => {
          const s = await this.statusVia(n, 2_000);
          return s.groups.some((g) => g.id === 1 && g.leader !== 0) && s.nodes.every((x) => x.clientAddress !== '');
        }));
        if (ok.every(Boolean)) return;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`cluster not ready after ${timeoutMs} ms: ${last}`);
  }

  get crashes(): NodeCrash[] {
    return this.nodes.flatMap((n) => n.crashes);
  }

  /** Every link healed, every paused node resumed, every dead node restarted. */
  healAll(): void {
    this.network.healAll();
    for (const n of this.nodes) {
      n.resume();
      if (!n.running) n.start();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    await this.network.close();
    for (const n of this.nodes) await n.closeLog();
  }
}
