import type { SeededRng } from '../../../src/raft/rng.js';
import type { Message, NodeId } from '../../../src/raft/types.js';
import { PacketQueue, type Packet } from './packet-queue.js';

/**
 * The packet simulator (after TigerBeetle's): every message gets a latency, may be lost or
 * duplicated on the way, and is held back by partitions and clogged links. A partition or clog is
 * checked both when a message is sent and when it would arrive, so a message in flight when a
 * partition starts is lost too. Reordering comes from random latency and latency spikes.
 */

export type DropReason = 'loss' | 'partition' | 'fault' | 'receiver-down' | 'overflow';

export interface PacketSink {
  /** The packet reached its receiver's host (which may still discard it if the node is down). */
  deliver(p: Packet): void;
  /** The network lost the packet. */
  dropped(p: Packet, reason: DropReason): void;
}

export interface NetworkConditions {
  readonly lossPercent: number;
  readonly duplicatePercent: number;
  readonly latencyStepsMax: number;
  readonly spikePercent: number;
}

export const CALM_CONDITIONS: NetworkConditions = { lossPercent: 0, duplicatePercent: 0, latencyStepsMax: 2, spikePercent: 0 };

/** Packets in flight at most; beyond it the network drops (a full socket buffer). */
export const IN_FLIGHT_LIMIT_PACKETS = 20_000;
/** A latency spike holds a packet back by up to this many steps. */
export const SPIKE_STEPS_MAX = 30;
/** Steps between two clogs (and two unclogs) of a swizzle. */
export const SWIZZLE_INTERVAL_STEPS = 6;
/** Steps a swizzle keeps all its links clogged before it starts restoring them. */
export const SWIZZLE_HOLD_STEPS = 40;
/** Node ids are small integers; links are kept in a dense matrix. */
export const NODE_ID_LIMIT = 32;

interface SwizzleAction {
  readonly atStep: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly clog: boolean;
}

export class Network {
  private readonly queue = new PacketQueue();
  /** partitioned[from * NODE_ID_LIMIT + to] = 1 when a partition blocks from → to. */
  private readonly partitioned = new Uint8Array(NODE_ID_LIMIT * NODE_ID_LIMIT);
  /** Count of clogs on each directed link (swizzles and single clogs may overlap). */
  private readonly clogged = new Uint8Array(NODE_ID_LIMIT * NODE_ID_LIMIT);
  private swizzlePlan: SwizzleAction[] = [];
  private seq = 0;
  private conditions: NetworkConditions = CALM_CONDITIONS;

  constructor(private readonly rng: SeededRng, private readonly sink: PacketSink) {}

  setConditions(c: NetworkConditions): void {
    this.conditions = c;
  }

  get inFlight(): number {
    return this.queue.size;
  }

  send(message: Message, now: number, senderIncarnation: number): void {
    const p: Packet = { message, dueStep: now + this.latency(), seq: this.seq++, senderIncarnation, duplicate: false };
    if (this.blocked(message.from, message.to)) return this.sink.dropped(p, 'partition');
    if (this.roll(this.conditions.lossPercent)) return this.sink.dropped(p, 'loss');
    this.enqueue(p);
    if (this.roll(this.conditions.duplicatePercent)) this.enqueue(this.copyOf(p, now));
  }

  /** Hands every packet due at `now` to the sink, in (due, seq) order. */
  deliverDue(now: number): void {
    this.runSwizzle(now);
    for (let p = this.queue.peek(); p !== undefined && p.dueStep <= now; p = this.queue.peek()) {
      this.queue.pop();
      this.arrive(p);
    }
  }

  // --- faults injected by schedule events -------------------------------------------------------

  /** Delivers up to `count` random in-flight packets now, ahead of their latency. */
  deliverNow(count: number, pick: number): Packet[] {
    const out: Packet[] = [];
    for (let k = 0; k < count && this.queue.size > 0; k++) {
      const p = this.queue.removeAt((pick + k * 7919) % this.queue.size)!;
      out.push(p);
      this.arrive(p);
    }
    return out;
  }

  dropRandom(count: number, pick: number): Packet[] {
    const out: Packet[] = [];
    for (let k = 0; k < count && this.queue.size > 0; k++) {
      const p = this.queue.removeAt((pick + k * 7919) % this.queue.size)!;
      out.push(p);
      this.sink.dropped(p, 'fault');
    }
    return out;
  }

  duplicateRandom(count: number, pick: number, now: number): Packet[] {
    const out: Packet[] = [];
    for (let k = 0; k < count && this.queue.size > 0; k++) {
      const copy = this.copyOf(this.queue.at((pick + k * 7919) % this.queue.size), now);
      out.push(copy);
      this.enqueue(copy);
    }
    return out;
  }

