import * as grpc from '@grpc/grpc-js';
import { GROUP_METADATA_KEY, SERVED_BY_METADATA_KEY } from '../wire/metadata.js';
import { vstudioV1 } from '../wire/proto.js';
import type { DeleteItem } from '../wire/gen/vstudio/v1/DeleteItem.js';
import type { UpsertItem } from '../wire/gen/vstudio/v1/UpsertItem.js';
import { ConnectionPool } from './connection-pool.js';
import { isEndpoint, isWildcardAddress } from './endpoints.js';
import { attemptDidNothing, attemptOutcomeUnknown, errorFromServiceError, metadataString, VectorStudioError } from './errors.js';
import { LeaderCache } from './leader-cache.js';
import { tlsCredentials } from './tls.js';
import { probeTransport } from './tls-probe.js';
import { backoffDelay, type BackoffOptions } from './retry-policy.js';
import type {
  CallOptions, ClusterStatus, CollectionInfo, CreateCollectionOptions, DeleteResult, DeleteTarget, GetOptions,
  GetResult, GroupMembership, ReadOptions, SearchHit, SearchOptions, SearchResult, NodeAdminState, OperatorsStatus, UpsertAllOptions, UpsertAllResult, UpsertRecord,
  UpsertResult, WriteOptions,
} from './types.js';
import { UnaryFailure, unaryCall, type UnaryMethod, type UnaryReply } from './unary-call.js';
import { upsertAll } from './upsert-all.js';
import {
  ackToWire, clusterStatusFromWire, collectionFromWire, itemResultsFromWire, jsonFromStruct, metricToWire, readToWire,
  structFromJson, vectorBytes, vectorFromBytes,
} from './wire-convert.js';

/** How to reach a cluster. */
export interface ConnectOptions {
  /** `host:port` of one or more nodes; any node serves any request. */
  readonly endpoints: readonly string[];
  /** Default deadline of every call, retries included, in ms (default 10,000). */
  readonly timeoutMs?: number;
  /** Sent as `authorization: Bearer <apiKey>` on every call. */
  readonly apiKey?: string;
  /** Channel credentials (default: insecure, or TLS from `tlsDir`). */
  readonly credentials?: grpc.ChannelCredentials;
  /** A TLS directory (`vstudio certs init`): TLS 1.3 with its `ca.crt`, and `client.crt`/`client.key` if present. */
  readonly tlsDir?: string;
  /** Backoff between retries of idempotent calls (default 50 ms base, 1 s cap, full jitter). */
  readonly backoff?: BackoffOptions;
  /** Extra gRPC channel options. */
  readonly channelOptions?: grpc.ChannelOptions;
}

/** The default deadline of a call. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How the client runs one RPC. */
interface CallSpec<Req, Res> {
  readonly method: UnaryMethod<Req, Res>;
  readonly request: Req;
  /** Safe to repeat: retried on UNAVAILABLE with backoff, inside the deadline. */
  readonly idempotent: boolean;
  /** A write: failures that may have applied it are marked `outcomeUnknown`. */
  readonly write: boolean;
  /** Leader-cache route: the endpoint that served it last is tried first, and learned from the reply. */
  readonly route?: string;
  readonly timeoutMs: number | undefined;
}

function collectionRoute(name: string): string {
  return `collection:${name}`;
}

function groupRoute(id: number): string {
  return `group:${id}`;
}

const META_ROUTE = 'meta';

/**
 * Failures worth repeating an idempotent call after: UNAVAILABLE, and the server's backpressure
 * RESOURCE_EXHAUSTED ("retry later"; not grpc-js's own "message larger than max", which would
 * fail again).
 */
