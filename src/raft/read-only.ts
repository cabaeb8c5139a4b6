import type { NodeId } from './types.js';

/** A linearizable read waiting for a quorum to confirm the leader is still the leader. */
export interface ReadRequest {
  /** Who asked: the leader itself, or a follower that forwarded the request. */
  readonly from: NodeId;
  readonly context: Uint8Array;
}

interface PendingRead {
  readonly index: number;
  readonly request: ReadRequest;
  readonly acks: Map<NodeId, boolean>;
}

/** Hex of a read context, to use it as a map key. */
export function contextKey(ctx: Uint8Array): string {
  let s = '';
  for (let i = 0; i < ctx.length; i++) s += (ctx[i]! < 16 ? '0' : '') + ctx[i]!.toString(16);
  return s;
}

/**
 * The ReadIndex queue (Raft thesis §6.4): each read records the commit index at arrival; a
 * heartbeat round carrying the newest context confirms every read queued up to it.
 */
export class ReadOnly {
  private readonly pending = new Map<string, PendingRead>();
  private queue: string[] = [];

  /** Queues a read at `index`. A context already pending is ignored (contexts must be unique). */
  add(index: number, request: ReadRequest): boolean {
    const key = contextKey(request.context);
    if (this.pending.has(key)) return false;
    this.pending.set(key, { index, request, acks: new Map() });
    this.queue.push(key);
    return true;
  }

  /** Records that `from` acknowledged the heartbeat round carrying `ctx`; returns the acks so far. */
  recvAck(from: NodeId, ctx: Uint8Array): ReadonlyMap<NodeId, boolean> | null {
    const p = this.pending.get(contextKey(ctx));
    if (p === undefined) return null;
    p.acks.set(from, true);
    return p.acks;
  }

  /** Removes and returns every read queued up to and including the one with `ctx`. */
  advance(ctx: Uint8Array): { index: number; request: ReadRequest }[] {
    const key = contextKey(ctx);
    const at = this.queue.indexOf(key);
    if (at < 0) return [];
    const done = this.queue.slice(0, at + 1);
    this.queue = this.queue.slice(at + 1);
    const out: { index: number; request: ReadRequest }[] = [];
    for (const k of done) {
      const p = this.pending.get(k)!;
      this.pending.delete(k);
      out.push({ index: p.index, request: p.request });
    }
    return out;
  }

  lastPendingContext(): Uint8Array | null {
    const last = this.queue[this.queue.length - 1];
    return last === undefined ? null : this.pending.get(last)!.request.context;
  }

  size(): number {
    return this.queue.length;
  }
}
