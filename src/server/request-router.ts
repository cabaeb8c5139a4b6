import { ConfChangeType, NONE, StateRole, type NodeId } from '../raft/index.js';
import {
  COLLECTION_NAME_PATTERN, defineSchema, validateDeleteBatch, validateUpsertBatch, VectorStoreError,
  type ApplyResult,
} from '../store/vector/index.js';
import type { AckLevel__Output } from '../wire/gen/vstudio/v1/AckLevel.js';
import type { AdminRequest, AdminRequest__Output } from '../wire/gen/vstudio/v1/AdminRequest.js';
import type { NodeStatusRequest } from '../wire/gen/vstudio/v1/NodeStatusRequest.js';
import type { AdminResponse } from '../wire/gen/vstudio/v1/AdminResponse.js';
import type { ClusterStatusResponse } from '../wire/gen/vstudio/v1/ClusterStatusResponse.js';
import type { CollectionInfo } from '../wire/gen/vstudio/v1/CollectionInfo.js';
import type { Consistency__Output } from '../wire/gen/vstudio/v1/Consistency.js';
import type { CountRequest__Output } from '../wire/gen/vstudio/v1/CountRequest.js';
import type { CreateCollectionRequest__Output } from '../wire/gen/vstudio/v1/CreateCollectionRequest.js';
import type { DeleteRequest__Output } from '../wire/gen/vstudio/v1/DeleteRequest.js';
import type { DeleteResponse } from '../wire/gen/vstudio/v1/DeleteResponse.js';
import type { GetRequest__Output } from '../wire/gen/vstudio/v1/GetRequest.js';
import type { GroupStatus } from '../wire/gen/vstudio/v1/GroupStatus.js';
import type { NodeStatusResponse } from '../wire/gen/vstudio/v1/NodeStatusResponse.js';
import type { ProposeRequest } from '../wire/gen/vstudio/v1/ProposeRequest.js';
import type { ProposeResponse } from '../wire/gen/vstudio/v1/ProposeResponse.js';
import type { ReadOptions__Output } from '../wire/gen/vstudio/v1/ReadOptions.js';
import type { ReadRequest } from '../wire/gen/vstudio/v1/ReadRequest.js';
import type { ReadResponse } from '../wire/gen/vstudio/v1/ReadResponse.js';
import type { SearchRequest__Output } from '../wire/gen/vstudio/v1/SearchRequest.js';
import type { UpsertRequest__Output } from '../wire/gen/vstudio/v1/UpsertRequest.js';
import type { UpsertResponse } from '../wire/gen/vstudio/v1/UpsertResponse.js';
import { ConsistentRing, fromDescription, IdRanges, newShardingDescription, ShardingError, type Sharding, type ShardingKind } from '../shard/index.js';
import type { JsonObject } from '../store/vector/index.js';
import type { Struct__Output } from '../wire/gen/google/protobuf/Struct.js';
import type { ReshardRequest__Output } from '../wire/gen/vstudio/v1/ReshardRequest.js';
import type { ReshardResponse } from '../wire/gen/vstudio/v1/ReshardResponse.js';
import { structToJson } from '../wire/struct.js';
import { isControlCommand } from '../store/vector/command-codec.js';
import { distance } from '../store/vector/distance.js';
import type { SearchResponse } from '../wire/gen/vstudio/v1/SearchResponse.js';
import { retiredGroups, type ClusterCollection } from './cluster-map.js';
import { groupProblems } from './group-health.js';
import { gatherShards } from './scatter-gather.js';
import { mergeShardHits, settle } from './search-merge.js';
import type { PlantedBug } from './node-options.js';
import { META_GROUP_ID } from './cluster-map.js';
import { callPeer } from './peer-calls.js';
import { OutcomeUnknownError, ProposalRefusedError, ReadAbandonedError } from './raft-group.js';
import {
  collectionToWire, deleteInputs, filterFromWire, getIds, hitToWire, itemResultToWire, metricFromWire, recordToWire, searchVector,
  storeErrorToServer, upsertInputs,
} from './request-codec.js';
import { withDeadline } from './deadline.js';
import { ServerError } from './server-error.js';
import type { VectorNode } from './vector-node.js';
import type { Coordinator } from './coordinator.js';
import type { ListOperatorsResponse } from '../wire/gen/vstudio/v1/ListOperatorsResponse.js';
import type { JoinClusterRequest__Output } from '../wire/gen/vstudio/v1/JoinClusterRequest.js';
import type { JoinClusterResponse } from '../wire/gen/vstudio/v1/JoinClusterResponse.js';
import type { UpdateCollectionRequest__Output } from '../wire/gen/vstudio/v1/UpdateCollectionRequest.js';

/**
 * Committed entries a leader may have waiting to be applied before it refuses new writes with
 * RESOURCE_EXHAUSTED: the apply backlog is bounded like every other queue.
 */
export const MAX_APPLY_BACKLOG_ENTRIES = 8_192;
/** Default bound of `follower` reads when the request names none. */
export const DEFAULT_MAX_STALENESS_MS = 5_000;
/**
 * Shards one collection may be created with. Every shard is a Raft group with its own HNSW index
 * on each replica; far more groups than cores only adds overhead (heartbeats, memory).
 */
export const MAX_SHARDS_PER_COLLECTION = 256;
/** Pause between attempts while a group has no leader or a leader moved. */
const RETRY_PAUSE_MS = 25;
const RETRY_PAUSE_MAX_MS = 200;

interface Ack {
  readonly level: 'async' | 'majority' | 'all' | 'replicas';
  readonly replicas: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A record as a reshard copies it. */
export interface VectorRecordInput {
  readonly id: string;
  readonly vector: Float32Array;
  readonly payload: JsonObject;
}

/** A group a request was routed to was retired by a reshard (nothing was done there): route again. */
class RouteChangedError extends Error {
  constructor(readonly groupId: number) {
    super(`group ${groupId} is no longer routed to`);
  }
}

/** Maps what the Raft layer threw while serving a request into a ServerError. */
function raftError(e: unknown, groupId: number, self: NodeId, write: boolean): ServerError {
  if (e instanceof ServerError) return e;
  if (e instanceof ProposalRefusedError) {
    const r = e.refusal;
    if (r.code === 'NOT_LEADER' || r.code === 'NO_LEADER' || r.code === 'TRANSFER_IN_PROGRESS' || r.code === 'LEASE_UNAVAILABLE') {
      return new ServerError('UNAVAILABLE', `group ${groupId} on node ${self}: ${r.message}`, { retryable: true, leaderHint: r.code === 'NOT_LEADER' ? r.leader : NONE });
    }
    if (r.code === 'UNCOMMITTED_LOG_FULL') return new ServerError('RESOURCE_EXHAUSTED', `group ${groupId}: ${r.message}`);
    return new ServerError('FAILED_PRECONDITION', `group ${groupId}: ${r.message}`);
  }
  if (e instanceof OutcomeUnknownError) return new ServerError('UNAVAILABLE', e.message, { outcomeUnknown: write });
  if (e instanceof ReadAbandonedError) return new ServerError('UNAVAILABLE', e.message, { retryable: true });
  if (e instanceof VectorStoreError) return new ServerError(e.grpcStatus, e.message, e.field !== undefined ? { field: e.field } : {});
  return new ServerError('INTERNAL', e instanceof Error ? e.message : String(e));
}

/**
 * Serves client requests on any node: finds the group of a collection in the cluster map,
 * serves locally when this node is the replica that must answer (the leader for writes and
 * linearizable or lease reads; any replica for follower reads), and otherwise forwards to it
 * over the peer port, retrying inside the request's deadline while leadership moves.
 */
export class RequestRouter {
  /** Leaders learned from refusals, per group (for groups this node does not host). */
  private readonly leaderCache = new Map<number, NodeId>();
  /** Set once the node's coordinator exists (it needs this router). */
  coordinator: Coordinator | null = null;

  constructor(
    private readonly node: VectorNode,
    private readonly defaultReplicas: number,
    /** jepsen-lite's teeth tests only: see NodeOptions.plantedBug. */
    private readonly plantedBug?: PlantedBug,
  ) {}

  // ---- routing -----------------------------------------------------------------------------

  /** The collection, as of a linearizable read of the cluster map when it is not known here. */
  private async collection(name: string, deadlineMs: number, field = 'collection'): Promise<ClusterCollection> {
    if (typeof name !== 'string' || name.length === 0) throw new ServerError('INVALID_ARGUMENT', `${field} is empty`, { field });
    let c = this.node.map.collections.get(name);
    if (c === undefined) {
      await this.syncMeta(deadlineMs);
      c = this.node.map.collections.get(name);
    }
    if (c === undefined) throw new ServerError('NOT_FOUND', `collection "${name}" does not exist`, { field });
    return c;
  }

  /** Waits until this node's cluster map reflects every meta change committed before the call. */
  private async syncMeta(deadlineMs: number): Promise<void> {
    await this.retrying(deadlineMs, false, async () => {
      try {
        const index = await this.node.metaRaft().readIndex('safe');
        await this.node.waitMetaApplied(index);
      } catch (e) {
        throw raftError(e, META_GROUP_ID, this.node.id, false);
      }
    });
  }

