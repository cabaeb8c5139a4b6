/**
 * A TCP proxy for one directed peer link a→b: node a dials node b through it. The nemesis
 * controls each direction of the bytes it carries separately:
 * - `drop`: every connection destroyed, new ones refused (a reset, seen at once);
 * - `blackhole`: connections accepted and kept, bytes in that direction discarded (a silent
 *   loss, found only by gRPC keepalive or Raft's own timeouts). Healing a black-holed
 *   connection closes it, since bytes are missing from its HTTP/2 stream: the dialer reconnects;
 * - a delay added to every chunk (order kept).
 *
 * `forward` is a→b (the dialer's requests), `backward` is b→a (the answers on the same connection).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type CutMode = 'open' | 'drop' | 'blackhole';
export type Direction = 'forward' | 'backward' | 'both';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Bytes were discarded: the stream is broken, close it when healed. */
  damaged: boolean;
}

export class LinkProxy {
  private readonly pairs = new Set<Pair>();
  private forward: CutMode = 'open';
  private backward: CutMode = 'open';
  private delayMs = 0;

  private constructor(private readonly server: Server, readonly port: number, readonly from: number, readonly to: number) {}

  /** Where the link leads: set once the node's port is known (proxies bind first, so no node port clashes with one). */
  targetPort = 0;

  static async start(from: number, to: number): Promise<LinkProxy> {
    const holder: { proxy?: LinkProxy } = {};
    const server = createServer((client) => {
      if (holder.proxy === undefined) client.destroy();
      else holder.proxy.accept(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    holder.proxy = new LinkProxy(server, port, from, to);
    return holder.proxy;
  }

  get state(): { forward: CutMode; backward: CutMode; delayMs: number } {
    return { forward: this.forward, backward: this.backward, delayMs: this.delayMs };
  }

  private accept(client: Socket): void {
    if (this.forward === 'drop' || this.backward === 'drop' || this.targetPort === 0) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, damaged: false };
    this.pairs.add(pair);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => this.relay(pair, upstream, chunk, this.forward));
    upstream.on('data', (chunk: Buffer) => this.relay(pair, client, chunk, this.backward));
  }

  private relay(pair: Pair, to: Socket, chunk: Buffer, mode: CutMode): void {
    if (mode !== 'open') {
      pair.damaged = true;
      return;
    }
    if (this.delayMs <= 0) {
      to.write(chunk);
      return;
    }
    setTimeout(() => {
      if (!pair.damaged && !to.destroyed) to.write(chunk);
    }, this.delayMs);
  }

  /** Cuts one or both directions. */
  cut(mode: Exclude<CutMode, 'open'>, direction: Direction = 'both'): void {
    if (direction !== 'backward') this.forward = mode;
    if (direction !== 'forward') this.backward = mode;
    if (mode === 'drop') this.destroyAll();
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Everything open again, no delay; connections that lost bytes are closed (the dialer reconnects). */
  heal(): void {
    this.forward = 'open';
    this.backward = 'open';
    this.delayMs = 0;
    for (const p of [...this.pairs]) {
      if (p.damaged) {
        p.client.destroy();
        p.upstream.destroy();
        this.pairs.delete(p);
      }
    }
  }

  get healthy(): boolean {
    return this.forward === 'open' && this.backward === 'open' && this.delayMs === 0;
  }

  private destroyAll(): void {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cut('drop');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
