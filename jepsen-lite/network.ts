/**
 * The network between the nodes: one `LinkProxy` per directed link i→j (node i dials node j
 * through it; `--peer-route j=127.0.0.1:<proxy>` on node i).
 *
 * The peer transport runs one bidirectional gRPC stream per pair {i<j}, dialed by i, so Raft
 * messages of both directions share link i→j; link j→i carries j's forwarded client requests
 * and snapshot transfers to i. "i cannot send to j" (a one-way cut) therefore discards the
 * bytes from i to j on both links: forward on i→j, backward on j→i. The answers j sends on the
 * same connections still arrive. HTTP/2 keepalive (2 s) and Raft's election timeouts then
 * usually turn a long one-way cut into a closed connection, which the dialer reopens and the
 * cut again starves: that is as one-way as TCP between two gRPC peers can be.
 */
import { LinkProxy, type CutMode } from './link-proxy.js';

export class Network {
  private constructor(readonly links: ReadonlyMap<string, LinkProxy>) {}

  /** Proxies for every directed link between `ids`, listening on ports the OS picks; `connect` then aims them. */
  static async start(ids: readonly number[]): Promise<Network> {
    const links = new Map<string, LinkProxy>();
    for (const from of ids) {
      for (const to of ids) {
        if (from !== to) links.set(`${from}>${to}`, await LinkProxy.start(from, to));
      }
    }
    return new Network(links);
  }

  /** Aims every link at its node's peer port. */
  connect(peerPorts: ReadonlyMap<number, number>): void {
    for (const l of this.links.values()) l.targetPort = peerPorts.get(l.to)!;
  }

  link(from: number, to: number): LinkProxy {
    const l = this.links.get(`${from}>${to}`);
    if (l === undefined) throw new Error(`no link ${from}>${to}`);
    return l;
  }

  /** The proxy ports node `from` dials its peers through. */
  routesOf(from: number): [number, number][] {
    return [...this.links.values()].filter((l) => l.from === from).map((l) => [l.to, l.port]);
  }

  /** i and j cannot talk at all. */
  cutPair(i: number, j: number, mode: Exclude<CutMode, 'open'> = 'drop'): void {
    this.link(i, j).cut(mode);
    this.link(j, i).cut(mode);
  }

  /** Bytes from `from` to `to` are discarded; `to`'s bytes still reach `from`. */
  cutOneWay(from: number, to: number): void {
    this.link(from, to).cut('blackhole', 'forward');
    this.link(to, from).cut('blackhole', 'backward');
  }

  /** Nodes in different components cannot talk (a node in no component keeps every link: a bridge). */
  partition(components: readonly (readonly number[])[], mode: Exclude<CutMode, 'open'> = 'drop'): void {
    for (let a = 0; a < components.length; a++) {
      for (let b = a + 1; b < components.length; b++) {
        for (const i of components[a]!) for (const j of components[b]!) this.cutPair(i, j, mode);
      }
    }
  }

  healAll(): void {
    for (const l of this.links.values()) l.heal();
  }

  get ports(): number[] {
    return [...this.links.values()].map((l) => l.port);
  }

  get healthy(): boolean {
    return [...this.links.values()].every((l) => l.healthy);
  }

  async close(): Promise<void> {
    for (const l of this.links.values()) await l.close();
  }
}
