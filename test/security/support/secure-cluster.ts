import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VectorStudioClient, type ClusterStatus } from '../../../src/client/index.js';
import { freePort } from '../../cluster/support/free-port.js';

const ENTRY = fileURLToPath(new URL('../../cluster/support/serve-entry.ts', import.meta.url));

export interface SecureNodeSpec {
  readonly id: number;
  /** The TLS directory this node reads (default: the cluster's). */
  readonly tlsDir?: string;
}

/** One `serve` process (the same startNode as `vstudio serve`), with --tls-dir and --auth-file. */
export class SecureNode {
  process: ChildProcess | null = null;
  output = '';

  constructor(readonly id: number, readonly clientPort: number, readonly peerPort: number, private readonly options: () => string) {}

  get clientAddress(): string {
    return `127.0.0.1:${this.clientPort}`;
  }

  get peerAddress(): string {
    return `127.0.0.1:${this.peerPort}`;
  }

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, this.options()], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => { this.output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { this.output += d.toString(); });
    this.process = child;
  }

  get running(): boolean {
    return this.process !== null && this.process.exitCode === null && this.process.signalCode === null;
  }

  signal(sig: NodeJS.Signals): void {
    this.process?.kill(sig);
  }

  async stop(): Promise<void> {
    const p = this.process;
    if (p === null || !this.running) return;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.process = null;
  }
}

export interface SecureClusterOptions {
  readonly dir: string;
  readonly tlsDir: string;
  readonly authFile?: string;
  readonly nodes: readonly SecureNodeSpec[];
  readonly compactEveryEntries?: number;
  readonly manualPlacement?: boolean;
}

/** A cluster of real processes with TLS (and keys); the caller makes the certificates and the key file. */
export class SecureCluster {
  private constructor(readonly nodes: SecureNode[], private readonly options: SecureClusterOptions) {}

  static async start(options: SecureClusterOptions): Promise<SecureCluster> {
    const ports = new Map<number, { client: number; peer: number }>();
    for (const n of options.nodes) ports.set(n.id, { client: await freePort(), peer: await freePort() });
    const initialCluster = options.nodes.map((n) => [n.id, `127.0.0.1:${ports.get(n.id)!.peer}`]);
    const nodes = options.nodes.map((n) => {
      const p = ports.get(n.id)!;
      return new SecureNode(n.id, p.client, p.peer, () => JSON.stringify({
        nodeId: n.id, dataDir: join(options.dir, `node-${n.id}`), listen: `127.0.0.1:${p.client}`, peerListen: `127.0.0.1:${p.peer}`,
        initialCluster, logLevel: 'info', tlsDir: n.tlsDir ?? options.tlsDir,
        ...(options.authFile === undefined ? {} : { authFile: options.authFile }),
        ...(options.compactEveryEntries === undefined ? {} : { compactEveryEntries: options.compactEveryEntries }),
        ...(options.manualPlacement === true ? { manualPlacement: true } : {}),
      }));
    });
    for (const n of nodes) n.start();
    return new SecureCluster(nodes, options);
  }

  node(id: number): SecureNode {
    const n = this.nodes.find((x) => x.id === id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  /** An SDK client of `via` with the cluster's TLS directory and `apiKey`. */
  client(via: SecureNode, apiKey?: string, timeoutMs = 5_000): Promise<VectorStudioClient> {
    return VectorStudioClient.connect({ endpoints: [via.clientAddress], tlsDir: this.options.tlsDir, timeoutMs, ...(apiKey === undefined ? {} : { apiKey }) });
  }

  /** Waits until the meta group has a leader and `registered` nodes have registered, as `via` sees it. */
  async waitReady(via: SecureNode, apiKey: string | undefined, registered: readonly number[], timeoutMs = 60_000): Promise<ClusterStatus> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      const c = await this.client(via, apiKey, 2_000);
      try {
        const s = await c.clusterStatus();
        const ok = s.groups.some((g) => g.id === 1 && g.leader !== 0)
          && registered.every((id) => s.nodes.some((n) => n.id === id && n.clientAddress !== ''));
        if (ok) return s;
        last = JSON.stringify(s.nodes);
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
      } finally {
        c.close();
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`not ready after ${timeoutMs} ms: ${last}\n${this.nodes.map((n) => `--- node ${n.id}\n${n.output.slice(-3000)}`).join('\n')}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
