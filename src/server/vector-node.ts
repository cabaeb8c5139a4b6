import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { ClassicLevel } from 'classic-level';
import {
  EntryType, MessageType, NONE, RawNode, SeededRng, StateRole,
  type ConfState, type Message, type NodeId, type Ready,
} from '../raft/index.js';
import type { AtRestEncryption } from '../store/encryption-at-rest.js';
import { bootstrapWrite, LevelLogStorage } from '../store/log/index.js';
import { VectorStateMachine, type ApplyResult } from '../store/vector/index.js';
import type { RaftBatch__Output } from '../wire/gen/vstudio/v1/RaftBatch.js';
import { ClusterMap, encodeMetaCommand, META_GROUP_ID, type ClusterGroup, type MetaCommand } from './cluster-map.js';
import { FollowerFreshness } from './follower-freshness.js';
import type { Logger } from './logger.js';
import { MetaStateMachine, type MetaApplyResult } from './meta-state-machine.js';
import type { NodeMetrics } from './metrics.js';
import { PeerTransport } from './peer-transport.js';
import { messageFromWire } from './raft-wire.js';
import { RaftGroup } from './raft-group.js';
import { RaftScheduler } from './raft-scheduler.js';
import { ServerError } from './server-error.js';
import { SnapshotTransfers } from './snapshot-transfers.js';
import type { NodeIdentity } from './node-identity.js';

/** classic-level honours `sync`; abstract-level's types do not declare it. */
const SYNCED = { sync: true } as const;

/** At most this many meta voters; the other nodes follow the meta group as learners. */
export const MAX_META_VOTERS = 5;
/** Raft timing in ticks: heartbeats every tick; elections after 10–20 ticks of silence. */
const ELECTION_TICK = 10;
const HEARTBEAT_TICK = 1;

export interface VectorNodeOptions {
  readonly identity: NodeIdentity;
  readonly dataDir: string;
  readonly tickMs: number;
  readonly compactEveryEntries?: number;
  readonly peerRoutes?: ReadonlyMap<NodeId, string>;
  /** How peers are dialed (mutual TLS with --tls-dir); plaintext when absent. */
  readonly peerCredentials?: grpc.ChannelCredentials;
  /** Encryption at rest (--encryption-key-file): the log, the state machines and snapshot spools seal what they store. */
  readonly encryption?: AtRestEncryption;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
}

/** A data group hosted here. */
export interface DataReplica {
  readonly kind: 'data';
  readonly id: number;
  readonly collection: string;
  readonly raft: RaftGroup<ApplyResult>;
  readonly stateMachine: VectorStateMachine;
  readonly freshness: FollowerFreshness;
}

interface MetaReplica {
  readonly kind: 'meta';
  readonly id: number;
  readonly raft: RaftGroup<MetaApplyResult>;
  readonly stateMachine: MetaStateMachine;
  readonly freshness: FollowerFreshness;
}

type Replica = DataReplica | MetaReplica;

interface ReplicationWaiter {
  readonly index: number;
  readonly replicas: number;
  resolve(): void;
}

function confMembers(c: ConfState): NodeId[] {
  return [...new Set([...c.voters, ...c.learners, ...c.votersOutgoing, ...c.learnersNext])];
}

/**
 * One Vector Studio node: it hosts the meta group (the cluster map) and the data groups placed
 * on it, drives all of them from one scheduler (one timer, one synced LevelDB batch per pass),
 * and exchanges their Raft messages with its peers. Requests reach it through the router.
 */
