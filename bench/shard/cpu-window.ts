/**
 * CPU use over a load client's measured window (between the `WINDOW start` / `WINDOW end` lines
 * bench/cluster/load-client.ts prints), in % of one core: each node, the client, this process,
 * and everything else on the machine (what the figures shared the 2 cores with).
 */
import { machineBusyMs, ownCpuMs, processCpuMs, type LineWatcher } from '../cluster/procs.js';

export interface CpuFigures {
  /** The nodes in the order given. */
  readonly servers: readonly number[];
  readonly client: number;
  /** This process (the peer-link proxies of TestCluster live here). */
  readonly bench: number;
  readonly others: number;
  readonly wallMs: number;
}

export class CpuWindow implements LineWatcher {
  private clientPid: number | undefined;
  private start: number[] = [];
  private startAt = 0;
  result: CpuFigures | null = null;

  constructor(private readonly servers: () => (number | undefined)[]) {}

  private sample(): number[] {
    return [...this.servers().map(processCpuMs), processCpuMs(this.clientPid), ownCpuMs(), machineBusyMs()];
  }

  onSpawn(pid: number): void {
    this.clientPid = pid;
  }

  onLine(line: string): void {
    if (line === 'WINDOW start') {
      this.start = this.sample();
      this.startAt = performance.now();
    } else if (line === 'WINDOW end' && this.startAt > 0) {
      const wall = performance.now() - this.startAt;
      const pct = this.sample().map((c, i) => ((c - (this.start[i] ?? 0)) / wall) * 100);
      const machine = pct.pop()!;
      const [client = NaN, bench = NaN] = pct.slice(-2);
      const servers = pct.slice(0, -2);
      const ours = pct.reduce((a, b) => a + b, 0);
      const r = (x: number): number => Math.round(x);
      this.result = { servers: servers.map(r), client: r(client), bench: r(bench), others: r(Math.max(0, machine - ours)), wallMs: r(wall) };
    }
  }
}
