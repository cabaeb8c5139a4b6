import * as grpc from '@grpc/grpc-js';
import type { Message, NodeId } from '../raft/index.js';
import type { GroupMessages } from '../wire/gen/vstudio/v1/GroupMessages.js';
import type { LeaderCommit } from '../wire/gen/vstudio/v1/LeaderCommit.js';
import type { PeerServiceClient } from '../wire/gen/vstudio/v1/PeerService.js';
import type { RaftBatch, RaftBatch__Output } from '../wire/gen/vstudio/v1/RaftBatch.js';
import type { RaftMessage } from '../wire/gen/vstudio/v1/RaftMessage.js';
import { vstudioV1 } from '../wire/proto.js';
import { messageToWire } from './raft-wire.js';

/** Bytes of Raft messages queued for one peer while its stream is busy; beyond it messages are dropped (Raft resends). */
export const MAX_OUTBOX_BYTES_PER_PEER = 64 * 1024 * 1024;
/** Batches a peer's stream may hold unsent; beyond it batches are dropped and reported unreachable. */
export const MAX_UNSENT_BATCHES_PER_PEER = 1024;
/** gRPC message size limit on the peer port: a batch holds at most a few 1 MiB appends per group. */
export const MAX_PEER_MESSAGE_BYTES = 256 * 1024 * 1024;
const RECONNECT_MIN_MS = 50;
const RECONNECT_MAX_MS = 1_000;

/** Channel options of every peer connection: detect a dead or partitioned peer within seconds. */
export const PEER_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 2_000,
  'grpc.keepalive_timeout_ms': 2_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': MAX_PEER_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_PEER_MESSAGE_BYTES,
  'grpc.initial_reconnect_backoff_ms': RECONNECT_MIN_MS,
  'grpc.max_reconnect_backoff_ms': RECONNECT_MAX_MS,
};

export interface PeerTransportHandlers {
  /** A batch arrived from `from`. */
  onBatch(from: NodeId, batch: RaftBatch__Output): void;
  /** Messages to `to` were dropped (no stream, or its outbox is full): the groups should probe again. */
  onUnreachable(to: NodeId, groups: readonly number[]): void;
  /** This node's commit index for `group` if it leads it with a valid lease (attached to batches for follower reads). */
  leaderCommit(group: number): number | null;
  /** Connection state changes, for logs. */
  onPeerState?(peer: NodeId, connected: boolean): void;
}

type PeerStream = grpc.ClientDuplexStream<RaftBatch, RaftBatch__Output> | grpc.ServerDuplexStream<RaftBatch__Output, RaftBatch>;

interface Outbox {
  groups: Map<number, RaftMessage[]>;
  bytes: number;
}

/** Size of a message's entries, the part that matters for the outbox bound. */
function messageBytes(m: Message): number {
  let n = 64;
  for (const e of m.entries) n += e.data.length + 24;
  return n;
}

/**
 * Raft traffic between this node and its peers (after etcd's rafthttp, over gRPC): one
 * long-lived bidirectional stream per pair of nodes, dialed by the lower id and used both
 * ways. Messages of every group produced in one event-loop turn go to each peer as one batch,
 * so the heartbeats of all groups to a peer travel together.
 */