function isTransient(code: number, details: string): boolean {
  if (code === grpc.status.UNAVAILABLE) return true;
  return code === grpc.status.RESOURCE_EXHAUSTED && !details.includes('larger than max');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The Vector Studio client: a pool of one gRPC channel per endpoint, a leader cache per
 * collection and per group (from `vstudio-served-by` and `vstudio-group`), a deadline on every
 * call, retries with exponential backoff and full jitter of idempotent calls on UNAVAILABLE, and
 * typed errors (`VectorStudioError`).
 *
 * Idempotent, hence retried on UNAVAILABLE and on the server's backpressure (RESOURCE_EXHAUSTED):
 * reads, list/describe/status, unconditional upserts (by id), deletes by id, leader transfers.
 * Not retried once they may have had an effect: conditional writes (`ifVersion`), create/drop
 * collection, add/remove node. Any call is retried (on the next endpoint) after an attempt that
 * provably did nothing: its request could not leave (no connection), or the server marked its
 * refusal `vstudio-retryable: 1` (not the leader, no leader, shutting down).
 *
 * @example
 * const client = await VectorStudioClient.connect({ endpoints: ['127.0.0.1:7001'] });
 * await client.createCollection('demo', { dimension: 3 });
 * await client.upsert('demo', [{ id: 'a', vector: [0.1, 0.2, 0.3], payload: { lang: 'en' } }]);
 * const hits = await client.search('demo', [0.1, 0.2, 0.3], { k: 5 });
 * client.close();
 */
export class VectorStudioClient {
  private readonly pool: ConnectionPool;
  private readonly leaders = new LeaderCache();
  private readonly vector = vstudioV1().VectorService.service;
  private readonly admin = vstudioV1().AdminService.service;
  private cursor = 0;
  /** Whether the channels speak TLS, and the endpoints found to speak the other (see transportMismatch). */
  private readonly tls: boolean;
  private readonly mismatched = new Map<string, string>();

  private constructor(
    endpoints: readonly string[],
    credentials: grpc.ChannelCredentials,
    channelOptions: grpc.ChannelOptions,
    private readonly timeoutMs: number,
    private readonly apiKey: string | undefined,
    private readonly backoff: BackoffOptions,
  ) {
    this.pool = new ConnectionPool(endpoints, credentials, channelOptions);
    this.tls = credentials._isSecure();
  }

  /**
   * After a connection failure that is not a refusal: does `endpoint` speak the other transport
   * (TLS versus plaintext)? Then the call fails at once with a message that says so, instead of
   * retrying until its deadline.
   */
  private async transportMismatch(endpoint: string, details: string): Promise<string | null> {
    const known = this.mismatched.get(endpoint);
    if (known !== undefined) return known;
    if (!details.includes('No connection established') || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/.test(details)) return null;
    const kind = await probeTransport(endpoint);
    let message: string | null = null;
    if (!this.tls && kind === 'tls') message = `${endpoint} serves TLS and this client speaks plaintext: pass --tls-dir DIR (SDK: tlsDir or credentials) with the cluster's ca.crt`;
    if (this.tls && kind === 'plaintext') message = `${endpoint} does not serve TLS and this client requires it: drop --tls-dir, or start the node with --tls-dir`;
    if (message !== null) this.mismatched.set(endpoint, message);
    return message;
  }

  /**
   * A client of the cluster behind `endpoints`. Channels connect lazily: this does no I/O and
   * fails only on bad options (`INVALID_ARGUMENT`).
   */
  static async connect(options: ConnectOptions): Promise<VectorStudioClient> {
    const endpoints = [...new Set(options.endpoints)];
    if (endpoints.length === 0) throw invalidArgument('endpoints: give at least one host:port', 'endpoints');
    for (const e of endpoints) {
      if (!isEndpoint(e)) throw invalidArgument(`endpoints: "${e}" is not host:port`, 'endpoints');
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw invalidArgument(`timeoutMs must be a positive number, not ${timeoutMs}`, 'timeoutMs');
    if (options.apiKey !== undefined && !/^[\x21-\x7e]+$/.test(options.apiKey)) {
      throw invalidArgument('apiKey must be printable ASCII without spaces', 'apiKey');
    }
    const channelOptions: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': -1,
      'grpc.primary_user_agent': 'vstudio-client',
      ...options.channelOptions,
    };
    return new VectorStudioClient(
      endpoints, options.credentials ?? (options.tlsDir !== undefined ? tlsCredentials(options.tlsDir) : grpc.credentials.createInsecure()), channelOptions, timeoutMs, options.apiKey, options.backoff ?? {},
    );
  }

  /** The endpoints of the pool: the configured ones, then the ones learned from the cluster. */
  get endpoints(): readonly string[] {
    return this.pool.endpoints;
  }

  /** The endpoint a collection's writes go to first, if one is cached. */
  cachedLeader(collection: string): string | undefined {
    return this.leaders.get(collectionRoute(collection));
  }

  /** Closes every channel. Calls in flight fail with CANCELLED; later calls fail at once. */
  close(): void {
    this.pool.close();
  }

  // ---- collections -------------------------------------------------------------------------

  /** Creates a collection. Not retried (ALREADY_EXISTS would hide the outcome). */
  async createCollection(name: string, options: CreateCollectionOptions): Promise<CollectionInfo> {
    const reply = await this.call({
      method: this.vector.CreateCollection,
      request: {
        name,
        dimension: options.dimension,
        metric: metricToWire(options.metric),
        m: options.m ?? 0,
        efConstruction: options.efConstruction ?? 0,
        ef: options.ef ?? 0,
        replicas: options.replicas ?? 0,
        shards: options.shards ?? 0,
        sharding: options.sharding ?? '',
        splitKeys: [...(options.splitKeys ?? [])],
      },
      idempotent: false,
      write: true,
      route: META_ROUTE,
      timeoutMs: options.timeoutMs,
    });
    return collectionFromWire(reply.response.collection);
  }

  /** Drops a collection and every record in it. Not retried. */
  async dropCollection(name: string, options: CallOptions = {}): Promise<void> {
    await this.call({
      method: this.vector.DropCollection, request: { name }, idempotent: false, write: true, route: META_ROUTE,
      timeoutMs: options.timeoutMs,
    });
  }

  /** Every collection. */
  async listCollections(options: CallOptions = {}): Promise<CollectionInfo[]> {
    const reply = await this.call({
      method: this.vector.ListCollections, request: {}, idempotent: true, write: false, timeoutMs: options.timeoutMs,
    });
    return reply.response.collections.map((c) => collectionFromWire(c));
  }

  /** One collection (NOT_FOUND when unknown). */
  async describeCollection(name: string, options: CallOptions = {}): Promise<CollectionInfo> {
    const reply = await this.call({
      method: this.vector.DescribeCollection, request: { name }, idempotent: true, write: false, timeoutMs: options.timeoutMs,
    });
    return collectionFromWire(reply.response.collection);
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Inserts or replaces records by id, acknowledged per `ack` (default majority). Retried on
   * UNAVAILABLE unless a record is conditional (`ifVersion`). A failure that may have applied
   * the write has `outcomeUnknown` set.
   */
  async upsert(collection: string, records: readonly UpsertRecord[], options: WriteOptions = {}): Promise<UpsertResult> {
    const ack = ackToWire(options.ack);
    let conditional = false;
    const items: UpsertItem[] = records.map((r, i) => {
      if (r.ifVersion !== undefined) conditional = true;
      const field = `items[${i}].record`;
      return {
        record: {
          id: r.id,
          vector: vectorBytes(r.vector, `${field}.vector`),
          payload: r.payload === undefined ? null : structFromJson(r.payload, `${field}.payload`),
        },
        ...(r.ifVersion === undefined ? {} : { ifVersion: r.ifVersion }),
      };
    });
    const reply = await this.call({
      method: this.vector.Upsert,
      request: { collection, items, ack: ack.ack, ackReplicas: ack.ackReplicas },
      idempotent: !conditional,
      write: true,
      route: collectionRoute(collection),
      timeoutMs: options.timeoutMs,
    });
    const results = itemResultsFromWire(reply.response.results);
    return {
      upserted: reply.response.upserted,
      accepted: results.filter((r) => r.status === 'accepted').length,
      results,
      index: reply.response.index,
    };
  }

  /**
   * Deletes records by id (`string`) or conditionally (`{ id, ifVersion }`). Retried on
   * UNAVAILABLE unless an item is conditional.
   */
  async delete(collection: string, targets: readonly (string | DeleteTarget)[], options: WriteOptions = {}): Promise<DeleteResult> {
    const ack = ackToWire(options.ack);
    let conditional = false;
    const items: DeleteItem[] = targets.map((t) => {
      if (typeof t === 'string') return { id: t };
      if (t.ifVersion === undefined) return { id: t.id };
      conditional = true;
      return { id: t.id, ifVersion: t.ifVersion };
    });
    const reply = await this.call({
      method: this.vector.Delete,
      request: { collection, items, ack: ack.ack, ackReplicas: ack.ackReplicas },
      idempotent: !conditional,
      write: true,
      route: collectionRoute(collection),
      timeoutMs: options.timeoutMs,
    });
    return { deleted: reply.response.deleted, results: itemResultsFromWire(reply.response.results), index: reply.response.index };
  }

  /**
   * Upserts every record of `source` (an array, a generator, a stream of records) in batches of
   * `batchSize` (256), `concurrency` (4) requests at a time. Stops at the first failure, waits
   * for the requests in flight and throws it; its `itemIndex` counts from the first record of
   * `source`. `onProgress` gets the number of records acknowledged so far.
   */
  upsertAll(
    collection: string, source: Iterable<UpsertRecord> | AsyncIterable<UpsertRecord>, options: UpsertAllOptions = {},
  ): Promise<UpsertAllResult> {
    return upsertAll((records, o) => this.upsert(collection, records, o), source, options);
  }

  // ---- reads -------------------------------------------------------------------------------

  /** Records by id, in request order, and the ids not found. */
  async get(collection: string, ids: readonly string[], options: GetOptions = {}): Promise<GetResult> {
    const reply = await this.call({
      method: this.vector.Get,
      request: { collection, ids: [...ids], read: readToWire(options), withoutVectors: options.withVectors === false },
      idempotent: true,
      write: false,
      ...this.readRoute(collection, options),
      timeoutMs: options.timeoutMs,
    });
    return {
      records: reply.response.records.map((r, i) => ({
        id: r.id,
        ...(options.withVectors === false ? {} : { vector: vectorFromBytes(r.vector, `records[${i}].vector`) }),
        payload: jsonFromStruct(r.payload),
        version: r.version,
      })),
      missing: [...reply.response.missing],
    };
  }

  /** The `k` nearest records to `vector`, nearest first (`score` is the distance). */
  async search(collection: string, vector: Float32Array | readonly number[], options: SearchOptions = {}): Promise<SearchHit[]> {
    return [...(await this.searchWithDetails(collection, vector, options)).hits];
  }

  /** As `search`, and which shards did not answer when `allowPartial` let the search go on without them. */
  async searchWithDetails(collection: string, vector: Float32Array | readonly number[], options: SearchOptions = {}): Promise<SearchResult> {
    const withPayload = options.withPayload ?? true;
    const withVector = options.withVector ?? false;
    const reply = await this.call({
      method: this.vector.Search,
      request: {
        collection,
        vector: vectorBytes(vector, 'vector'),
        k: options.k ?? 10,
        ef: options.ef ?? 0,
        filter: options.filter === undefined ? null : structFromJson(options.filter, 'filter'),
        read: readToWire(options),
        withPayload,
        withVector,
        allowPartial: options.allowPartial ?? false,
      },
      idempotent: true,
      write: false,
      ...this.readRoute(collection, options),
      timeoutMs: options.timeoutMs,
    });
    const hits = reply.response.hits.map((h, i) => ({
      id: h.id,
      score: h.score,
      ...(withPayload ? { payload: jsonFromStruct(h.payload) } : {}),
      ...(withVector ? { vector: vectorFromBytes(h.vector, `hits[${i}].vector`) } : {}),
    }));
    return { hits, missingShards: reply.response.missingShards.map((m) => ({ shard: m.shard, groupId: m.groupId, reason: m.reason })) };
  }

  /** The number of records in a collection. */
  async count(collection: string, options: ReadOptions = {}): Promise<number> {
    const reply = await this.call({
      method: this.vector.Count,
      request: { collection, read: readToWire(options) },
      idempotent: true,
      write: false,
      ...this.readRoute(collection, options),
      timeoutMs: options.timeoutMs,
    });
    return reply.response.count;
  }

  // ---- administration ----------------------------------------------------------------------

  /** The cluster as the meta group's leader sees it (DESIGN.md §8 `cluster status --json`). */
  async clusterStatus(options: CallOptions = {}): Promise<ClusterStatus> {
    const reply = await this.call({
      method: this.admin.ClusterStatus, request: {}, idempotent: true, write: false, route: META_ROUTE, timeoutMs: options.timeoutMs,
    });
    return clusterStatusFromWire(reply.response);
  }

  /** Sets a collection's replication factor; the coordinator then adds or removes replicas to match. */
  async updateCollection(name: string, options: CallOptions & { readonly replicas: number }): Promise<CollectionInfo> {
    const reply = await this.call({
      method: this.vector.UpdateCollection, request: { name, replicas: options.replicas }, idempotent: true, write: true, route: META_ROUTE, timeoutMs: options.timeoutMs,
    });
    return collectionFromWire(reply.response.collection);
  }

  /** `draining` moves every replica and leadership off a node; `removed` retires a drained or dead node; `active` undoes a drain. */
  async setNodeState(nodeId: number, state: NodeAdminState, options: CallOptions = {}): Promise<void> {
    await this.call({
      method: this.admin.SetNodeState, request: { nodeId, state }, idempotent: true, write: true, route: META_ROUTE, timeoutMs: options.timeoutMs,
    });
  }

  /**
   * Reshards a collection while it serves: `split` a `range` shard at a key, or `addShard` to a
   * `consistent` collection. Resolves once the coordinator took it on (watch with `listOperators`).
   */
  async reshard(collection: string, change: { readonly split: { readonly shard: number; readonly splitKey: string } } | { readonly addShard: true }, options: CallOptions = {}): Promise<{ operatorId: number; shardingJson: string }> {
    const reply = await this.call({
      method: this.admin.Reshard, request: { collection, ...change }, idempotent: false, write: true, route: META_ROUTE, timeoutMs: options.timeoutMs,
    });
    return { operatorId: reply.response.operatorId, shardingJson: reply.response.shardingJson };
  }

  /** Moves one replica of a group (`shard move`); resolves with the operator's id once recorded. */
  async moveReplica(groupId: number, fromNode: number, toNode: number, options: CallOptions = {}): Promise<number> {
    const reply = await this.call({
      method: this.admin.MoveReplica, request: { groupId, fromNode, toNode }, idempotent: false, write: true, route: META_ROUTE, timeoutMs: options.timeoutMs,
    });
    return reply.response.operatorId;
  }

  /** The coordinator's operators under way; `planNow` runs a planning round first (`rebalance`). */
  async listOperators(options: CallOptions & { readonly planNow?: boolean } = {}): Promise<OperatorsStatus> {
    const reply = await this.call({
      method: this.admin.ListOperators, request: { planNow: options.planNow ?? false }, idempotent: true, write: false, route: META_ROUTE, timeoutMs: options.timeoutMs,
    });
    return {
      planned: reply.response.planned,
      operators: reply.response.operators.map((o) => ({
        id: o.id, kind: o.kind, groupId: o.groupId, step: o.step, startedAtMs: o.startedAtMs,
        ...(o.kind === 'move-replica' || o.kind === 'transfer-leader' ? { from: o.from, to: o.to } : { node: o.node }),
      })),
    };
  }

  /** Hands a group's leadership to one of its voters; resolves with the new leader once it leads. */
  async transferLeader(groupId: number, toNode: number, options: CallOptions = {}): Promise<number> {
    const reply = await this.call({
      method: this.admin.TransferLeader, request: { groupId, toNode }, idempotent: true, write: false,
      route: groupRoute(groupId), timeoutMs: options.timeoutMs,
    });
    return reply.response.leader;
  }

  /** Adds a node to a group (as a learner, then a voter unless `asLearner`). Not retried. */
  async addNode(groupId: number, nodeId: number, options: CallOptions & { readonly asLearner?: boolean } = {}): Promise<GroupMembership> {
    const reply = await this.call({
      method: this.admin.AddNode, request: { groupId, nodeId, asLearner: options.asLearner ?? false }, idempotent: false,
      write: true, route: groupRoute(groupId), timeoutMs: options.timeoutMs,
    });
    return { voters: [...reply.response.voters], learners: [...reply.response.learners] };
  }

  /** Removes a node from a group's membership. Not retried. */
  async removeNode(groupId: number, nodeId: number, options: CallOptions = {}): Promise<GroupMembership> {
    const reply = await this.call({
      method: this.admin.RemoveNode, request: { groupId, nodeId }, idempotent: false, write: true,
      route: groupRoute(groupId), timeoutMs: options.timeoutMs,
    });
    return { voters: [...reply.response.voters], learners: [...reply.response.learners] };
  }

  // ---- the call path -----------------------------------------------------------------------

  /** Leader reads go to the collection's cached leader; follower reads anywhere. */
  private readRoute(collection: string, options: ReadOptions): { route?: string } {
    return options.consistency === 'follower' ? {} : { route: collectionRoute(collection) };
  }

  /** The endpoints to try, in order: the route's cached leader first, else round robin. */
  private endpointOrder(route: string | undefined): string[] {
    const all = [...this.pool.endpoints];
    const leader = route === undefined ? undefined : this.leaders.get(route);
    if (leader !== undefined) return [leader, ...all.filter((e) => e !== leader)];
    const start = this.cursor++ % all.length;
    return [...all.slice(start), ...all.slice(0, start)];
  }

  private learn(route: string | undefined, metadata: grpc.Metadata): void {
    const servedBy = metadataString(metadata, SERVED_BY_METADATA_KEY);
    if (servedBy === undefined || !isEndpoint(servedBy) || isWildcardAddress(servedBy)) return;
    this.pool.add(servedBy);
    if (route !== undefined) this.leaders.set(route, servedBy);
    const group = Number(metadataString(metadata, GROUP_METADATA_KEY));
    if (Number.isInteger(group) && group > 0) this.leaders.set(groupRoute(group), servedBy);
  }

  private callMetadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    if (this.apiKey !== undefined) md.set('authorization', `Bearer ${this.apiKey}`);
    return md;
  }

  private async call<Req, Res>(spec: CallSpec<Req, Res>): Promise<UnaryReply<Res>> {
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw invalidArgument(`timeoutMs must be a positive number, not ${timeoutMs}`, 'timeoutMs');
    const deadline = Date.now() + timeoutMs;
    const order = this.endpointOrder(spec.route);
    let outcomeUnknown = false;
    let retries = 0;
    let previous: VectorStudioError | undefined;
    for (let i = 0; ; i++) {
      if (this.pool.isClosed) {
        throw new VectorStudioError({ grpcCode: grpc.status.CANCELLED, details: 'the client is closed', outcomeUnknown });
      }
      const endpoint = order[i % order.length]!;
      try {
        const reply = await unaryCall(this.pool.client(endpoint), spec.method, spec.request, this.callMetadata(), deadline);
        if (spec.route !== undefined) this.learn(spec.route, reply.metadata);
        return reply;
      } catch (e) {
        if (!(e instanceof UnaryFailure)) throw e;
        const { error, metadata } = e;
        const didNothing = attemptDidNothing(error.code, error.details, metadata);
        if (error.code === grpc.status.UNAVAILABLE && didNothing) {
          const mismatch = await this.transportMismatch(endpoint, error.details);
          if (mismatch !== null) throw new VectorStudioError({ grpcCode: grpc.status.UNAVAILABLE, details: mismatch, endpoint, cause: error });
        }
        if (spec.write && attemptOutcomeUnknown(error.code, error.details, metadata)) outcomeUnknown = true;
        let failure = errorFromServiceError(error, metadata, endpoint, outcomeUnknown);
        if (error.code === grpc.status.DEADLINE_EXCEEDED && error.details.startsWith('Deadline exceeded')) {
          // grpc-js's own deadline: say which deadline, where, and what the attempts before met.
          const before = previous === undefined ? '' : `; attempt ${i} failed with ${previous.message}`;
          failure = new VectorStudioError({
            grpcCode: failure.grpcCode,
            details: `deadline of ${timeoutMs} ms exceeded waiting for ${endpoint} (attempt ${i + 1})${before}`,
            outcomeUnknown, endpoint, cause: error,
          });
        }
        previous = failure;
        if (error.code === grpc.status.UNAVAILABLE) this.leaders.forgetAddress(endpoint);
        // A write that may have been applied is never repeated behind the caller's back: an
        // upsert is idempotent only while nobody else writes the id, and a late duplicate can
        // undo a later acknowledged write (jepsen-lite's register workload caught exactly that).
        const mayHaveApplied = spec.write && attemptOutcomeUnknown(error.code, error.details, metadata);
        const retryable = didNothing || (spec.idempotent && !mayHaveApplied && isTransient(error.code, error.details));
        if (!retryable) throw failure;
        const pause = backoffDelay(retries++, this.backoff);
        if (Date.now() + pause >= deadline) throw failure;
        await sleep(pause);
      }
    }
  }
}

function invalidArgument(details: string, field: string): VectorStudioError {
  return new VectorStudioError({ grpcCode: grpc.status.INVALID_ARGUMENT, details, field });
}