export class VectorNode {
  readonly id: NodeId;
  private readonly replicas = new Map<number, Replica>();
  private readonly replicationWaiters = new Map<number, ReplicationWaiter[]>();
  private readonly opening = new Map<number, Promise<DataReplica | null>>();
  private readonly lastLeader = new Map<number, NodeId>();
  /** When each follower last matched its leader's last index (leader side, for lag). */
  private readonly matchedAtMs = new Map<string, number>();
  readonly transport: PeerTransport;
  readonly snapshots: SnapshotTransfers;
  private meta!: MetaReplica;
  private closed = false;
  private reconciling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: VectorNodeOptions,
    private readonly db: ClassicLevel<string, Uint8Array>,
    private readonly log: LevelLogStorage,
    readonly scheduler: RaftScheduler,
  ) {
    this.id = options.identity.nodeId;
    const peers = new Map(options.identity.initialCluster);
    peers.delete(this.id);
    this.transport = new PeerTransport(this.id, options.identity.clusterId, peers, {
      onBatch: (from, batch) => this.onBatch(from, batch),
      onUnreachable: (to, groups) => {
        // A stopped group rejects: it has no progress to reset, and its failure is logged where it stopped.
        for (const g of groups) void this.replicas.get(g)?.raft.run((n) => n.reportUnreachable(to)).catch(() => undefined);
      },
      leaderCommit: (group) => this.leaderCommit(group),
      onPeerState: (peer, connected) => options.logger.info({ event: 'peer', peer, connected }, connected ? 'peer connected' : 'peer disconnected'),
    }, options.peerCredentials, options.peerRoutes);
    this.snapshots = new SnapshotTransfers(this, join(options.dataDir, 'snapshots'), options.logger, options.encryption);
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get metrics(): NodeMetrics {
    return this.options.metrics;
  }

  /** The cluster map as this node's meta replica has applied it. */
  get map(): ClusterMap {
    return this.meta.stateMachine.map;
  }

  get metaAppliedIndex(): number {
    return this.meta.stateMachine.appliedIndex;
  }

  static async open(options: VectorNodeOptions): Promise<VectorNode> {
    await mkdir(options.dataDir, { recursive: true });
    const db = new ClassicLevel<string, Uint8Array>(join(options.dataDir, 'db'), { valueEncoding: 'view' });
    await db.open();
    try {
      const log = await LevelLogStorage.open(db, { encryption: options.encryption });
      for (const c of log.corruptions()) options.logger.error({ event: 'log_corruption', group: c.group, err: c.message }, 'group log failed verification; the group is stopped');
      let node: VectorNode | null = null;
      const scheduler = new RaftScheduler(log, {
        tickMs: options.tickMs,
        ...(options.compactEveryEntries !== undefined ? { compactEveryEntries: options.compactEveryEntries } : {}),
        send: (group, messages) => node?.send(group, messages),
        afterReady: (group, rd) => node?.afterReady(group.id, rd),
        onLogWrite: (seconds) => {
          options.metrics.observeFsync(seconds);
          if (seconds > 0.1) options.logger.warn({ event: 'slow_fsync', ms: Math.round(seconds * 1000) }, 'slow synced log write');
        },
        onGroupFailed: (group, error) => options.logger.error({ event: 'group_failed', group, err: error.message }, 'group stopped'),
        onCompactionFailed: (group, error) => options.logger.warn({ event: 'compaction_failed', group, err: error.message }, 'log compaction failed; will retry'),
      });
      node = new VectorNode(options, db, log, scheduler);
      await node.openMeta();
      await node.reconcile();
      scheduler.start();
      node.transport.start();
      return node;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  // ---- groups ------------------------------------------------------------------------------

  private rawNode(groupId: number, applied: number): RawNode {
    return new RawNode({
      id: this.id,
      storage: this.log.storage(groupId),
      rng: new SeededRng((this.id * 0x9e3779b1 + groupId) >>> 0),
      applied,
      electionTick: ELECTION_TICK,
      heartbeatTick: HEARTBEAT_TICK,
      preVote: true,
      checkQuorum: true,
    });
  }

  /** The applied index to restart a group's core at: what both the log and the state machine cover. */
  private restartApplied(groupId: number, smApplied: number): number {
    const st = this.log.storage(groupId).initialState();
    return Math.max(this.log.storage(groupId).firstIndex() - 1, Math.min(smApplied, st.hardState.commit));
  }

  /** The cluster this node belongs to (checked in every peer hello). */
  get clusterId(): string {
    return this.options.identity.clusterId;
  }

  private async openMeta(): Promise<void> {
    const { identity } = this.options;
    const sm = await MetaStateMachine.open(this.db.sublevel('meta', { valueEncoding: 'view' }), () => this.scheduleReconcile(), this.options.encryption);
    // A node that joined a running cluster starts empty: the meta leader's snapshot founds its replica.
    if (!this.log.groups().includes(META_GROUP_ID) && identity.joined !== true) {
      // Bootstrap: every founding node writes the same first snapshot (membership and map).
      const ids = [...identity.initialCluster.keys()].sort((a, b) => a - b);
      const voters = ids.slice(0, MAX_META_VOTERS);
      const conf: ConfState = { voters, learners: ids.slice(MAX_META_VOTERS), votersOutgoing: [], learnersNext: [], autoLeave: false };
      const map = new ClusterMap();
      for (const id of ids) map.nodes.set(id, { id, clientAddress: '', peerAddress: identity.initialCluster.get(id)!, zone: '' });
      const data = map.encode();
      await this.log.write(META_GROUP_ID, bootstrapWrite(conf, data));
      await sm.restoreSnapshot({ metadata: { index: 1, term: 1, confState: conf }, data });
    }
    const raft = new RaftGroup<MetaApplyResult>(META_GROUP_ID, this.rawNode(META_GROUP_ID, this.restartApplied(META_GROUP_ID, sm.appliedIndex)), sm);
    this.meta = { kind: 'meta', id: META_GROUP_ID, raft, stateMachine: sm, freshness: new FollowerFreshness() };
    this.replicas.set(META_GROUP_ID, this.meta);
    this.scheduler.add(raft);
    for (const n of sm.map.nodes.values()) if (n.peerAddress !== '') this.transport.setPeer(n.id, n.peerAddress);
  }

  private scheduleReconcile(): void {
    // The bootstrap snapshot is restored before the meta replica exists; open() reconciles after.
    if ((this.meta as MetaReplica | undefined) === undefined) return;
    this.reconciling = this.reconciling.then(() => this.reconcile()).catch((e: unknown) => {
      this.logger.error({ event: 'reconcile_failed', err: e instanceof Error ? e.message : String(e) }, 'could not bring hosted groups in line with the cluster map');
    });
  }

  /** Opens the groups the map places here and drops those of dropped collections. */
  private async reconcile(): Promise<void> {
    if (this.closed) return;
    const map = this.map;
    for (const n of map.nodes.values()) if (n.peerAddress !== '') this.transport.setPeer(n.id, n.peerAddress);
    for (const g of map.groups.values()) {
      if (this.replicas.has(g.id)) continue;
      const hostedBefore = this.log.groups().includes(g.id);
      if (!hostedBefore && !g.replicas.includes(this.id)) continue;
      // A replica removed from its group is never founded again from the map's (possibly stale)
      // placement; if a leader adds this node back, its first message creates the replica.
      if (!hostedBefore && (await this.removedFrom(g.id))) continue;
      await this.openData(g, !hostedBefore);
    }
    for (const r of [...this.replicas.values()]) {
      if (r.kind === 'data' && !map.groups.has(r.id)) await this.dropData(r.id, 'its collection was dropped');
    }
    // Groups left on disk by a drop that crashed midway.
    for (const id of this.log.groups()) {
      if (id !== META_GROUP_ID && !map.groups.has(id) && !this.replicas.has(id) && !this.opening.has(id)) await this.dropGroupStorage(id);
    }
  }

  /**
   * Opens data group `g` here. `found`: write its founding membership (a replica placed at
   * creation); otherwise it starts empty and waits for its leader's snapshot.
   */
  openData(g: ClusterGroup, found: boolean): Promise<DataReplica | null> {
    const existing = this.replicas.get(g.id);
    if (existing !== undefined) return Promise.resolve(existing.kind === 'data' ? existing : null);
    let p = this.opening.get(g.id);
    if (p === undefined) {
      p = this.doOpenData(g, found).finally(() => this.opening.delete(g.id));
      this.opening.set(g.id, p);
    }
    return p;
  }

  private async doOpenData(g: ClusterGroup, found: boolean): Promise<DataReplica | null> {
    const col = this.map.collections.get(g.collection);
    if (col === undefined || this.closed) return null;
    if (found) {
      const conf: ConfState = { voters: [...g.replicas], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
      await this.log.write(g.id, bootstrapWrite(conf));
    } else if (!this.log.groups().includes(g.id)) {
      const term = await this.removedAtTerm(g.id);
      if (term !== null && term > 0) await this.log.write(g.id, { hardState: { term, vote: NONE, commit: 0 } });
    }
    const stateMachine = await VectorStateMachine.open({
      db: this.db,
      prefix: `g${g.id}`,
      schema: col.schema,
      checkpointDir: join(this.options.dataDir, 'groups', String(g.id)),
      // The log is compacted behind the applied index: each apply must be durable by itself.
      syncApply: true,
      log: (line) => this.logger.info({ event: 'recovery', group: g.id }, line),
      encryption: this.options.encryption,
    });
    const raft = new RaftGroup<ApplyResult>(g.id, this.rawNode(g.id, this.restartApplied(g.id, stateMachine.appliedIndex)), stateMachine);
    const replica: DataReplica = { kind: 'data', id: g.id, collection: g.collection, raft, stateMachine, freshness: new FollowerFreshness() };
    this.replicas.set(g.id, replica);
    this.scheduler.add(raft);
    this.logger.info({ event: 'group_opened', group: g.id, collection: g.collection, founded: found }, 'hosting group');
    return replica;
  }

  private async removedFrom(groupId: number): Promise<boolean> {
    return (await this.removedAtTerm(groupId)) !== null;
  }

  /**
   * The term this node's replica of the group had when it was removed (null: never removed; 0:
   * removed before the term was recorded). A replica created again for the group starts at that
   * term: a node must never forget a term it knew, or a deposed leader of an older term could
   * count this node's fresh replica towards a quorum (jepsen-lite finding 4).
   */
  private async removedAtTerm(groupId: number): Promise<number | null> {
    const v = await this.db.get(`removed/${groupId}`);
    if (v === undefined) return null;
    return v.length >= 8 ? Number(new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0)) : 0;
  }

  private async dropData(groupId: number, why: string, removed = false): Promise<void> {
    const r = this.replicas.get(groupId);
    if (r === undefined || r.kind !== 'data') return;
    this.replicas.delete(groupId);
    this.scheduler.remove(groupId);
    await this.scheduler.idle();
    const term = r.raft.node.status().hardState.term;
    r.raft.fail(new ServerError('NOT_FOUND', `group ${groupId} is no longer hosted on node ${this.id}: ${why}`, { retryable: true }));
    await r.stateMachine.close({ checkpoint: false });
    if (removed) {
      const marker = new Uint8Array(8);
      new DataView(marker.buffer).setBigUint64(0, BigInt(term));
      await this.db.put(`removed/${groupId}`, marker, SYNCED);
    }
    await this.dropGroupStorage(groupId);
    this.options.metrics.removeGroup(groupId);
    this.logger.info({ event: 'group_dropped', group: groupId, why }, 'dropped group');
  }

  private async dropGroupStorage(groupId: number): Promise<void> {
    await this.log.dropGroup(groupId);
    await this.db.sublevel(`g${groupId}`, { valueEncoding: 'view' }).clear();
    await rm(join(this.options.dataDir, 'groups', String(groupId)), { recursive: true, force: true });
  }

  replica(groupId: number): Replica | undefined {
    return this.replicas.get(groupId);
  }

  dataReplica(groupId: number): DataReplica | undefined {
    const r = this.replicas.get(groupId);
    return r?.kind === 'data' ? r : undefined;
  }

  metaRaft(): RaftGroup<MetaApplyResult> {
    return this.meta.raft;
  }

  hostedGroups(): number[] {
    return [...this.replicas.keys()];
  }

  /** The leader this node knows for a hosted group (0 = none known). */
  leaderOf(groupId: number): NodeId {
    const r = this.replicas.get(groupId);
    return r === undefined ? NONE : r.raft.node.status().softState.leader;
  }

  // ---- Raft traffic ------------------------------------------------------------------------

  private send(groupId: number, messages: readonly Message[]): void {
    const plain: Message[] = [];
    for (const m of messages) {
      // A data group's snapshot is its state machine, streamed on its own call; the meta
      // group's (the map, small) rides in the message.
      if (m.type === MessageType.Snap && groupId !== META_GROUP_ID) this.snapshots.send(groupId, m);
      else plain.push(m);
    }
    if (plain.length > 0) this.transport.send(groupId, plain);
  }

  private leaderCommit(groupId: number): number | null {
    const r = this.replicas.get(groupId);
    if (r === undefined) return null;
    const st = r.raft.node.status();
    return st.softState.role === StateRole.Leader && st.leaseValid ? st.commit : null;
  }

  private onBatch(from: NodeId, batch: RaftBatch__Output): void {
    const now = performance.now();
    for (const gm of batch.groups) {
      const r = this.replicas.get(gm.groupId);
      if (r === undefined) {
        void this.openForMessage(gm.groupId, from, gm.messages.map(messageFromWire));
        continue;
      }
      for (const w of gm.messages) {
        try {
          const m = messageFromWire(w);
          if (this.mustNotVote(r, m)) continue;
          r.raft.step(m);
        } catch (e) {
          this.logger.warn({ event: 'bad_message', from, group: gm.groupId, err: e instanceof Error ? e.message : String(e) }, 'dropped a Raft message');
        }
      }
      this.checkReplication(gm.groupId);
    }
    for (const lc of batch.leaderCommits) {
      const r = this.replicas.get(lc.groupId);
      if (r === undefined) continue;
      const st = r.raft.node.status();
      if (st.softState.leader === from) r.freshness.observe(now, lc.commit, st.applied);
    }
    this.scheduler.kick();
  }

  /**
   * A message for a group not hosted here: a leader added this node to the group (a learner
   * first). Open it empty (it will receive a snapshot) if the map knows the group.
   */
  private async openForMessage(groupId: number, from: NodeId, messages: Message[]): Promise<void> {
    const g = this.map.groups.get(groupId);
    const fromLeader = messages.some((m) => m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap);
    if (g === undefined || !fromLeader || this.closed) return;
    const r = await this.openData(g, false);
    if (r === null) return;
    const startTerm = r.raft.node.status().hardState.term;
    for (const m of messages) if (!this.mustNotVote(r, m)) r.raft.step(m);
    this.logger.info({ event: 'replica_created', group: groupId, leader: from, startTerm }, 'created a replica for a leader that includes this node');
    this.scheduler.kick();
  }

  /**
   * A replica that is not a voter of its own configuration — one created empty for a leader's
   * message, waiting for its snapshot — must not vote: having no log, it would vote for any
   * candidate, also a deposed leader whose stale configuration still lists this node, which
   * could then win without the nodes that hold the newer entries. It votes once a snapshot or
   * the log has made it a voter.
   */
  private mustNotVote(r: DataReplica | MetaReplica, m: Message): boolean {
    if (m.type !== MessageType.Vote && m.type !== MessageType.PreVote) return false;
    const conf = r.raft.node.status().confState;
    return !conf.voters.includes(this.id) && !conf.votersOutgoing.includes(this.id);
  }

  private afterReady(groupId: number, rd: Ready): void {
    const r = this.replicas.get(groupId);
    if (r === undefined) return;
    const st = r.raft.node.status();
    r.freshness.onApplied(st.applied);
    if (rd.softState !== null) {
      const prev = this.lastLeader.get(groupId) ?? NONE;
      if (rd.softState.leader !== prev) {
        this.lastLeader.set(groupId, rd.softState.leader);
        this.options.metrics.leaderChanged(groupId);
        this.logger.info({ event: 'leader_changed', group: groupId, term: st.hardState.term, leader: rd.softState.leader, previous: prev }, 'leader changed');
      }
      if (rd.softState.role !== StateRole.Leader) this.failReplicationWaiters(groupId);
    }
    for (const e of rd.committedEntries) {
      if (e.type === EntryType.ConfChange) this.logger.info({ event: 'conf_change', group: groupId, index: e.index, voters: st.confState.voters, learners: st.confState.learners }, 'membership changed');
    }
    if (r.kind === 'data' && rd.committedEntries.some((e) => e.type === EntryType.ConfChange) && !confMembers(st.confState).includes(this.id) && st.confState.voters.length > 0) {
      // This node was removed from the group: its replica goes once the removal is applied.
      void this.dropData(groupId, 'removed from the group membership', true).catch((e: unknown) => {
        this.logger.error({ event: 'drop_failed', group: groupId, err: e instanceof Error ? e.message : String(e) }, 'could not drop a removed replica');
      });
    }
    if (rd.snapshot !== null) this.logger.info({ event: 'snapshot_installed', group: groupId, index: rd.snapshot.metadata.index }, 'installed a snapshot');
    this.checkReplication(groupId);
    this.options.metrics.setGroupState(groupId, {
      term: st.hardState.term, commitIndex: st.commit, appliedIndex: st.applied, isLeader: st.softState.role === StateRole.Leader,
      ...(r.kind === 'data' ? { hnswSize: r.stateMachine.count() } : {}),
    });
  }

  // ---- replication acks --------------------------------------------------------------------

  /** Voters (this leader included) whose log durably holds `index`. */
  replicatedCount(groupId: number, index: number): number {
    const r = this.replicas.get(groupId);
    if (r === undefined) return 0;
    const st = r.raft.node.status();
    let n = 0;
    for (const v of st.confState.voters) if ((st.progress.get(v)?.match ?? 0) >= index) n++;
    return n;
  }

  /** Resolves once `replicas` voters hold `index` durably; the caller bounds the wait. */
  whenReplicated(groupId: number, index: number, replicas: number): Promise<void> {
    if (this.replicatedCount(groupId, index) >= replicas) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.replicationWaiters.get(groupId) ?? [];
      list.push({ index, replicas, resolve });
      this.replicationWaiters.set(groupId, list);
    });
  }

  /** Forgets a waiter whose caller gave up. */
  forgetReplicationWaiters(groupId: number, index: number): void {
    const list = this.replicationWaiters.get(groupId);
    if (list === undefined) return;
    const still = list.filter((w) => w.index !== index);
    if (still.length === 0) this.replicationWaiters.delete(groupId);
    else this.replicationWaiters.set(groupId, still);
  }

  private checkReplication(groupId: number): void {
    const list = this.replicationWaiters.get(groupId);
    if (list === undefined || list.length === 0) return;
    const still: ReplicationWaiter[] = [];
    for (const w of list) {
      if (this.replicatedCount(groupId, w.index) >= w.replicas) w.resolve();
      else still.push(w);
    }
    if (still.length === 0) this.replicationWaiters.delete(groupId);
    else this.replicationWaiters.set(groupId, still);
  }

  private failReplicationWaiters(groupId: number): void {
    // Leadership was lost: those waits end at their deadline with "outcome unknown".
    this.replicationWaiters.delete(groupId);
  }

  /** Per follower of a group this node leads: entries behind and ms since it last matched. */
  replicationLag(groupId: number): { entries: Map<NodeId, number>; ms: Map<NodeId, number> } {
    const entries = new Map<NodeId, number>();
    const ms = new Map<NodeId, number>();
    const r = this.replicas.get(groupId);
    if (r === undefined) return { entries, ms };
    const st = r.raft.node.status();
    if (st.softState.role !== StateRole.Leader) return { entries, ms };
    const now = performance.now();
    for (const [peer, p] of st.progress) {
      if (peer === this.id) continue;
      const key = `${groupId}/${peer}`;
      const behind = Math.max(0, st.lastIndex - p.match);
      if (behind === 0) this.matchedAtMs.set(key, now);
      const at = this.matchedAtMs.get(key);
      entries.set(peer, behind);
      ms.set(peer, behind === 0 ? 0 : at === undefined ? -1 : Math.round(now - at));
      this.options.metrics.setReplicationLag(groupId, peer, behind, behind === 0 ? 0 : at === undefined ? 0 : now - at);
    }
    return { entries, ms };
  }

  /** Samples lag of every group this node leads (called on a timer, so lag ages while idle). */
  sampleLag(): void {
    for (const id of this.replicas.keys()) this.replicationLag(id);
  }

  // ---- meta --------------------------------------------------------------------------------

  /** Proposes a meta command on this node, which must lead the meta group. */
  async proposeMetaLocally(c: MetaCommand): Promise<MetaApplyResult> {
    this.scheduler.kick();
    const p = this.meta.raft.propose(encodeMetaCommand(c));
    this.scheduler.kick();
    return p;
  }

  waitMetaApplied(index: number): Promise<void> {
    return this.meta.raft.whenApplied(index);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Hands the leadership of every group this node leads to another voter, waiting up to `timeoutMs`. */
  async transferLeadershipsAway(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (const r of this.replicas.values()) {
      if (r.raft.failure !== null) continue;
      const st = r.raft.node.status();
      if (st.softState.role !== StateRole.Leader) continue;
      const target = st.confState.voters.filter((v) => v !== this.id).sort((a, b) => (st.progress.get(b)?.match ?? 0) - (st.progress.get(a)?.match ?? 0))[0];
      if (target === undefined) continue;
      const refused = await r.raft.run((n) => n.transferLeadership(target));
      if (!refused.ok) this.logger.warn({ event: 'transfer_refused', group: r.id, to: target, reason: refused.error.message }, 'could not hand the leadership over before stopping');
    }
    this.scheduler.kick();
    while (performance.now() < deadline) {
      const leading = [...this.replicas.values()].filter((r) => r.raft.node.status().softState.role === StateRole.Leader && r.raft.node.status().confState.voters.length > 1);
      if (leading.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.reconciling;
    await this.scheduler.close();
    this.transport.close();
    await this.snapshots.close();
    for (const r of this.replicas.values()) {
      r.raft.fail(new ServerError('UNAVAILABLE', `node ${this.id} is shutting down`, { retryable: true }));
      if (r.kind === 'data') await r.stateMachine.close();
    }
    this.replicas.clear();
    await this.log.close();
    await this.db.close();
  }
}
