import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of one node's peer port, so that a test can cut the node off from its
 * peers (every connection dropped, new ones refused) and heal it again.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private blocked = false;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(listenPort: number, targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => {
      if (proxy === null || proxy.blocked) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      // Nagle plus delayed ACKs would put ~40 ms stalls on small Raft messages.
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      const p = proxy;
      p.sockets.add(client);
      p.sockets.add(upstream);
      const close = (): void => {
        client.destroy();
        upstream.destroy();
        p.sockets.delete(client);
        p.sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(listenPort, '127.0.0.1', () => resolve()));
    proxy = new TcpProxy(server, listenPort);
    return proxy;
  }

  /** Drops every connection and refuses new ones. */
  block(): void {
    this.blocked = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.blocked = false;
  }

  async close(): Promise<void> {
    this.block();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
