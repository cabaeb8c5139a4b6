import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterStatusResponse__Output } from '../../../src/wire/gen/vstudio/v1/ClusterStatusResponse.js';
import { freePort } from './free-port.js';
import { TcpProxy } from './tcp-proxy.js';
import { WireClient } from './wire-client.js';

const ENTRY = fileURLToPath(new URL('./serve-entry.ts', import.meta.url));

export interface TestClusterOptions {
  readonly nodes?: number;
  readonly tickMs?: number;
  /** `--manual-placement` on every node: the coordinator plans nothing (tests of AddNode/RemoveNode by hand). */
  readonly manualPlacement?: boolean;
  /** `--split-above` of every node, bytes. */
  readonly splitAboveBytes?: number;
  /** `--down-after` of every node, ms. */
  readonly downAfterMs?: number;
  readonly compactEveryEntries?: number;
  /** Serve /metrics, /healthz and /readyz on a free port per node. */
  readonly metrics?: boolean;
  /**
   * Encryption at rest per node, asked at every (re)start, so that a test can restart a node
   * with another key: `--encryption-key-file` and `--encryption-previous-key-file`s.
   */
  readonly encryption?: (nodeId: number) => { readonly keyFile: string; readonly previousKeyFiles?: readonly string[] } | undefined;
}

/** One `serve` process of a test cluster; it reaches each peer through a proxy of its own. */
export class TestNode {
  process: ChildProcess | null = null;
  output = '';
  client: WireClient;

  constructor(
    readonly id: number,
    readonly dataDir: string,
    readonly clientPort: number,
    readonly peerPort: number,
    /** The port of /metrics, /healthz, /readyz (0 = none). */
    readonly metricsPort: number,
    /** The proxies of the links from and to this node. */
    readonly links: TcpProxy[],
    private readonly args: () => string,
  ) {
    this.client = new WireClient(this.clientAddress);
  }

  get clientAddress(): string {
    return `127.0.0.1:${this.clientPort}`;
  }

  /** Cuts every link between this node and its peers, both ways. */
  isolate(): void {
    for (const l of this.links) l.block();
  }

  heal(): void {
    for (const l of this.links) l.heal();
  }

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, this.args()], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => { this.output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { this.output += d.toString(); });
    this.process = child;
  }

  get running(): boolean {
    return this.process !== null && this.process.exitCode === null && this.process.signalCode === null;
  }

  private exited(): Promise<void> {
    const p = this.process;
    if (p === null || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => p.once('exit', () => resolve()));
  }

  /** kill -9: no shutdown, no flush. */
  async kill9(): Promise<void> {
    this.process?.kill('SIGKILL');
    await this.exited();
    this.process = null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.process?.kill('SIGTERM');
    const timer = setTimeout(() => this.process?.kill('SIGKILL'), 10_000);
    await this.exited();
    clearTimeout(timer);
    this.process = null;
  }

  async restart(): Promise<void> {
    if (this.running) await this.stop();
    this.client.close();
    this.client = new WireClient(this.clientAddress);
    this.start();
  }
}

/**
 * A cluster of real node processes on 127.0.0.1 (free ports, a temp data dir). Every directed
 * link between two nodes goes through a proxy the test can cut (the node dials its peer
 * through it), so a partition can be exactly the one a test wants.
 */
export class TestCluster {
  private constructor(readonly dir: string, readonly nodes: TestNode[], private readonly links: TcpProxy[]) {}