  private readonly strategies = new WeakMap<ClusterCollection, Sharding>();

  /** The collection's strategy, built once per committed description. */
  private strategyOf(c: ClusterCollection): Sharding {
    let s = this.strategies.get(c);
    if (s === undefined) {
      s = fromDescription(c.description);
      this.strategies.set(c, s);
    }
    return s;
  }

  /** The group serving `id`. */
  private groupOf(c: ClusterCollection, id: string): number {
    if (c.groupIds.length === 1) return c.groupIds[0]!;
    const strategy = this.strategyOf(c);
    const range = strategy.rangeOf(id);
    const at = strategy.ranges().findIndex((r) => r.id === range);
    return c.groupIds[at]!;
  }

  /** The positions of `items` per group that serves them, groups in first-seen order. */
  private partition<T>(c: ClusterCollection, items: readonly T[], idOf: (t: T) => string): Map<number, number[]> {
    const out = new Map<number, number[]>();
    items.forEach((t, i) => {
      const g = this.groupOf(c, idOf(t));
      const list = out.get(g);
      if (list === undefined) out.set(g, [i]);
      else list.push(i);
    });
    return out;
  }

  /** The epoch of the range a group serves, as this node's map has it (0 = unknown group). */
  private epochOf(groupId: number): number {
    return this.node.map.groups.get(groupId)?.epoch ?? 0;
  }

  /**
   * Refuses a request routed with another epoch of the group's range than this replica's map
   * holds: the router's map is stale (or this node's is), so the router refreshes and retries.
   */
  private checkEpoch(groupId: number, epoch: number): void {
    if (epoch === 0) return;
    const mine = this.epochOf(groupId);
    if (mine !== 0 && mine !== epoch) {
      throw new ServerError('UNAVAILABLE', `stale route: group ${groupId} serves its range at epoch ${mine}, the request was routed at epoch ${epoch}`, { retryable: true });
    }
  }

  private replicasOf(groupId: number): NodeId[] {
    return [...(this.node.map.groups.get(groupId)?.replicas ?? [])];
  }

  /** Who to try for a leader-served request: the known leader, else each replica in turn. */
  private leaderCandidate(groupId: number, attempt: number): NodeId {
    const local = this.node.replica(groupId);
    if (local !== undefined) {
      const leader = local.raft.node.status().softState.leader;
      if (leader !== NONE) return leader;
    }
    const cached = this.leaderCache.get(groupId);
    if (cached !== undefined && attempt % 3 !== 2) return cached;
    const replicas = this.replicasOf(groupId);
    return replicas.length === 0 ? this.node.id : replicas[attempt % replicas.length]!;
  }