export class PeerTransport {
  private readonly clients = new Map<NodeId, PeerServiceClient>();
  private readonly streams = new Map<NodeId, PeerStream>();
  private readonly outboxes = new Map<NodeId, Outbox>();
  private readonly reconnectDelayMs = new Map<NodeId, number>();
  /** No dial to a peer before this time (ms, performance.now()): redials back off even when messages wait. */
  private readonly nextDialAt = new Map<NodeId, number>();
  private readonly dialTimers = new Map<NodeId, NodeJS.Timeout>();
  /** The state last reported per peer, so that a dead peer's failed dials are not reported each time. */
  private readonly reported = new Map<NodeId, boolean>();
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly nodeId: NodeId,
    private readonly clusterId: string,
    private readonly peers: Map<NodeId, string>,
    private readonly handlers: PeerTransportHandlers,
    private credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
    /** Per-peer addresses that override the advertised ones (a proxy per directed link). */
    private readonly routes: ReadonlyMap<NodeId, string> = new Map(),
  ) {}

  /** Dials every peer with a higher id. */
  start(): void {
    for (const peer of this.peers.keys()) if (peer > this.nodeId) this.dial(peer);
  }

  /** Records a peer's address (a node registered later); dials it if this node dials that pair. */
  setPeer(peer: NodeId, address: string): void {
    if (peer === this.nodeId || this.peers.get(peer) === address) return;
    this.peers.set(peer, address);
    const client = this.clients.get(peer);
    if (client !== undefined) {
      client.close();
      this.clients.delete(peer);
    }
    if (peer > this.nodeId && !this.streams.has(peer)) this.dial(peer);
  }

  /** The PeerService client of `peer` (for forwarded requests and snapshots). */
  client(peer: NodeId): PeerServiceClient | null {
    const address = this.routes.get(peer) ?? this.peers.get(peer);
    if (address === undefined) return null;
    let c = this.clients.get(peer);
    if (c === undefined) {
      c = new (vstudioV1().PeerService)(address, this.credentials, PEER_CHANNEL_OPTIONS);
      this.clients.set(peer, c);
    }
    return c;
  }

  /**
   * New credentials (certificates reloaded on SIGHUP): the cached channels are closed, so
   * that every later dial, forwarded request and snapshot uses them. Streams already open
   * keep their connection until it breaks.
   */
  setCredentials(credentials: grpc.ChannelCredentials): void {
    this.credentials = credentials;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  isConnected(peer: NodeId): boolean {
    return this.streams.has(peer);
  }

  private dial(peer: NodeId): void {
    if (this.closed || this.streams.has(peer)) return;
    const wait = (this.nextDialAt.get(peer) ?? 0) - performance.now();
    if (wait > 0) {
      if (!this.dialTimers.has(peer)) {
        const t = setTimeout(() => { this.dialTimers.delete(peer); this.dial(peer); }, wait);
        t.unref();
        this.dialTimers.set(peer, t);
      }
      return;
    }
    const client = this.client(peer);
    if (client === null) return;
    const call = client.Raft();
    this.attach(peer, call, false);
    call.write({ hello: { fromNode: this.nodeId, toNode: peer, clusterId: this.clusterId }, groups: [], leaderCommits: [] });
  }

  private report(peer: NodeId, connected: boolean): void {
    if (this.reported.get(peer) === connected) return;
    this.reported.set(peer, connected);
    this.handlers.onPeerState?.(peer, connected);
  }

  /**
   * `accepted`: the stream came in with a valid hello, so the peer is there. A dialed stream
   * counts as connected once the peer sends something (a dial to a dead peer can open a stream
   * that a proxy or the kernel then drops).
   */
  private attach(peer: NodeId, stream: PeerStream, accepted: boolean): void {
    this.streams.set(peer, stream);
    if (accepted) this.report(peer, true);
    let gone = false;
    const drop = (): void => {
      if (gone) return;
      gone = true;
      if (this.streams.get(peer) === stream) this.streams.delete(peer);
      this.report(peer, false);
      if (peer > this.nodeId && !this.closed) {
        const delay = Math.min(RECONNECT_MAX_MS, (this.reconnectDelayMs.get(peer) ?? RECONNECT_MIN_MS / 2) * 2);
        this.reconnectDelayMs.set(peer, delay);
        this.nextDialAt.set(peer, performance.now() + delay);
        this.dial(peer);
      }
    };
    stream.on('data', (batch: RaftBatch__Output) => {
      this.reconnectDelayMs.delete(peer);
      this.nextDialAt.delete(peer);
      this.report(peer, true);
      this.handlers.onBatch(peer, batch);
    });
    stream.on('error', drop);
    stream.on('end', () => {
      drop();
      stream.end();
    });
    stream.on('close', drop);
  }

  /**
   * The server side of Raft(): the first batch must be a hello from a known lower-id peer of
   * this cluster, addressed to this node; anything else closes the stream. With mutual TLS,
   * `certifiedNode` is the node id of the caller's certificate: the hello must come from it.
   */
  accept(call: grpc.ServerDuplexStream<RaftBatch__Output, RaftBatch>, certifiedNode?: NodeId): void {
    call.once('data', (first: RaftBatch__Output) => {
      const h = first.hello;
      if (h === null || h.toNode !== this.nodeId || h.clusterId !== this.clusterId || !(h.fromNode < this.nodeId) || !this.peers.has(h.fromNode)
        || (certifiedNode !== undefined && certifiedNode !== h.fromNode)) {
        call.emit('error', new Error('bad hello'));
        call.end();
        return;
      }
      const old = this.streams.get(h.fromNode);
      if (old !== undefined) old.end();
      this.attach(h.fromNode, call, true);
    });
    call.on('error', () => undefined);
  }

  /** Queues messages for their peers; they leave together at the end of this turn. */
  send(group: number, messages: readonly Message[]): void {
    const unreachable = new Map<NodeId, number[]>();
    for (const m of messages) {
      let box = this.outboxes.get(m.to);
      if (box === undefined) {
        box = { groups: new Map(), bytes: 0 };
        this.outboxes.set(m.to, box);
      }
      const size = messageBytes(m);
      if (box.bytes + size > MAX_OUTBOX_BYTES_PER_PEER) {
        unreachable.set(m.to, [...(unreachable.get(m.to) ?? []), group]);
        continue;
      }
      box.bytes += size;
      let list = box.groups.get(group);
      if (list === undefined) {
        list = [];
        box.groups.set(group, list);
      }
      list.push(messageToWire(m));
    }
    for (const [to, groups] of unreachable) this.handlers.onUnreachable(to, groups);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const [peer, box] of this.outboxes) {
      if (box.groups.size === 0) continue;
      this.outboxes.set(peer, { groups: new Map(), bytes: 0 });
      const stream = this.streams.get(peer);
      if (stream === undefined) {
        if (peer > this.nodeId) this.dial(peer);
        this.handlers.onUnreachable(peer, [...box.groups.keys()]);
        continue;
      }
      if (stream.writableLength >= MAX_UNSENT_BATCHES_PER_PEER) {
        // The peer does not keep up (or the link stalls): drop, and let Raft probe again.
        this.handlers.onUnreachable(peer, [...box.groups.keys()]);
        continue;
      }
      const groups: GroupMessages[] = [];
      const leaderCommits: LeaderCommit[] = [];
      for (const [groupId, messages] of box.groups) {
        groups.push({ groupId, messages });
        const commit = this.handlers.leaderCommit(groupId);
        if (commit !== null) leaderCommits.push({ groupId, commit });
      }
      // write() buffers when the stream is busy; the outbox bound above limits what one peer holds.
      stream.write({ groups, leaderCommits });
    }
  }

  close(): void {
    this.closed = true;
    for (const s of this.streams.values()) s.end();
    this.streams.clear();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
    for (const t of this.dialTimers.values()) clearTimeout(t);
    this.dialTimers.clear();
  }
}