  delayRandom(count: number, delaySteps: number, pick: number): Packet[] {
    const out: Packet[] = [];
    for (let k = 0; k < count && this.queue.size > 0; k++) {
      const i = (pick + k * 7919) % this.queue.size;
      const p = this.queue.at(i);
      this.queue.retime(i, p.dueStep + delaySteps);
      out.push(p);
    }
    return out;
  }

  /**
   * Cuts `a` from `b`: messages from a node only in `a` to a node only in `b` are blocked, and
   * the other way too unless `oneWay`. A node in both sides (a bridge) talks to everyone.
   * Replaces any previous partition.
   */
  partition(a: readonly NodeId[], b: readonly NodeId[], oneWay: boolean): void {
    this.partitioned.fill(0);
    const inA = new Set(a);
    const inB = new Set(b);
    for (const x of a) {
      for (const y of b) {
        if (inB.has(x) || inA.has(y)) continue;
        this.partitioned[x * NODE_ID_LIMIT + y] = 1;
        if (!oneWay) this.partitioned[y * NODE_ID_LIMIT + x] = 1;
      }
    }
  }

  clog(from: NodeId, to: NodeId): void {
    this.clogged[from * NODE_ID_LIMIT + to]! += 1;
  }

  /** Clears one clog of the link; returns false if it was not clogged. */
  unclog(from: NodeId, to: NodeId): boolean {
    const k = from * NODE_ID_LIMIT + to;
    if (this.clogged[k] === 0) return false;
    this.clogged[k]! -= 1;
    return true;
  }

  /** The clogged directed links, in a stable order. */
  cloggedLinks(): [NodeId, NodeId][] {
    const out: [NodeId, NodeId][] = [];
    for (let k = 0; k < this.clogged.length; k++) {
      if (this.clogged[k]! > 0) out.push([Math.floor(k / NODE_ID_LIMIT), k % NODE_ID_LIMIT]);
    }
    return out;
  }

  /**
   * Swizzle clogging (FoundationDB): clog `links` one by one, hold, then restore them in a
   * different random order. Finds more than random drops because quorums erode gradually.
   */
  swizzle(links: readonly [NodeId, NodeId][], now: number): void {
    const order = [...links];
    this.shuffle(order);
    let t = now;
    for (const [from, to] of order) this.swizzlePlan.push({ atStep: (t += SWIZZLE_INTERVAL_STEPS), from, to, clog: true });
    t += SWIZZLE_HOLD_STEPS;
    this.shuffle(order);
    for (const [from, to] of order) this.swizzlePlan.push({ atStep: (t += SWIZZLE_INTERVAL_STEPS), from, to, clog: false });
    this.swizzlePlan.sort((x, y) => x.atStep - y.atStep);
  }

  /** Removes partitions, clogs and pending swizzles. Packets in flight keep going. */
  heal(): void {
    this.partitioned.fill(0);
    this.clogged.fill(0);
    this.swizzlePlan = [];
  }

  blocked(from: NodeId, to: NodeId): boolean {
    const k = from * NODE_ID_LIMIT + to;
    return this.partitioned[k] === 1 || this.clogged[k]! > 0;
  }

  // --- internals --------------------------------------------------------------------------------

  private arrive(p: Packet): void {
    if (this.blocked(p.message.from, p.message.to)) this.sink.dropped(p, 'partition');
    else this.sink.deliver(p);
  }

  private enqueue(p: Packet): void {
    if (this.queue.size >= IN_FLIGHT_LIMIT_PACKETS) return this.sink.dropped(p, 'overflow');
    this.queue.push(p);
  }

  private copyOf(p: Packet, now: number): Packet {
    return { message: p.message, dueStep: now + this.latency(), seq: this.seq++, senderIncarnation: p.senderIncarnation, duplicate: true };
  }

  private latency(): number {
    const base = 1 + this.rng.nextInt(this.conditions.latencyStepsMax);
    return this.roll(this.conditions.spikePercent) ? base + 1 + this.rng.nextInt(SPIKE_STEPS_MAX) : base;
  }

  private roll(percent: number): boolean {
    return percent > 0 && this.rng.nextInt(100) < percent;
  }

  private runSwizzle(now: number): void {
    let done = 0;
    for (const a of this.swizzlePlan) {
      if (a.atStep > now) break;
      if (a.clog) this.clog(a.from, a.to);
      else this.unclog(a.from, a.to);
      done++;
    }
    if (done > 0) this.swizzlePlan.splice(0, done);
  }

  private shuffle<T>(xs: T[]): void {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.rng.nextInt(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
  }
}