  /** Runs `op` until it succeeds, fails for good, or the deadline passes (then the last error). */
  private async retrying<T>(deadlineMs: number, write: boolean, op: (attempt: number) => Promise<T>): Promise<T> {
    let last: ServerError | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        return await op(attempt);
      } catch (e) {
        if (e instanceof RouteChangedError) throw e;
        const err = e instanceof ServerError ? e : raftError(e, 0, this.node.id, write);
        if (!err.retryable) throw err;
        last = err;
      }
      const pause = Math.min(RETRY_PAUSE_MAX_MS, RETRY_PAUSE_MS * 2 ** Math.min(attempt, 4));
      if (Date.now() + pause >= deadlineMs) {
        // Every attempt was refused before doing anything: a definite UNAVAILABLE, not "unknown".
        throw new ServerError('UNAVAILABLE', `${last.message} (gave up at the deadline)`, {
          ...(last.field !== undefined ? { field: last.field } : {}),
        });
      }
      await sleep(pause * (0.5 + Math.random() / 2));
    }
  }

  private noteLeader(groupId: number, e: ServerError): void {
    if (e.leaderHint !== NONE) this.leaderCache.set(groupId, e.leaderHint);
    else this.leaderCache.delete(groupId);
  }

  private peerClient(peer: NodeId): NonNullable<ReturnType<VectorNode['transport']['client']>> {
    const c = this.node.transport.client(peer);
    if (c === null) throw new ServerError('UNAVAILABLE', `no address known for node ${peer}`, { retryable: true });
    return c;
  }

  // ---- writes ------------------------------------------------------------------------------

  private ack(level: AckLevel__Output, n: number, voters: number): Ack {
    switch (level) {
      case 'ACK_LEVEL_ASYNC': return { level: 'async', replicas: 1 };
      case 'ACK_LEVEL_ALL': return { level: 'all', replicas: voters };
      case 'ACK_LEVEL_REPLICAS': {
        const majority = Math.floor(voters / 2) + 1;
        if (!Number.isInteger(n) || n < majority || n > voters) {
          throw new ServerError('INVALID_ARGUMENT', `ack_replicas must be between the majority (${majority}) and the replicas (${voters}), got ${n}`, { field: 'ack_replicas' });
        }
        return { level: 'replicas', replicas: n };
      }
      default: return { level: 'majority', replicas: Math.floor(voters / 2) + 1 };
    }
  }

  async upsert(req: UpsertRequest__Output, deadlineMs: number): Promise<UpsertResponse> {
    const c = await this.collection(req.collection, deadlineMs);
    let bytes: Uint8Array;
    try {
      bytes = validateUpsertBatch(c.schema, upsertInputs(req.items)).bytes;
    } catch (e) {
      if (e instanceof VectorStoreError) throw storeErrorToServer(e, 'upsert');
      throw e;
    }
    const r = await this.proposeSharded(c, req.items, (it) => it.record?.id ?? '', bytes,
      (part) => validateUpsertBatch(c.schema, upsertInputs(part)).bytes, req.ack, req.ackReplicas, deadlineMs);
    if (req.ack === 'ACK_LEVEL_ASYNC') {
      // Durable on the leader, applied later: every item is accepted, none has an outcome yet.
      return { upserted: req.items.length, results: req.items.map((it) => ({ id: it.record?.id ?? '', status: 'ITEM_STATUS_ACCEPTED', version: 0 })), index: r.index };
    }
    return { upserted: r.results.filter((x) => x.status === 'ITEM_STATUS_UPSERTED').length, results: r.results, index: r.index };
  }

  async delete(req: DeleteRequest__Output, deadlineMs: number): Promise<DeleteResponse> {
    const c = await this.collection(req.collection, deadlineMs);
    let bytes: Uint8Array;
    try {
      bytes = validateDeleteBatch(deleteInputs(req.items)).bytes;
    } catch (e) {
      if (e instanceof VectorStoreError) throw storeErrorToServer(e, 'delete');
      throw e;
    }
    const r = await this.proposeSharded(c, req.items, (it) => it.id, bytes, (part) => validateDeleteBatch(deleteInputs(part)).bytes, req.ack, req.ackReplicas, deadlineMs);
    if (req.ack === 'ACK_LEVEL_ASYNC') {
      return { deleted: req.items.length, results: req.items.map((it) => ({ id: it.id, status: 'ITEM_STATUS_ACCEPTED', version: 0 })), index: r.index };
    }
    return { deleted: r.results.filter((x) => x.status === 'ITEM_STATUS_DELETED').length, results: r.results, index: r.index };
  }

  /**
   * Proposes a batch to the groups that serve its items: the whole batch (`command`, already
   * encoded) when one group serves them all, else each group's part (encoded by `encode`) in
   * parallel. Each group applies its part atomically; the batch as a whole is not atomic across
   * shards. When a part fails after another was applied, the error says so and the outcome is
   * unknown (the client must not assume that nothing was written).
   */
  private async proposeSharded<T>(
    collection: ClusterCollection, items: readonly T[], idOf: (t: T) => string, command: Uint8Array, encode: (part: T[]) => Uint8Array,
    ack: AckLevel__Output, ackReplicas: number, deadlineMs: number,
  ): Promise<{ results: NonNullable<ProposeResponse['results']>; index: number }> {
    let c = collection;
    const results: NonNullable<ProposeResponse['results']> = new Array(items.length);
    let index = 0;
    let applied = 0;
    let parts = 0;
    const failures: { group: number; error: ServerError }[] = [];
    // Items whose group was retired by a reshard while they were in flight (nothing of theirs was
    // written) are routed again by the new map, inside the deadline.
    let pending = items.map((_, i) => i);
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) c = await this.collection(c.name, deadlineMs);
      const byGroup = this.partition(c, pending, (i) => idOf(items[i]!));
      for (const g of byGroup.keys()) this.ack(ack, ackReplicas, Math.max(1, this.replicasOf(g).length));
      const whole = round === 0 && byGroup.size === 1;
      const groups = [...byGroup];
      const name = c.name;
      const settled = await Promise.allSettled(groups.map(([g, at]) => {
        const mine = at.map((k) => pending[k]!);
        return this.propose(g, whole ? command : encode(mine.map((i) => items[i]!)), ack, ackReplicas, mine.length, deadlineMs, () => this.routed(name, g));
      }));
      const again: number[] = [];
      settled.forEach((r, k) => {
        const [g, at] = groups[k]!;
        const mine = at.map((j) => pending[j]!);
        if (r.status === 'rejected') {
          if (r.reason instanceof RouteChangedError && Date.now() < deadlineMs) {
            again.push(...mine);
            return;
          }
          parts++;
          failures.push({ group: g, error: r.reason instanceof ServerError ? r.reason : raftError(r.reason, g, this.node.id, true) });
          return;
        }
        parts++;
        applied++;
        index = Math.max(index, r.value.index);
        mine.forEach((itemAt, j) => { results[itemAt] = r.value.results[j] ?? { id: idOf(items[itemAt]!), status: 'ITEM_STATUS_ACCEPTED', version: 0 }; });
      });
      pending = again;
    }
    if (failures.length > 0) {
      const { group, error: err } = failures[0]!;
      if (applied === 0) throw err;
      throw new ServerError(err.code, `${applied} of ${parts} shards applied their part of the batch; group ${group}: ${err.message}`, {
        outcomeUnknown: true, ...(err.field !== undefined ? { field: err.field } : {}),
      });
    }
    return { results: ack === 'ACK_LEVEL_ASYNC' ? [] : results, index };
  }

  /** Whether the collection still routes to `groupId` (a reshard retires groups). */
  private routed(collection: string, groupId: number): boolean {
    return this.node.map.collections.get(collection)?.groupIds.includes(groupId) ?? false;
  }

  /** Runs a read with the collection's current map, again with the new one if a reshard retired a group it used. */
  private async rerouting<T>(collection: string, deadlineMs: number, run: (c: ClusterCollection) => Promise<T>): Promise<T> {
    for (;;) {
      const c = await this.collection(collection, deadlineMs);
      try {
        return await run(c);
      } catch (e) {
        if (!(e instanceof RouteChangedError) || Date.now() >= deadlineMs) throw e;
      }
    }
  }

  private async propose(
    groupId: number, command: Uint8Array, ack: AckLevel__Output, ackReplicas: number, items: number, deadlineMs: number, routed?: () => boolean,
  ): Promise<ProposeResponse & { results: NonNullable<ProposeResponse['results']>; index: number }> {
    // Checks the ack level against the group's size before anything is proposed.
    this.ack(ack, ackReplicas, Math.max(1, this.replicasOf(groupId).length));
    const req: ProposeRequest = { groupId, command, ack, ackReplicas, items, epoch: this.epochOf(groupId) };
    const res = await this.retrying(deadlineMs, true, async (attempt) => {
      const target = this.leaderCandidate(groupId, attempt);
      try {
        if (target === this.node.id) return await this.proposeLocal(req, deadlineMs);
        const client = this.peerClient(target);
        return await callPeer<ProposeRequest, ProposeResponse>((q, md, o, cb) => client.Propose(q, md, o, cb), req, deadlineMs, target, true);
      } catch (e) {
        if (e instanceof ServerError && e.retryable) {
          this.noteLeader(groupId, e);
          if (e.message.startsWith('stale route')) await this.syncMeta(deadlineMs);
          if (routed !== undefined && !routed()) throw new RouteChangedError(groupId);
        }
        throw e;
      }
    });
    return { ...res, results: res.results ?? [], index: Number(res.index ?? 0) };
  }

  /** Proposes on this node, which must lead the group; answers per the ack level. */
  async proposeLocal(req: ProposeRequest, deadlineMs: number): Promise<ProposeResponse> {
    const groupId = Number(req.groupId ?? 0);
    const r = this.node.dataReplica(groupId);
    if (r === undefined) {
      throw new ServerError('UNAVAILABLE', `node ${this.node.id} holds no replica of group ${groupId}`, { retryable: true });
    }
    this.checkEpoch(groupId, Number(req.epoch ?? 0));
    const st = r.raft.node.status();
    if (st.softState.role !== StateRole.Leader) {
      throw new ServerError('UNAVAILABLE', `node ${this.node.id} is not the leader of group ${groupId}`, { retryable: true, leaderHint: st.softState.leader });
    }
    const command0 = req.command instanceof Uint8Array ? req.command : new Uint8Array();
    if (r.stateMachine.frozen && !isControlCommand(command0)) {
      throw new ServerError('UNAVAILABLE', `group ${groupId} is frozen for a reshard: nothing was written; retry`, { retryable: true });
    }
    if (st.commit - st.applied > MAX_APPLY_BACKLOG_ENTRIES) {
      throw new ServerError('RESOURCE_EXHAUSTED', `group ${groupId} has ${st.commit - st.applied} committed entries waiting to be applied (limit ${MAX_APPLY_BACKLOG_ENTRIES}); retry later`);
    }
    const ack = this.ack((req.ack ?? 'ACK_LEVEL_UNSPECIFIED') as AckLevel__Output, Number(req.ackReplicas ?? 0), st.confState.voters.length);
    const command = req.command instanceof Uint8Array ? req.command : new Uint8Array();
    const unknown = (what: string) => () => new ServerError('DEADLINE_EXCEEDED', `outcome unknown: ${what} before the deadline`, { outcomeUnknown: true });
    this.node.scheduler.kick();
    try {
      if (ack.level === 'async') {
        const p = r.raft.proposeDurable(command);
        this.node.scheduler.kick();
        const index = await withDeadline(p, deadlineMs, unknown(`the leader's log did not hold the write durably`));
        this.node.metrics.proposed(groupId, 'ok');
        return { index, results: [] };
      }
      const p = r.raft.propose(command);
      this.node.scheduler.kick();
      const started = performance.now();
      const applied: ApplyResult = await withDeadline(p, deadlineMs, unknown('the write was not committed'));
      this.node.metrics.observeApply(groupId, (performance.now() - started) / 1000);
      if (applied.status === 'rejected') {
        if (applied.error.code === 'SHARD_FROZEN') throw new ServerError('UNAVAILABLE', `group ${groupId}: ${applied.error.message}`, { retryable: true });
        throw storeErrorToServer(applied.error, 'upsert');
      }
      if (applied.status === 'skipped') throw new ServerError('INTERNAL', `entry ${applied.index} was applied twice`);
      if (ack.replicas > Math.floor(st.confState.voters.length / 2) + 1) {
        await withDeadline(this.node.whenReplicated(groupId, applied.index, ack.replicas), deadlineMs, () => {
          this.node.forgetReplicationWaiters(groupId, applied.index);
          const have = this.node.replicatedCount(groupId, applied.index);
          return new ServerError('DEADLINE_EXCEEDED',
            `outcome unknown: entry ${applied.index} is committed, but only ${have} of the ${ack.replicas} replicas that ack=${ack.level === 'all' ? 'all' : ack.replicas} asks for hold it durably`,
            { outcomeUnknown: true });
        });
      }
      this.node.metrics.proposed(groupId, 'ok');
      return { index: applied.index, results: applied.results.map(itemResultToWire) };
    } catch (e) {
      const err = raftError(e, groupId, this.node.id, true);
      this.node.metrics.proposed(groupId, err.outcomeUnknown ? 'unknown' : 'refused');
      throw err;
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  private consistency(read: ReadOptions__Output | null): { mode: Consistency__Output; maxStalenessMs: number } {
    const mode = read?.consistency ?? 'CONSISTENCY_UNSPECIFIED';
    const maxStalenessMs = read?.maxStalenessMs !== undefined && read.maxStalenessMs > 0 ? read.maxStalenessMs : DEFAULT_MAX_STALENESS_MS;
    return { mode: mode === 'CONSISTENCY_UNSPECIFIED' ? 'CONSISTENCY_LINEARIZABLE' : mode, maxStalenessMs };
  }

  /** Reads from the replica of `groupId` that the consistency asks for, forwarding if needed. */
  private async readGroup(
    groupId: number, read: ReadOptions__Output | null, request: Omit<ReadRequest, 'groupId' | 'read' | 'epoch'>, deadlineMs: number, routed?: () => boolean,
  ): Promise<ReadResponse> {
    const { mode, maxStalenessMs } = this.consistency(read);
    const req: ReadRequest = { ...request, groupId, read: { consistency: mode, maxStalenessMs }, epoch: this.epochOf(groupId) };
    return this.retrying(deadlineMs, false, async (attempt) => {
      let target: NodeId;
      if (mode === 'CONSISTENCY_FOLLOWER') {
        const replicas = this.replicasOf(groupId);
        target = this.node.dataReplica(groupId) !== undefined || replicas.length === 0 ? this.node.id : replicas[attempt % replicas.length]!;
      } else {
        target = this.leaderCandidate(groupId, attempt);
      }
      try {
        if (target === this.node.id) return await this.readLocal(req, deadlineMs);
        const client = this.peerClient(target);
        return await callPeer<ReadRequest, ReadResponse>((q, md, o, cb) => client.Read(q, md, o, cb), req, deadlineMs, target, false);
      } catch (e) {
        if (e instanceof ServerError && e.retryable && mode !== 'CONSISTENCY_FOLLOWER') this.noteLeader(groupId, e);
        if (e instanceof ServerError && e.retryable && e.message.startsWith('stale route')) await this.syncMeta(deadlineMs);
        if (e instanceof ServerError && e.retryable && routed !== undefined && !routed()) throw new RouteChangedError(groupId);
        throw e;
      }
    });
  }

  /** Serves a read on this node, after the wait its consistency asks for. */
  async readLocal(req: ReadRequest, deadlineMs: number): Promise<ReadResponse> {
    const groupId = Number(req.groupId ?? 0);
    const r = this.node.dataReplica(groupId);
    if (r === undefined) throw new ServerError('UNAVAILABLE', `node ${this.node.id} holds no replica of group ${groupId}`, { retryable: true });
    this.checkEpoch(groupId, Number(req.epoch ?? 0));
    const mode = req.read?.consistency ?? 'CONSISTENCY_LINEARIZABLE';
    const st = r.raft.node.status();
    if (mode === 'CONSISTENCY_FOLLOWER') {
      const maxStalenessMs = Number(req.read?.maxStalenessMs ?? DEFAULT_MAX_STALENESS_MS);
      const fresh = st.softState.role === StateRole.Leader && st.leaseValid;
      const stalenessMs = fresh ? 0 : r.freshness.stalenessMs(performance.now());
      if (stalenessMs > maxStalenessMs) {
        throw new ServerError('FAILED_PRECONDITION',
          `the replica of group ${groupId} on node ${this.node.id} may be ${Number.isFinite(stalenessMs) ? `${Math.round(stalenessMs)} ms` : 'arbitrarily'} behind its leader, more than max_staleness_ms ${maxStalenessMs}`,
          { field: 'read.max_staleness_ms' });
      }
    } else {
      if (st.softState.role !== StateRole.Leader) {
        throw new ServerError('UNAVAILABLE', `node ${this.node.id} is not the leader of group ${groupId}`, { retryable: true, leaderHint: st.softState.leader });
      }
      if (this.plantedBug === 'reads-without-read-index') return this.respond(groupId, r.stateMachine, req);
      try {
        this.node.scheduler.kick();
        let index: number;
        if (mode === 'CONSISTENCY_LEASE') {
          // Without a valid lease (just elected, or lost contact) fall back to a ReadIndex round.
          index = await r.raft.readIndex('lease').catch((e: unknown) => {
            if (e instanceof ProposalRefusedError && e.refusal.code === 'LEASE_UNAVAILABLE') {
              this.node.scheduler.kick();
              return r.raft.readIndex('safe');
            }
            throw e;
          });
        } else {
          const p = r.raft.readIndex('safe');
          this.node.scheduler.kick();
          index = await withDeadline(p, deadlineMs, () => new ServerError('UNAVAILABLE', `group ${groupId}: the leader on node ${this.node.id} could not confirm its leadership before the deadline`, { retryable: true }));
        }
        await withDeadline(r.raft.whenApplied(index), deadlineMs, () => new ServerError('DEADLINE_EXCEEDED', `group ${groupId}: index ${index} was not applied before the deadline`));
      } catch (e) {
        throw raftError(e, groupId, this.node.id, false);
      }
    }
    return this.respond(groupId, r.stateMachine, req);
  }

  /** Answers a read once its wait is over: refused by a retired shard (a reshard moved its ids); scans are async. */
  private async respond(groupId: number, sm: NonNullable<ReturnType<VectorNode['dataReplica']>>['stateMachine'], req: ReadRequest): Promise<ReadResponse> {
    if (sm.retired) throw new ServerError('UNAVAILABLE', `group ${groupId} was retired by a reshard: its ids are served by other groups now`, { retryable: true });
    if (req.scan !== undefined && req.scan !== null) {
      const page = await sm.scan({ limit: req.scan.limit ?? 256, ...(req.scan.pageToken ? { pageToken: req.scan.pageToken } : {}) })
        .catch((e: unknown) => { throw e instanceof VectorStoreError ? storeErrorToServer(e, 'get') : e; });
      return { scan: { records: page.records.map((rec) => recordToWire(rec, true)), nextPageToken: page.nextPageToken ?? '' } };
    }
    return this.serve(sm, req);
  }

  private serve(sm: NonNullable<ReturnType<VectorNode['dataReplica']>>['stateMachine'], req: ReadRequest): ReadResponse {
    try {
      if (req.get !== undefined && req.get !== null) {
        const withVectors = req.get.withoutVectors !== true;
        const got = sm.get(req.get.ids ?? []);
        return { get: { records: got.records.map((rec) => recordToWire(rec, withVectors)), missing: got.missing } };
      }
      if (req.search !== undefined && req.search !== null) {
        const s = req.search as SearchRequest__Output;
        const filter = filterFromWire(s.filter);
        const result = sm.search({
          vector: searchVector(s.vector), k: s.k, ...(s.ef > 0 ? { ef: s.ef } : {}), ...(filter !== undefined ? { filter } : {}),
          withPayload: s.withPayload, withVector: s.withVector,
        });
        return { search: { hits: result.hits.map(hitToWire) } };
      }
      return { count: { count: sm.count() } };
    } catch (e) {
      if (e instanceof VectorStoreError) throw storeErrorToServer(e, 'search');
      throw e;
    }
  }

  async get(req: GetRequest__Output, deadlineMs: number): Promise<NonNullable<ReadResponse['get']>> {
    const ids = getIds(req.ids);
    return this.rerouting(req.collection, deadlineMs, (c) => this.getRouted(c, ids, req, deadlineMs));
  }

  private async getRouted(c: ClusterCollection, ids: string[], req: GetRequest__Output, deadlineMs: number): Promise<NonNullable<ReadResponse['get']>> {
    const routed = (g: number) => (): boolean => this.routed(c.name, g);
    const parts = this.partition(c, ids, (id) => id);
    if (parts.size <= 1) {
      const g = parts.keys().next().value ?? c.groupIds[0]!;
      const res = await this.readGroup(g, req.read, { get: { ids, withoutVectors: req.withoutVectors } }, deadlineMs, routed(g));
      return res.get ?? { records: [], missing: [] };
    }
    const answers = await Promise.all([...parts].map(([g, at]) =>
      this.readGroup(g, req.read, { get: { ids: at.map((i) => ids[i]!), withoutVectors: req.withoutVectors } }, deadlineMs, routed(g))));
    // Back in the order of the request, as one group would answer.
    const found = new Map<string, NonNullable<NonNullable<ReadResponse['get']>['records']>[number]>();
    const missing = new Set<string>();
    for (const a of answers) {
      for (const r of a.get?.records ?? []) found.set(r.id ?? '', r);
      for (const m of a.get?.missing ?? []) missing.add(m);
    }
    return { records: ids.flatMap((id) => { const r = found.get(id); return r === undefined ? [] : [r]; }), missing: ids.filter((id) => missing.has(id)) };
  }

  async search(req: SearchRequest__Output, deadlineMs: number): Promise<SearchResponse> {
    // Checked here too, so that a bad request fails before any forwarding.
    searchVector(req.vector);
    filterFromWire(req.filter);
    return this.rerouting(req.collection, deadlineMs, (c) => this.searchRouted(c, req, deadlineMs));
  }

  private async searchRouted(c: ClusterCollection, req: SearchRequest__Output, deadlineMs: number): Promise<SearchResponse> {
    const query = searchVector(req.vector);
    const routed = (g: number) => (): boolean => this.routed(c.name, g);
    const search = { vector: req.vector, k: req.k, ef: req.ef, filter: req.filter, withPayload: req.withPayload, withVector: req.withVector };
    if (c.groupIds.length === 1) {
      const res = await this.readGroup(c.groupIds[0]!, req.read, { search }, deadlineMs, routed(c.groupIds[0]!));
      return { hits: res.search?.hits ?? [], missingShards: [] };
    }
    const ranges = this.strategyOf(c).ranges();
    const answers = await gatherShards(c.groupIds.map((g) => this.readGroup(g, req.read, { search }, deadlineMs, routed(g))), req.allowPartial, deadlineMs);
    const moved = answers.find((a) => !a.ok && a.error instanceof RouteChangedError);
    if (moved !== undefined && !moved.ok) throw moved.error;
    const missingShards: NonNullable<SearchResponse['missingShards']> = [];
    type WireHit = NonNullable<NonNullable<ReadResponse['search']>['hits']>[number] & { id: string; score: number };
    const lists: { shard: number; hits: WireHit[] }[] = [];
    answers.forEach((a, i) => {
      const groupId = c.groupIds[i]!;
      const shard = ranges[i]?.id ?? i;
      if (a.ok) lists.push({ shard, hits: (a.value.search?.hits ?? []).map((h) => ({ ...h, id: h.id ?? '', score: Number(h.score ?? 0) })) });
      else if (req.allowPartial) missingShards.push({ shard, groupId, reason: raftError(a.error, groupId, this.node.id, false).message });
      else {
        const err = raftError(a.error, groupId, this.node.id, false);
        throw new ServerError(err.code, `shard ${shard} (group ${groupId}) of collection "${c.name}" could not answer: ${err.message}; set allow_partial to get the other shards' hits`);
      }
    });
    const merged = mergeShardHits(lists, req.k, c.schema.dimension);
    const exact = new Map<string, number>();
    if (merged.undecided.length > 0) {
      // Near ties across shards: settle them by exact distances from the stored vectors.
      const got = await this.get({ collection: c.name, ids: [...merged.undecided], read: req.read, withoutVectors: false }, deadlineMs).catch(() => null);
      for (const r of got?.records ?? []) {
        const v = r.vector instanceof Uint8Array ? searchVector(r.vector) : null;
        if (v !== null && r.id !== undefined) exact.set(r.id, distance(c.schema.metric, query, v));
      }
    }
    return { hits: settle(merged, req.k, exact), missingShards };
  }

  async count(req: CountRequest__Output, deadlineMs: number): Promise<number> {
    return this.rerouting(req.collection, deadlineMs, async (c) => {
      const counts = await Promise.all(c.groupIds.map((g) => this.readGroup(g, req.read, { count: {} }, deadlineMs, () => this.routed(c.name, g))));
      return counts.reduce((sum, r) => sum + Number(r.count?.count ?? 0), 0);
    });
  }

  // ---- collections -------------------------------------------------------------------------

  async createCollection(req: CreateCollectionRequest__Output, deadlineMs: number): Promise<CollectionInfo> {
    if (!COLLECTION_NAME_PATTERN.test(req.name)) {
      throw new ServerError('INVALID_ARGUMENT', `name must be 1-128 letters, digits, "_", "." or "-", starting with a letter or digit; got ${JSON.stringify(req.name)}`, { field: 'name' });
    }
    this.shardingOf(req);
    this.schemaOf(req);
    const res = await this.toMetaLeader({ createCollection: req }, deadlineMs);
    await this.node.waitMetaApplied(Number(res.metaIndex ?? 0));
    const c = await this.collection(req.name, deadlineMs, 'name');
    for (const g of c.groupIds) await this.waitForLeader(g, deadlineMs);
    return collectionToWire(c, 0);
  }

  /** The sharding description a create request asks for; bad options name their field. */
  private shardingOf(req: CreateCollectionRequest__Output): ReturnType<typeof newShardingDescription> {
    const kind = (req.sharding === '' ? 'consistent' : req.sharding) as ShardingKind;
    if (kind !== 'consistent' && kind !== 'hash' && kind !== 'range') {
      throw new ServerError('INVALID_ARGUMENT', `sharding must be "consistent", "hash" or "range"; got ${JSON.stringify(req.sharding)}`, { field: 'sharding' });
    }
    if (req.shards > MAX_SHARDS_PER_COLLECTION) {
      throw new ServerError('INVALID_ARGUMENT', `shards must be at most ${MAX_SHARDS_PER_COLLECTION}; got ${req.shards}`, { field: 'shards' });
    }
    if (kind === 'range' && req.shards > 1) {
      throw new ServerError('INVALID_ARGUMENT', `range sharding takes split_keys (N - 1 keys for N shards), not shards`, { field: 'shards' });
    }
    if (kind !== 'range' && req.splitKeys.length > 0) {
      throw new ServerError('INVALID_ARGUMENT', `split_keys apply to range sharding only`, { field: 'split_keys' });
    }
    if (req.splitKeys.length >= MAX_SHARDS_PER_COLLECTION) {
      throw new ServerError('INVALID_ARGUMENT', `split_keys must be fewer than ${MAX_SHARDS_PER_COLLECTION}; got ${req.splitKeys.length}`, { field: 'split_keys' });
    }
    try {
      return newShardingDescription(kind === 'range' ? { kind, splitKeys: req.splitKeys } : { kind, shards: Math.max(1, req.shards) });
    } catch (e) {
      if (e instanceof ShardingError) {
        const field = (e.field ?? 'sharding').replace(/^splitKeys/, 'split_keys');
        throw new ServerError('INVALID_ARGUMENT', e.message, { field });
      }
      throw e;
    }
  }

  private schemaOf(req: CreateCollectionRequest__Output): ReturnType<typeof defineSchema> {
    try {
      return defineSchema({
        name: req.name, dimension: req.dimension, metric: metricFromWire(req.metric),
        hnsw: { ...(req.m > 0 ? { m: req.m } : {}), ...(req.efConstruction > 0 ? { efConstruction: req.efConstruction } : {}), ...(req.ef > 0 ? { ef: req.ef } : {}) },
      });
    } catch (e) {
      if (e instanceof VectorStoreError) {
        const field = e.field === 'hnsw.efConstruction' ? 'ef_construction' : e.field?.replace(/^hnsw\./, '');
        throw new ServerError('INVALID_ARGUMENT', e.message, field !== undefined ? { field } : {});
      }
      throw e;
    }
  }

  /** Waits (best effort, inside the deadline) until a new group has elected its first leader. */
  private async waitForLeader(groupId: number, deadlineMs: number): Promise<void> {
    const until = Math.min(deadlineMs, Date.now() + 5_000);
    while (Date.now() < until) {
      const r = this.node.dataReplica(groupId);
      if (r === undefined || r.raft.node.status().softState.leader !== NONE) return;
      await sleep(20);
    }
  }

  /** Changes a collection's replication factor; the coordinator then adds or removes replicas to match. */
  async updateCollection(req: UpdateCollectionRequest__Output, deadlineMs: number): Promise<CollectionInfo> {
    await this.collection(req.name, deadlineMs, 'name');
    const active = [...this.node.map.nodes.values()].filter((n) => (n.state ?? 'active') === 'active').length;
    if (!Number.isInteger(req.replicas) || req.replicas < 1 || req.replicas > active) {
      throw new ServerError('INVALID_ARGUMENT', `replicas must be between 1 and the ${active} active nodes; got ${req.replicas}`, { field: 'replicas' });
    }
    const index = await this.proposeMeta({ op: 'setReplicationFactor', collection: req.name, replicas: req.replicas }, deadlineMs);
    await this.node.waitMetaApplied(index);
    return collectionToWire(await this.collection(req.name, deadlineMs, 'name'), 0);
  }

  /** `node drain` / `node remove` / undoing a drain. A node is removed only once it holds no replica, or when it is down. */
  async setNodeState(nodeId: NodeId, state: string, deadlineMs: number): Promise<void> {
    if (state !== 'active' && state !== 'draining' && state !== 'removed') {
      throw new ServerError('INVALID_ARGUMENT', `state must be "active", "draining" or "removed"; got ${JSON.stringify(state)}`, { field: 'state' });
    }
    await this.syncMeta(deadlineMs);
    const n = this.node.map.nodes.get(nodeId);
    if (n === undefined) throw new ServerError('NOT_FOUND', `node ${nodeId} is not in the cluster`, { field: 'node_id' });
    if (state === 'removed') {
      const held = [...this.node.map.groups.values()].filter((g) => g.replicas.includes(nodeId)).map((g) => g.id);
      if (held.length > 0 && await this.answers(nodeId, deadlineMs)) {
        throw new ServerError('FAILED_PRECONDITION', `node ${nodeId} is up and still holds replicas of groups ${held.join(', ')}: drain it first (node drain ${nodeId}) and wait until it holds none`, { field: 'node_id' });
      }
    }
    const index = await this.proposeMeta({ op: 'setNodeState', node: nodeId, state }, deadlineMs);
    await this.node.waitMetaApplied(index);
  }

  /** Whether a node answers a status call within a second. */
  private async answers(nodeId: NodeId, deadlineMs: number): Promise<boolean> {
    if (nodeId === this.node.id) return true;
    const client = this.node.transport.client(nodeId);
    if (client === null) return false;
    try {
      await callPeer<NodeStatusRequest, NodeStatusResponse>((q, md, o, cb) => client.NodeStatus(q, md, o, cb), {}, Math.min(deadlineMs, Date.now() + 1_000), nodeId, false);
      return true;
    } catch {
      return false;
    }
  }

  /** `serve --join`: registers the node and makes it a learner of the meta group (the coordinator promotes it). */
  async joinCluster(req: JoinClusterRequest__Output, deadlineMs: number): Promise<JoinClusterResponse> {
    const nodeId = Number(req.nodeId);
    if (!Number.isSafeInteger(nodeId) || nodeId < 1) throw new ServerError('INVALID_ARGUMENT', `node_id must be a positive integer; got ${req.nodeId}`, { field: 'node_id' });
    if (typeof req.peerAddress !== 'string' || !/^[^\s]+:\d+$/.test(req.peerAddress)) {
      throw new ServerError('INVALID_ARGUMENT', `peer_address must be host:port; got ${JSON.stringify(req.peerAddress)}`, { field: 'peer_address' });
    }
    const res = await this.toMetaLeader({ joinCluster: req }, deadlineMs);
    return res.joinCluster ?? { clusterId: '', members: [] };
  }

  /** At the meta leader: the join itself (idempotent, so a joining node may retry). */
  private async admitNode(req: JoinClusterRequest__Output, deadlineMs: number): Promise<JoinClusterResponse> {
    this.requireLeader(META_GROUP_ID);
    const nodeId = Number(req.nodeId);
    const known = this.node.map.nodes.get(nodeId);
    if (known?.state === 'removed') throw new ServerError('FAILED_PRECONDITION', `node ${nodeId} was removed from the cluster; join with a new node id`, { field: 'node_id' });
    if (known !== undefined && known.peerAddress !== '' && known.peerAddress !== req.peerAddress) {
      throw new ServerError('ALREADY_EXISTS', `node ${nodeId} is already in the cluster at ${known.peerAddress}`, { field: 'node_id' });
    }
    const r = await this.metaPropose({ op: 'registerNode', node: { id: nodeId, clientAddress: req.clientAddress, peerAddress: req.peerAddress, zone: req.zone } }, deadlineMs);
    if (!r.ok) throw new ServerError('FAILED_PRECONDITION', r.message);
    this.node.transport.setPeer(nodeId, req.peerAddress);
    const m = this.membership(META_GROUP_ID);
    if (!m.voters.includes(nodeId) && !m.learners.includes(nodeId)) await this.changeMembership(META_GROUP_ID, ConfChangeType.AddLearner, nodeId, deadlineMs);
    this.node.logger.info({ event: 'node_joined', node: nodeId, peerAddress: req.peerAddress }, 'a node joined the cluster');
    return {
      clusterId: this.node.clusterId,
      members: [...this.node.map.nodes.values()].filter((n) => n.peerAddress !== '').map((n) => ({ id: n.id, peerAddress: n.peerAddress })),
    };
  }

  /**
   * `shard split` / one more shard: the description the collection moves to, recorded as a
   * `reshard` operator that the coordinator runs (it freezes and copies the groups whose ranges
   * change into new groups, then switches the collection over).
   */
  async reshard(req: ReshardRequest__Output, deadlineMs: number): Promise<ReshardResponse> {
    await this.syncMeta(deadlineMs);
    const c = await this.collection(req.collection, deadlineMs);
    if (c.reshard !== undefined) throw new ServerError('FAILED_PRECONDITION', `collection "${c.name}" is already being resharded`, { field: 'collection' });
    let next: ReturnType<Sharding['description']>;
    try {
      const current = this.strategyOf(c);
      if (req.split !== undefined && req.split !== null) {
        if (!(current instanceof IdRanges)) throw new ServerError('FAILED_PRECONDITION', `shard split takes a key, so it needs range sharding; "${c.name}" is ${c.sharding} (grow a consistent collection with add_shard)`, { field: 'split' });
        next = current.split(req.split.shard, req.split.splitKey);
      } else if (req.addShard === true) {
        if (!(current instanceof ConsistentRing)) throw new ServerError('FAILED_PRECONDITION', `add_shard needs consistent sharding; "${c.name}" is ${c.sharding}${c.sharding === 'hash' ? ' (hash sharding has a fixed number of shards)' : ''}`, { field: 'add_shard' });
        if (c.groupIds.length + 1 > MAX_SHARDS_PER_COLLECTION) throw new ServerError('FAILED_PRECONDITION', `collection "${c.name}" has ${c.groupIds.length} shards, the most one collection may have is ${MAX_SHARDS_PER_COLLECTION}`, { field: 'add_shard' });
        next = current.addShard();
      } else {
        throw new ServerError('INVALID_ARGUMENT', 'the request names no change: set split or add_shard', { field: 'change' });
      }
    } catch (e) {
      if (e instanceof ShardingError) {
        const field = e.field === 'atKey' ? 'split.split_key' : e.field === 'rangeId' ? 'split.shard' : 'change';
        throw new ServerError('INVALID_ARGUMENT', e.message, { field });
      }
      throw e;
    }
    const retired = retiredGroups(c, next);
    if (retired.length === 0) throw new ServerError('FAILED_PRECONDITION', 'the change moves no ids', { field: 'change' });
    const index = await this.proposeMeta({ op: 'startOperator', spec: { kind: 'reshard', group: retired[0]!, groups: retired, collection: c.name, description: next }, startedAtMs: Date.now() }, deadlineMs);
    await this.node.waitMetaApplied(index);
    const op = [...this.node.map.operators.values()].find((o) => o.spec.kind === 'reshard' && o.spec.collection === c.name);
    return { operatorId: op?.id ?? 0, shardingJson: JSON.stringify(next) };
  }

  /** `shard move`: records a move-replica operator, which the coordinator runs. */
  async moveReplica(groupId: number, from: NodeId, to: NodeId, deadlineMs: number): Promise<number> {
    await this.syncMeta(deadlineMs);
    const g = this.node.map.groups.get(groupId);
    if (g === undefined || g.pending === true) throw new ServerError('NOT_FOUND', `group ${groupId} is not a data group`, { field: 'group_id' });
    if (!g.replicas.includes(from)) throw new ServerError('INVALID_ARGUMENT', `node ${from} holds no replica of group ${groupId}`, { field: 'from_node' });
    const target = this.node.map.nodes.get(to);
    if (target === undefined || (target.state ?? 'active') !== 'active') throw new ServerError('INVALID_ARGUMENT', `node ${to} is not an active node of the cluster`, { field: 'to_node' });
    if (g.replicas.includes(to)) throw new ServerError('INVALID_ARGUMENT', `node ${to} already holds a replica of group ${groupId}`, { field: 'to_node' });
    const before = this.node.map.nextOperatorId;
    const index = await this.proposeMeta({ op: 'startOperator', spec: { kind: 'move-replica', group: groupId, from, to }, startedAtMs: Date.now() }, deadlineMs);
    await this.node.waitMetaApplied(index);
    const op = [...this.node.map.operators.values()].find((o) => o.id >= before && o.spec.kind === 'move-replica' && o.spec.group === groupId);
    if (op === undefined) throw new ServerError('FAILED_PRECONDITION', `group ${groupId} already has an operator under way`, { field: 'group_id' });
    return op.id;
  }

  /** Proposes a prepared command to one group (the coordinator's reshard steps); resolves once applied. */
  async proposeToGroup(groupId: number, command: Uint8Array, items: number, deadlineMs: number): Promise<void> {
    await this.propose(groupId, command, 'ACK_LEVEL_MAJORITY', 0, items, deadlineMs);
  }

  /** A page of a group's records in id order, read linearizably at its leader (a reshard's copy). */
  async scanGroup(groupId: number, pageToken: string, limit: number, deadlineMs: number): Promise<{ records: VectorRecordInput[]; nextPageToken: string }> {
    const res = await this.readGroup(groupId, null, { scan: { limit, pageToken } }, deadlineMs);
    return {
      records: (res.scan?.records ?? []).map((r) => ({ id: r.id ?? '', vector: searchVector(r.vector instanceof Uint8Array ? r.vector : new Uint8Array()), payload: r.payload ? structToJson(r.payload as Struct__Output) : {} })),
      nextPageToken: res.scan?.nextPageToken ?? '',
    };
  }

  /** The coordinator's operators, asked of the meta leader; `planNow` runs a planning round first. */
  async listOperators(planNow: boolean, deadlineMs: number): Promise<ListOperatorsResponse> {
    const res = await this.toMetaLeader({ listOperators: { planNow } }, deadlineMs);
    return res.listOperators ?? { operators: [], planned: 0 };
  }

  async dropCollection(name: string, deadlineMs: number): Promise<void> {
    await this.collection(name, deadlineMs, 'name');
    const res = await this.toMetaLeader({ dropCollection: { name } }, deadlineMs);
    await this.node.waitMetaApplied(Number(res.metaIndex ?? 0));
  }

  async listCollections(deadlineMs: number): Promise<CollectionInfo[]> {
    await this.syncMeta(deadlineMs);
    const out: CollectionInfo[] = [];
    for (const c of this.node.map.collections.values()) out.push(collectionToWire(c, await this.count({ collection: c.name, read: null }, deadlineMs)));
    return out;
  }

  async describeCollection(name: string, deadlineMs: number): Promise<CollectionInfo> {
    await this.syncMeta(deadlineMs);
    const c = await this.collection(name, deadlineMs, 'name');
    return collectionToWire(c, await this.count({ collection: name, read: null }, deadlineMs));
  }

  // ---- admin -------------------------------------------------------------------------------

  private toMetaLeader(req: AdminRequest__Output | Parameters<RequestRouter['adminLocal']>[0], deadlineMs: number): Promise<AdminResponse> {
    return this.toGroupLeader(META_GROUP_ID, req, deadlineMs);
  }

  /** Serves an admin request at the leader of `groupId`, forwarding and retrying inside the deadline. */
  private async toGroupLeader(groupId: number, req: AdminRequest__Output | Parameters<RequestRouter['adminLocal']>[0], deadlineMs: number): Promise<AdminResponse> {
    return this.retrying(deadlineMs, true, async (attempt) => {
      const target = this.leaderCandidate(groupId, attempt);
      try {
        if (target === this.node.id) return await this.adminHere(req as AdminRequest__Output, deadlineMs);
        const client = this.peerClient(target);
        return await callPeer<AdminRequest, AdminResponse>((q, md, o, cb) => client.Admin(q, md, o, cb), req as AdminRequest, deadlineMs, target, true);
      } catch (e) {
        if (e instanceof ServerError && e.retryable) this.noteLeader(groupId, e);
        throw e;
      }
    });
  }

  private requireLeader(groupId: number): NonNullable<ReturnType<VectorNode['replica']>> {
    const r = this.node.replica(groupId);
    if (r === undefined) throw new ServerError('UNAVAILABLE', `node ${this.node.id} holds no replica of group ${groupId}`, { retryable: true });
    const st = r.raft.node.status();
    if (st.softState.role !== StateRole.Leader) {
      throw new ServerError('UNAVAILABLE', `node ${this.node.id} is not the leader of group ${groupId}`, { retryable: true, leaderHint: st.softState.leader });
    }
    return r;
  }

  /** Serves an admin request on this node, which must lead the group concerned. */
  async adminLocal(req: {
    createCollection?: CreateCollectionRequest__Output | null;
    dropCollection?: { name?: string } | null;
    transferLeader?: { groupId?: number | string; toNode?: number | string } | null;
    addNode?: { groupId?: number | string; nodeId?: number | string; asLearner?: boolean } | null;
    removeNode?: { groupId?: number | string; nodeId?: number | string } | null;
    listOperators?: { planNow?: boolean } | null;
    joinCluster?: JoinClusterRequest__Output | null;
  }, deadlineMs: number): Promise<AdminResponse> {
    if (req.joinCluster !== undefined && req.joinCluster !== null) return { joinCluster: await this.admitNode(req.joinCluster, deadlineMs) };
    if (req.listOperators !== undefined && req.listOperators !== null) {
      this.requireLeader(META_GROUP_ID);
      if (this.coordinator === null) throw new ServerError('UNAVAILABLE', `node ${this.node.id} runs no coordinator`, { retryable: true });
      if (req.listOperators.planNow === true) await this.coordinator.tickNow();
      const p = this.coordinator.progress();
      return {
        listOperators: {
          planned: p.lastPlanned,
          operators: p.operators.map((o) => ({
            id: o.id, kind: o.spec.kind, groupId: o.spec.group, step: o.step, startedAtMs: o.startedAtMs,
            ...('node' in o.spec ? { node: o.spec.node } : {}), ...('from' in o.spec ? { from: o.spec.from, to: o.spec.to } : {}),
          })),
        },
      };
    }
    if (req.createCollection !== undefined && req.createCollection !== null) {
      const cr = req.createCollection;
      this.requireLeader(META_GROUP_ID);
      const schema = this.schemaOf(cr);
      const nodes = this.node.map.nodes.size;
      const replicas = cr.replicas > 0 ? cr.replicas : Math.min(this.defaultReplicas, nodes);
      if (replicas > nodes) throw new ServerError('INVALID_ARGUMENT', `replicas ${replicas} exceeds the ${nodes} nodes of the cluster`, { field: 'replicas' });
      const description = this.shardingOf(cr);
      const placements = this.node.map.place(replicas, description.ranges.length);
      const r = await this.metaPropose({ op: 'createCollection', name: cr.name, schema, description, placements }, deadlineMs);
      if (!r.ok) throw new ServerError(r.code === 'COLLECTION_EXISTS' ? 'ALREADY_EXISTS' : 'FAILED_PRECONDITION', r.message, { field: 'name' });
      return { metaIndex: r.index };
    }
    if (req.dropCollection !== undefined && req.dropCollection !== null) {
      this.requireLeader(META_GROUP_ID);
      const r = await this.metaPropose({ op: 'dropCollection', name: req.dropCollection.name ?? '' }, deadlineMs);
      if (!r.ok) throw new ServerError(r.code === 'COLLECTION_NOT_FOUND' ? 'NOT_FOUND' : 'FAILED_PRECONDITION', r.message, { field: 'name' });
      return { metaIndex: r.index };
    }
    if (req.transferLeader !== undefined && req.transferLeader !== null) {
      const groupId = Number(req.transferLeader.groupId ?? 0);
      const to = Number(req.transferLeader.toNode ?? 0);
      const r = this.requireLeader(groupId);
      if (to === this.node.id) return { transferLeader: { leader: to } };
      if (!r.raft.node.status().confState.voters.includes(to)) throw new ServerError('INVALID_ARGUMENT', `node ${to} is not a voter of group ${groupId}`, { field: 'to_node' });
      await r.raft.run((n) => {
        const res = n.transferLeadership(to);
        if (!res.ok) throw new ProposalRefusedError(res.error);
      }).catch((e: unknown) => { throw raftError(e, groupId, this.node.id, false); });
      this.node.scheduler.kick();
      while (Date.now() < deadlineMs) {
        const leader = r.raft.node.status().softState.leader;
        if (leader === to) return { transferLeader: { leader } };
        await sleep(20);
      }
      throw new ServerError('DEADLINE_EXCEEDED', `group ${groupId}: node ${to} did not take the leadership before the deadline`);
    }
    if (req.addNode !== undefined && req.addNode !== null) {
      return { addNode: await this.addNode(Number(req.addNode.groupId ?? 0), Number(req.addNode.nodeId ?? 0), req.addNode.asLearner === true, deadlineMs) };
    }
    if (req.removeNode !== undefined && req.removeNode !== null) {
      return { removeNode: await this.removeNode(Number(req.removeNode.groupId ?? 0), Number(req.removeNode.nodeId ?? 0), deadlineMs) };
    }
    throw new ServerError('INVALID_ARGUMENT', 'the admin request names no operation', { field: 'request' });
  }

  private async metaPropose(c: Parameters<VectorNode['proposeMetaLocally']>[0], deadlineMs: number): Promise<Awaited<ReturnType<VectorNode['proposeMetaLocally']>>> {
    try {
      return await withDeadline(this.node.proposeMetaLocally(c), deadlineMs, () => new ServerError('DEADLINE_EXCEEDED', 'outcome unknown: the cluster map change was not applied before the deadline', { outcomeUnknown: true }));
    } catch (e) {
      throw raftError(e, META_GROUP_ID, this.node.id, true);
    }
  }

  private async changeMembership(groupId: number, type: ConfChangeType, nodeId: NodeId, deadlineMs: number): Promise<void> {
    const r = this.requireLeader(groupId);
    const index = await r.raft.run((n) => {
      const res = n.proposeConfChange({ changes: [{ type, nodeId }] });
      if (!res.ok) throw new ProposalRefusedError(res.error);
      return res.index;
    }).catch((e: unknown) => { throw raftError(e, groupId, this.node.id, true); });
    this.node.scheduler.kick();
    await withDeadline(r.raft.whenApplied(index), deadlineMs, () => new ServerError('DEADLINE_EXCEEDED', `outcome unknown: the membership change of group ${groupId} was not applied before the deadline`, { outcomeUnknown: true }));
  }

  private membership(groupId: number): { voters: number[]; learners: number[] } {
    const c = this.node.replica(groupId)?.raft.node.status().confState;
    return { voters: [...(c?.voters ?? [])], learners: [...(c?.learners ?? [])] };
  }

  private async recordReplicas(groupId: number, deadlineMs: number): Promise<void> {
    if (groupId === META_GROUP_ID) return;
    const { voters, learners } = this.membership(groupId);
    await this.proposeMeta({ op: 'setGroupReplicas', groupId, replicas: [...voters, ...learners].sort((a, b) => a - b) }, deadlineMs)
      .catch((e: unknown) => {
        this.node.logger.warn({ event: 'map_update_failed', group: groupId, err: e instanceof Error ? e.message : String(e) }, 'membership changed but the cluster map was not updated');
      });
  }

  private async addNode(groupId: number, nodeId: NodeId, asLearner: boolean, deadlineMs: number): Promise<{ voters: number[]; learners: number[] }> {
    if (!this.node.map.nodes.has(nodeId)) throw new ServerError('NOT_FOUND', `node ${nodeId} is not in the cluster`, { field: 'node_id' });
    const before = this.membership(groupId);
    if (!before.voters.includes(nodeId) && !before.learners.includes(nodeId)) {
      await this.changeMembership(groupId, ConfChangeType.AddLearner, nodeId, deadlineMs);
    }
    if (!asLearner && !this.membership(groupId).voters.includes(nodeId)) {
      // Promote only once the learner caught up, so the group never waits on a voter that cannot vote well.
      const r = this.requireLeader(groupId);
      const caughtUp = (): boolean => {
        const st = r.raft.node.status();
        return (st.progress.get(nodeId)?.match ?? 0) >= st.commit;
      };
      while (Date.now() < deadlineMs && !caughtUp()) await sleep(50);
      if (!caughtUp()) {
        throw new ServerError('DEADLINE_EXCEEDED', `group ${groupId}: node ${nodeId} did not catch up before the deadline; it stays a learner (call again to promote it)`);
      }
      await this.changeMembership(groupId, ConfChangeType.AddVoter, nodeId, deadlineMs);
    }
    await this.recordReplicas(groupId, deadlineMs);
    return this.membership(groupId);
  }

  private async removeNode(groupId: number, nodeId: NodeId, deadlineMs: number): Promise<{ voters: number[]; learners: number[] }> {
    const m = this.membership(groupId);
    if (!m.voters.includes(nodeId) && !m.learners.includes(nodeId)) throw new ServerError('NOT_FOUND', `node ${nodeId} is not a member of group ${groupId}`, { field: 'node_id' });
    if (m.voters.length === 1 && m.voters[0] === nodeId) throw new ServerError('FAILED_PRECONDITION', `node ${nodeId} is the last voter of group ${groupId}`, { field: 'node_id' });
    await this.changeMembership(groupId, ConfChangeType.RemoveNode, nodeId, deadlineMs);
    await this.recordReplicas(groupId, deadlineMs);
    return this.membership(groupId);
  }

  async transferLeader(groupId: number, toNode: NodeId, deadlineMs: number): Promise<NodeId> {
    if (groupId !== META_GROUP_ID && !this.node.map.groups.has(groupId)) {
      await this.syncMeta(deadlineMs);
      if (!this.node.map.groups.has(groupId)) throw new ServerError('NOT_FOUND', `group ${groupId} does not exist`, { field: 'group_id' });
    }
    const res = await this.toGroupLeader(groupId, { transferLeader: { groupId, toNode } }, deadlineMs);
    return Number(res.transferLeader?.leader ?? 0);
  }

  async addNodeToGroup(groupId: number, nodeId: NodeId, asLearner: boolean, deadlineMs: number): Promise<{ voters: number[]; learners: number[] }> {
    const res = await this.toGroupLeader(groupId, { addNode: { groupId, nodeId, asLearner } }, deadlineMs);
    return { voters: (res.addNode?.voters ?? []).map(Number), learners: (res.addNode?.learners ?? []).map(Number) };
  }

  async removeNodeFromGroup(groupId: number, nodeId: NodeId, deadlineMs: number): Promise<{ voters: number[]; learners: number[] }> {
    const res = await this.toGroupLeader(groupId, { removeNode: { groupId, nodeId } }, deadlineMs);
    return { voters: (res.removeNode?.voters ?? []).map(Number), learners: (res.removeNode?.learners ?? []).map(Number) };
  }

  // ---- status ------------------------------------------------------------------------------

  /** What this node knows of its hosted groups. */
  nodeStatus(): NodeStatusResponse {
    const groups: GroupStatus[] = [];
    for (const id of this.node.hostedGroups()) {
      const r = this.node.replica(id)!;
      const st = r.raft.node.status();
      const lag = this.node.replicationLag(id);
      const g = this.node.map.groups.get(id);
      groups.push({
        id, collection: r.kind === 'data' ? r.collection : '', range: '', shard: g?.range ?? 0, epoch: g?.epoch ?? 0, leader: st.softState.leader,
        voters: [...st.confState.voters], learners: [...st.confState.learners], commitIndex: st.commit, appliedIndex: st.applied,
        lagEntries: Object.fromEntries([...lag.entries].map(([k, v]) => [String(k), v])),
        lagMs: Object.fromEntries([...lag.ms].map(([k, v]) => [String(k), Math.max(0, v)])),
        term: st.hardState.term,
        ...(r.kind === 'data' ? { records: r.stateMachine.count(), approxBytes: r.stateMachine.count() * ((this.node.map.collections.get(r.collection)?.schema.dimension ?? 0) * 4 + 64) } : {}),
      });
    }
    return { nodeId: this.node.id, groups };
  }

  /** Gathers every node's view: a group is described by its leader's report (or any replica's). */
  async clusterStatus(deadlineMs: number): Promise<ClusterStatusResponse> {
    const map = this.node.map;
    const reports = new Map<NodeId, NodeStatusResponse>();
    reports.set(this.node.id, this.nodeStatus());
    // Each node gets a moment to answer; one that does not is reported down.
    const stepDeadline = Math.min(deadlineMs - 50, Date.now() + 2_000);
    await Promise.all([...map.nodes.keys()].filter((id) => id !== this.node.id).map(async (id) => {
      const client = this.node.transport.client(id);
      if (client === null) return;
      try {
        reports.set(id, await callPeer<NodeStatusRequest, NodeStatusResponse>((q, md, o, cb) => client.NodeStatus(q, md, o, cb), {}, stepDeadline, id, false));
      } catch {
        // Not answering is what "down" means in the report below.
      }
    }));
    const groups = new Map<number, GroupStatus>();
    const leaders = new Map<NodeId, number>();
    const replicaCounts = new Map<NodeId, number>();
    for (const [nodeId, rep] of reports) {
      for (const g of rep.groups ?? []) {
        const id = Number(g.id);
        const isLeader = Number(g.leader) === nodeId;
        if (isLeader) leaders.set(nodeId, (leaders.get(nodeId) ?? 0) + 1);
        replicaCounts.set(nodeId, (replicaCounts.get(nodeId) ?? 0) + 1);
        const prev = groups.get(id);
        if (prev === undefined || isLeader) groups.set(id, g);
      }
    }
    const up = new Set(reports.keys());
    // A group no answering node hosts is still in the map: report it, leaderless.
    for (const g of map.groups.values()) {
      if (!groups.has(g.id)) groups.set(g.id, { id: g.id, collection: g.collection, shard: g.range, epoch: g.epoch, leader: 0, voters: [...g.replicas], learners: [] });
    }
    if (!groups.has(META_GROUP_ID)) groups.set(META_GROUP_ID, { id: META_GROUP_ID, collection: '', leader: 0, voters: [], learners: [] });
    for (const [id, g] of groups) {
      const c = id === META_GROUP_ID ? undefined : map.collections.get(String(g.collection ?? ''));
      const mapped = map.groups.get(id);
      const voters = (g.voters ?? []).map(Number);
      const replicationFactor = c?.replicas ?? (id === META_GROUP_ID ? Math.max(1, voters.length) : voters.length);
      const lag = (m: { [k: string]: number | string | Long } | undefined): Map<number, number> => new Map(Object.entries(m ?? {}).map(([k, v]) => [Number(k), Number(v)]));
      groups.set(id, {
        ...g,
        range: c === undefined || mapped === undefined ? '' : this.rangeText(c, mapped.range),
        replicationFactor,
        problems: groupProblems({
          leader: Number(g.leader ?? 0), voters, replicationFactor, up, lagEntries: lag(g.lagEntries), lagMs: lag(g.lagMs),
          pendingOperator: [...map.operators.values()].some((o) => o.spec.group === id),
        }),
      });
    }
    return {
      nodes: [...map.nodes.values()].sort((a, b) => a.id - b.id).map((n) => ({
        id: n.id, clientAddress: n.clientAddress, peerAddress: n.peerAddress, zone: n.zone,
        state: n.state === 'draining' || n.state === 'removed' ? n.state : reports.has(n.id) ? 'up' : 'down', replicas: replicaCounts.get(n.id) ?? 0, leaders: leaders.get(n.id) ?? 0,
      })),
      groups: [...groups.values()].sort((a, b) => Number(a.id) - Number(b.id)),
      metaGroupId: META_GROUP_ID,
    };
  }

  /** How `cluster status` and `shard list` show the ids a range serves. */
  private rangeText(c: ClusterCollection, rangeId: number): string {
    if (c.groupIds.length === 1) return '*';
    const r = this.strategyOf(c).range(rangeId);
    if (r === undefined) return `range ${rangeId}`;
    switch (r.kind) {
      case 'consistent': return `ring ${(100 * (r as { share: number }).share).toFixed(1)}%`;
      case 'hash': return `hash mod ${c.groupIds.length} = ${(r as { slot: number }).slot}`;
      case 'range': {
        const ir = r as { start: string; end: string | null };
        return `[${JSON.stringify(ir.start)}, ${ir.end === null ? '∞' : JSON.stringify(ir.end)})`;
      }
    }
  }

  /** Proposes a cluster map change through the meta leader, wherever it is. */
  async proposeMeta(c: Parameters<VectorNode['proposeMetaLocally']>[0], deadlineMs: number): Promise<number> {
    const res = await this.toMetaLeader({ metaCommand: Buffer.from(JSON.stringify(c)) } as AdminRequest__Output, deadlineMs);
    return Number(res.metaIndex ?? 0);
  }

  /** Serves an admin request (forwarded or not) on this node. */
  adminHere(req: AdminRequest__Output, deadlineMs: number): Promise<AdminResponse> {
    if (req.request === 'metaCommand' || (req.metaCommand !== undefined && req.metaCommand.length > 0)) return this.metaCommandLocal(req.metaCommand ?? new Uint8Array(), deadlineMs);
    return this.adminLocal(req, deadlineMs);
  }

  /** Serves a forwarded meta command (from recordReplicas) at the meta leader. */
  async metaCommandLocal(bytes: Uint8Array, deadlineMs: number): Promise<AdminResponse> {
    this.requireLeader(META_GROUP_ID);
    const c = JSON.parse(new TextDecoder().decode(bytes)) as Parameters<VectorNode['proposeMetaLocally']>[0];
    const r = await this.metaPropose(c, deadlineMs);
    if (!r.ok) throw new ServerError('FAILED_PRECONDITION', r.message);
    return { metaIndex: r.index };
  }
}