  static async start(options: TestClusterOptions = {}): Promise<TestCluster> {
    const n = options.nodes ?? 3;
    const dir = await mkdtemp(join(tmpdir(), 'vstudio-cluster-'));
    const specs: { id: number; clientPort: number; peerPort: number; metricsPort: number }[] = [];
    for (let id = 1; id <= n; id++) specs.push({ id, clientPort: await freePort(), peerPort: await freePort(), metricsPort: options.metrics === true ? await freePort() : 0 });
    const initialCluster: [number, string][] = specs.map((s) => [s.id, `127.0.0.1:${s.peerPort}`]);
    const links = new Map<string, TcpProxy>();
    for (const from of specs) {
      for (const to of specs) {
        if (from.id !== to.id) links.set(`${from.id}>${to.id}`, await TcpProxy.start(await freePort(), to.peerPort));
      }
    }
    const nodes: TestNode[] = [];
    for (const s of specs) {
      const dataDir = join(dir, `node-${s.id}`);
      const mine = [...links].filter(([k]) => k.startsWith(`${s.id}>`) || k.endsWith(`>${s.id}`)).map(([, p]) => p);
      const peerRoutes: [number, string][] = specs.filter((t) => t.id !== s.id).map((t) => [t.id, `127.0.0.1:${links.get(`${s.id}>${t.id}`)!.port}`]);
      const node = new TestNode(s.id, dataDir, s.clientPort, s.peerPort, s.metricsPort, mine, () => JSON.stringify({
        nodeId: s.id, dataDir, listen: `127.0.0.1:${s.clientPort}`, peerListen: `127.0.0.1:${s.peerPort}`,
        initialCluster, peerRoutes, logLevel: 'info',
        ...(s.metricsPort !== 0 ? { metricsListen: `127.0.0.1:${s.metricsPort}` } : {}),
        ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
        ...(options.downAfterMs !== undefined ? { downAfterMs: options.downAfterMs } : {}),
        ...(options.manualPlacement === true ? { manualPlacement: true } : {}),
        ...(options.splitAboveBytes !== undefined ? { splitAboveBytes: options.splitAboveBytes } : {}),
        ...(options.compactEveryEntries !== undefined ? { compactEveryEntries: options.compactEveryEntries } : {}),
        ...((e) => (e === undefined ? {} : { encryptionKeyFile: e.keyFile, encryptionPreviousKeyFiles: e.previousKeyFiles ?? [] }))(options.encryption?.(s.id)),
      }));
      nodes.push(node);
    }
    const cluster = new TestCluster(dir, nodes, [...links.values()]);
    for (const node of nodes) node.start();
    await cluster.waitReady();
    return cluster;
  }

  /**
   * Starts a new node that joins the running cluster through `via`'s client address (`--join`).
   * Its peer links are direct (no proxies): it cannot be partitioned, only killed.
   */
  async join(id: number, via: TestNode, options: { readonly downAfterMs?: number } = {}): Promise<TestNode> {
    const clientPort = await freePort();
    const peerPort = await freePort();
    const dataDir = join(this.dir, `node-${id}`);
    const node = new TestNode(id, dataDir, clientPort, peerPort, 0, [], () => JSON.stringify({
      nodeId: id, dataDir, listen: `127.0.0.1:${clientPort}`, peerListen: `127.0.0.1:${peerPort}`, join: via.clientAddress, logLevel: 'info',
      ...(options.downAfterMs !== undefined ? { downAfterMs: options.downAfterMs } : {}),
    }));
    this.nodes.push(node);
    node.start();
    await this.waitReady();
    return node;
  }

  node(id: number): TestNode {
    const n = this.nodes.find((x) => x.id === id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  /** Cluster status as `via` sees it. */
  status(via: TestNode): Promise<ClusterStatusResponse__Output> {
    return via.client.call<ClusterStatusResponse__Output>((o, cb) => via.client.admin.ClusterStatus({}, o, cb), 5_000);
  }

  /** Waits until every running node answers and the meta group has a leader. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      try {
        const ok = await Promise.all(this.nodes.filter((n) => n.running).map(async (n) => {
          const s = await this.status(n);
          return s.groups.some((g) => g.id === 1 && g.leader !== 0) && s.nodes.every((x) => x.clientAddress !== '');
        }));
        if (ok.every(Boolean)) return;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`cluster not ready after ${timeoutMs} ms: ${last}\n${this.nodes.map((n) => `--- node ${n.id}\n${n.output.slice(-3000)}`).join('\n')}`);
  }

  /** The leader of `group` once the running nodes agree on one. */
  async leaderOf(group: number, timeoutMs = 15_000): Promise<TestNode> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      for (const n of this.nodes.filter((x) => x.running)) {
        try {
          const s = await this.status(n);
          const g = s.groups.find((x) => x.id === group);
          const leader = g === undefined ? undefined : this.nodes.find((x) => x.id === g.leader && x.running);
          if (leader !== undefined) return leader;
        } catch {
          // That node is not answering: ask another.
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`group ${group} has no leader after ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    for (const n of this.nodes) n.client.close();
    for (const l of this.links) await l.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
