import type { Message } from '../../../src/raft/types.js';

/** One message on the simulated wire. */
export interface Packet {
  readonly message: Message;
  /** The step at which the network hands it to the receiver (mutable: latency spikes). */
  dueStep: number;
  /** Send order; breaks ties between equal due steps so that runs replay exactly. */
  readonly seq: number;
  /** The sender's incarnation: a snapshot outcome is reported only to the process that sent it. */
  readonly senderIncarnation: number;
  /** A duplicate made by the network; its fate is never reported to the sender. */
  readonly duplicate: boolean;
}

/**
 * In-flight packets ordered by (dueStep, seq): a binary min-heap that also allows removing or
 * re-timing a packet picked at random, which the drop/duplicate/delay faults need.
 */
export class PacketQueue {
  private readonly heap: Packet[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(p: Packet): void {
    this.heap.push(p);
    this.up(this.heap.length - 1);
  }

  peek(): Packet | undefined {
    return this.heap[0];
  }

  pop(): Packet | undefined {
    return this.removeAt(0);
  }

  /** The packet at heap position i (0 ≤ i < size), for picking one at random. */
  at(i: number): Packet {
    const p = this.heap[i];
    if (p === undefined) throw new RangeError(`packet ${i} of ${this.heap.length}`);
    return p;
  }

  removeAt(i: number): Packet | undefined {
    const last = this.heap.pop();
    if (last === undefined || i >= this.heap.length) return last;
    const out = this.heap[i]!;
    this.heap[i] = last;
    this.down(i);
    this.up(i);
    return out;
  }

  /** Moves packet i to a new due step. */
  retime(i: number, dueStep: number): void {
    const p = this.removeAt(i);
    if (p === undefined) return;
    p.dueStep = dueStep;
    this.push(p);
  }

  clear(): Packet[] {
    return this.heap.splice(0, this.heap.length);
  }

  private less(a: Packet, b: Packet): boolean {
    return a.dueStep < b.dueStep || (a.dueStep === b.dueStep && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
