/**
 * An in-process fake of a Vector Studio cluster for client and CLI tests: one gRPC server per
 * fake node on 127.0.0.1 (port 0), serving VectorService and AdminService from one shared
 * in-memory store, with scripted failures and delays per node and method, and a log of every
 * call (request and metadata) each node received.
 */
import * as grpc from '@grpc/grpc-js';
import type { ClusterStatusResponse } from '../../../src/wire/gen/vstudio/v1/ClusterStatusResponse.js';
import type { CollectionInfo } from '../../../src/wire/gen/vstudio/v1/CollectionInfo.js';
import type { CountRequest__Output } from '../../../src/wire/gen/vstudio/v1/CountRequest.js';
import type { CreateCollectionRequest__Output } from '../../../src/wire/gen/vstudio/v1/CreateCollectionRequest.js';
import type { DeleteRequest__Output } from '../../../src/wire/gen/vstudio/v1/DeleteRequest.js';
import type { GetRequest__Output } from '../../../src/wire/gen/vstudio/v1/GetRequest.js';
import type { ItemResult } from '../../../src/wire/gen/vstudio/v1/ItemResult.js';
import type { SearchRequest__Output } from '../../../src/wire/gen/vstudio/v1/SearchRequest.js';
import type { UpsertRequest__Output } from '../../../src/wire/gen/vstudio/v1/UpsertRequest.js';
import {
  FIELD_METADATA_KEY, GROUP_METADATA_KEY, OUTCOME_METADATA_KEY, OUTCOME_UNKNOWN, SERVED_BY_METADATA_KEY,
} from '../../../src/wire/metadata.js';
import { vstudioV1 } from '../../../src/wire/proto.js';
import { jsonToStruct, structToJson, type JsonObject } from '../../../src/wire/struct.js';
import { bytesToVector, vectorToBytes } from '../../../src/wire/vectors.js';

export type MethodName =
  | 'CreateCollection' | 'DropCollection' | 'ListCollections' | 'DescribeCollection' | 'Upsert' | 'Delete' | 'Get'
  | 'Search' | 'Count' | 'ClusterStatus' | 'TransferLeader' | 'AddNode' | 'RemoveNode'
  | 'UpdateCollection' | 'SetNodeState' | 'ListOperators' | 'Reshard' | 'JoinCluster' | 'MoveReplica';

/** One scripted answer: a failure (status, details, trailers), after an optional delay; or just a delay. */
export interface Step {
  readonly code?: grpc.status;
  readonly details?: string;
  readonly trailers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

/** Steps that build the usual scripted failures. */
export const fail = {
  unavailable: (details = 'node is shutting down'): Step => ({ code: grpc.status.UNAVAILABLE, details }),
  outcomeUnknown: (details = 'leader lost before the entry committed'): Step => ({
    code: grpc.status.UNAVAILABLE, details, trailers: { [OUTCOME_METADATA_KEY]: OUTCOME_UNKNOWN },
  }),
  /** A refusal after which nothing was done (not the leader, shutting down): `vstudio-retryable: 1`. */
  notLeader: (details = 'node 1 is not the leader of group 2'): Step => ({
    code: grpc.status.UNAVAILABLE, details, trailers: { 'vstudio-retryable': '1', 'vstudio-leader-id': '2' },
  }),
  /** The server's backpressure. */
  exhausted: (details = 'group 2 has 9000 committed entries waiting to be applied (limit 8192); retry later'): Step => ({
    code: grpc.status.RESOURCE_EXHAUSTED, details,
  }),
  invalidArgument: (details: string, field: string): Step => ({
    code: grpc.status.INVALID_ARGUMENT, details, trailers: { [FIELD_METADATA_KEY]: field },
  }),
  delay: (delayMs: number): Step => ({ delayMs }),
};

/** A call a fake node received. */
export interface RecordedCall {
  readonly method: MethodName;
  readonly request: unknown;
  readonly metadata: grpc.Metadata;
}

interface StoredRecord {
  vector: Float32Array;
  payload: JsonObject | null;
  version: number;
}

interface Collection {
  info: CollectionInfo;
  records: Map<string, StoredRecord>;
}

class Status extends Error {
  constructor(readonly code: grpc.status, readonly details: string, readonly field?: string) {
    super(details);
  }
}

/** The state every fake node of a cluster serves. */
export class FakeStore {
  readonly collections = new Map<string, Collection>();
  index = 0;
  /** What ListOperators answers. */
  operators: { operators: { id: number; kind: string; groupId: number; node?: number; from?: number; to?: number; step: string; startedAtMs: number }[]; planned: number } = { operators: [], planned: 0 };

  /** What ClusterStatus answers. */
  status: ClusterStatusResponse = {
    nodes: [
      { id: 1, clientAddress: '127.0.0.1:7001', peerAddress: '127.0.0.1:7101', zone: 'a', state: 'up', replicas: 2, leaders: 1 },
      { id: 2, clientAddress: '127.0.0.1:7002', peerAddress: '127.0.0.1:7102', zone: 'b', state: 'up', replicas: 2, leaders: 1 },
    ],
    groups: [
      { id: 1, collection: '', range: '', leader: 1, voters: [1, 2], learners: [], commitIndex: 10, appliedIndex: 10, lagEntries: { 2: 0 }, lagMs: { 2: 3 }, term: 2 },
      { id: 2, collection: 'demo', range: '', leader: 2, voters: [1, 2], learners: [], commitIndex: 7, appliedIndex: 6, lagEntries: { 1: 1 }, lagMs: { 1: 12 }, term: 3 },
    ],
    metaGroupId: 1,
  };

  collection(name: string): Collection {
    const c = this.collections.get(name);
    if (c === undefined) throw new Status(grpc.status.NOT_FOUND, `collection "${name}" does not exist`, 'collection');
    return c;
  }

  createCollection(req: CreateCollectionRequest__Output): CollectionInfo {
    if (this.collections.has(req.name)) throw new Status(grpc.status.ALREADY_EXISTS, `collection "${req.name}" already exists`, 'name');
    if (req.dimension < 1) throw new Status(grpc.status.INVALID_ARGUMENT, 'dimension must be at least 1', 'dimension');
    const info: CollectionInfo = {
      name: req.name, dimension: req.dimension, metric: req.metric === 'METRIC_UNSPECIFIED' ? 'METRIC_L2' : req.metric,
      m: req.m || 16, efConstruction: req.efConstruction || 200, ef: req.ef || 64, replicas: req.replicas || 3,
      shards: req.shards || 1, sharding: req.sharding || 'consistent', count: 0, groupIds: [this.collections.size + 2],
    };
    this.collections.set(req.name, { info, records: new Map() });
    return info;
  }

  describe(name: string): CollectionInfo {
    const c = this.collection(name);
    return { ...c.info, count: c.records.size };
  }

  upsert(req: UpsertRequest__Output): { upserted: number; results: ItemResult[]; index: number } {
    const c = this.collection(req.collection);
    const vectors = req.items.map((item, i) => {
      const v = bytesToVector(item.record?.vector ?? Buffer.alloc(0));
      if (v === null || v.length !== c.info.dimension) {
        throw new Status(grpc.status.INVALID_ARGUMENT,
          `vector has ${v?.length ?? 0} dimensions, collection "${req.collection}" expects ${c.info.dimension}`, `items[${i}].record.vector`);
      }
      return v;
    });
    const index = ++this.index;
    const async = req.ack === 'ACK_LEVEL_ASYNC';
    let upserted = 0;
    const results = req.items.map((item, i): ItemResult => {
      const id = item.record?.id ?? '';
      const current = c.records.get(id);
      if (item._ifVersion === 'ifVersion' && (current?.version ?? 0) !== item.ifVersion) {
        return { id, status: 'ITEM_STATUS_CONDITION_FAILED', version: current?.version ?? 0 };
      }
      const payload = item.record?.payload;
      c.records.set(id, { vector: vectors[i]!, payload: payload === null || payload === undefined ? null : structToJson(payload), version: index });
      if (async) return { id, status: 'ITEM_STATUS_ACCEPTED', version: 0 };
      upserted++;
      return { id, status: 'ITEM_STATUS_UPSERTED', version: index };
    });
    return { upserted, results, index };
  }

  delete(req: DeleteRequest__Output): { deleted: number; results: ItemResult[]; index: number } {
    const c = this.collection(req.collection);
    const index = ++this.index;
    let deleted = 0;
    const results = req.items.map((item): ItemResult => {
      const current = c.records.get(item.id);
      if (current === undefined) return { id: item.id, status: 'ITEM_STATUS_NOT_FOUND', version: 0 };
      if (item._ifVersion === 'ifVersion' && current.version !== item.ifVersion) {
        return { id: item.id, status: 'ITEM_STATUS_CONDITION_FAILED', version: current.version };
      }
      c.records.delete(item.id);
      deleted++;
      return { id: item.id, status: 'ITEM_STATUS_DELETED', version: index };
    });
    return { deleted, results, index };
  }

  get(req: GetRequest__Output): unknown {
    const c = this.collection(req.collection);
    const records = [];
    const missing = [];
    for (const id of req.ids) {
      const r = c.records.get(id);
      if (r === undefined) missing.push(id);
      else {
        records.push({
          id, vector: req.withoutVectors ? Buffer.alloc(0) : vectorToBytes(r.vector),
          payload: r.payload === null ? null : jsonToStruct(r.payload), version: r.version,
        });
      }
    }
    return { records, missing };
  }

  search(req: SearchRequest__Output): unknown {
    const c = this.collection(req.collection);
    const q = bytesToVector(req.vector);
    if (q === null || q.length !== c.info.dimension) {
      throw new Status(grpc.status.INVALID_ARGUMENT, `vector has ${q?.length ?? 0} dimensions, collection "${req.collection}" expects ${c.info.dimension}`, 'vector');
    }
    const hits = [...c.records.entries()].map(([id, r]) => {
      let d = 0;
      for (let i = 0; i < q.length; i++) d += (q[i]! - r.vector[i]!) ** 2;
      return { id, r, score: d };
    }).sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1)).slice(0, req.k || 10);
    return {
      hits: hits.map((h) => ({
        id: h.id, score: h.score,
        payload: req.withPayload && h.r.payload !== null ? jsonToStruct(h.r.payload) : null,
        vector: req.withVector ? vectorToBytes(h.r.vector) : Buffer.alloc(0),
      })),
    };
  }

  count(req: CountRequest__Output): unknown {
    return { count: this.collection(req.collection).records.size };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** One fake node: a gRPC server on 127.0.0.1, its script, and the calls it received. */
export class FakeNode {
  readonly calls: RecordedCall[] = [];
  /** What the node puts in `vstudio-served-by` (default: its own address; null: nothing). */
  servedBy: string | null | undefined = undefined;
  /** What the node puts in `vstudio-group` (default: nothing). */
  group: number | undefined = undefined;
  /** Calls being served right now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly scripts = new Map<MethodName, Step[]>();

  private constructor(readonly address: string, private readonly server: grpc.Server) {}

  /** A node on `address` (default: a free port on 127.0.0.1). */
  static async start(store: FakeStore, address = '127.0.0.1:0'): Promise<FakeNode> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
    });
    const node = new FakeNode(`127.0.0.1:${port}`, server);
    node.register(store);
    return node;
  }

  /** Answers the next calls of `method` with these steps, in order, then normally. */
  script(method: MethodName, ...steps: Step[]): this {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...steps]);
    return this;
  }

  /** The calls of one method. */
  callsOf(method: MethodName): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Stops at once: open calls fail, new connections are refused. */
  stop(): void {
    this.server.forceShutdown();
  }

  private trailers(extra: Readonly<Record<string, string>> = {}): grpc.Metadata {
    const md = new grpc.Metadata();
    const servedBy = this.servedBy === undefined ? this.address : this.servedBy;
    if (servedBy !== null) md.set(SERVED_BY_METADATA_KEY, servedBy);
    if (this.group !== undefined) md.set(GROUP_METADATA_KEY, String(this.group));
    for (const [k, v] of Object.entries(extra)) md.set(k, v);
    return md;
  }

  private handler(method: MethodName, impl: (request: never) => unknown): grpc.handleUnaryCall<unknown, unknown> {
    return (call, callback) => {
      this.calls.push({ method, request: call.request, metadata: call.metadata });
      const step = this.scripts.get(method)?.shift();
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const run = async (): Promise<void> => {
        try {
          if (step?.delayMs !== undefined) await sleep(step.delayMs);
          if (step?.code !== undefined) {
            callback({ code: step.code, details: step.details ?? '', metadata: this.trailers(step.trailers) });
            return;
          }
          const response = impl(call.request as never);
          callback(null, response, this.trailers());
        } catch (e) {
          if (e instanceof Status) {
            callback({ code: e.code, details: e.details, metadata: this.trailers(e.field === undefined ? {} : { [FIELD_METADATA_KEY]: e.field }) });
          } else {
            callback({ code: grpc.status.INTERNAL, details: String(e) });
          }
        } finally {
          this.inFlight--;
        }
      };
      void run();
    };
  }

  private register(store: FakeStore): void {
    const v1 = vstudioV1();
    this.server.addService(v1.VectorService.service, {
      CreateCollection: this.handler('CreateCollection', (r: CreateCollectionRequest__Output) => ({ collection: store.createCollection(r) })),
      DropCollection: this.handler('DropCollection', (r: { name: string }) => {
        store.collection(r.name);
        store.collections.delete(r.name);
        return {};
      }),
      ListCollections: this.handler('ListCollections', () => ({ collections: [...store.collections.keys()].map((n) => store.describe(n)) })),
      DescribeCollection: this.handler('DescribeCollection', (r: { name: string }) => ({ collection: store.describe(r.name) })),
      Upsert: this.handler('Upsert', (r: UpsertRequest__Output) => store.upsert(r)),
      Delete: this.handler('Delete', (r: DeleteRequest__Output) => store.delete(r)),
      Get: this.handler('Get', (r: GetRequest__Output) => store.get(r)),
      Search: this.handler('Search', (r: SearchRequest__Output) => store.search(r)),
      Count: this.handler('Count', (r: CountRequest__Output) => store.count(r)),
      UpdateCollection: this.handler('UpdateCollection', (r: { name: string; replicas: number }) => ({ collection: { ...store.describe(r.name), replicas: r.replicas } })),
    });
    this.server.addService(v1.AdminService.service, {
      ClusterStatus: this.handler('ClusterStatus', () => store.status),
      TransferLeader: this.handler('TransferLeader', (r: { groupId: number; toNode: number }) => ({ leader: r.toNode })),
      AddNode: this.handler('AddNode', (r: { nodeId: number }) => ({ voters: [1, 2, r.nodeId], learners: [] })),
      RemoveNode: this.handler('RemoveNode', (r: { nodeId: number }) => ({ voters: [1, 2, 3].filter((n) => n !== r.nodeId), learners: [] })),
      SetNodeState: this.handler('SetNodeState', () => ({})),
      ListOperators: this.handler('ListOperators', () => store.operators),
      Reshard: this.handler('Reshard', () => ({ operatorId: 7, shardingJson: '{"kind":"range"}' })),
      JoinCluster: this.handler('JoinCluster', () => ({ clusterId: 'c', members: [] })),
      MoveReplica: this.handler('MoveReplica', () => ({ operatorId: 9 })),
    });
  }
}

/** Fake nodes sharing one store. */
export class FakeCluster {
  private constructor(readonly store: FakeStore, readonly nodes: FakeNode[]) {}

  static async start(nodes = 1): Promise<FakeCluster> {
    const store = new FakeStore();
    return new FakeCluster(store, await Promise.all(Array.from({ length: nodes }, () => FakeNode.start(store))));
  }

  node(i: number): FakeNode {
    const n = this.nodes[i];
    if (n === undefined) throw new Error(`no fake node ${i}`);
    return n;
  }

  get endpoints(): string[] {
    return this.nodes.map((n) => n.address);
  }

  /** Adds a node serving the same store. */
  async addNode(): Promise<FakeNode> {
    const n = await FakeNode.start(this.store);
    this.nodes.push(n);
    return n;
  }

  stop(): void {
    for (const n of this.nodes) n.stop();
  }
}

/** An address on 127.0.0.1 where nothing listens (bound to port 0, then closed). */
export async function deadEndpoint(): Promise<string> {
  const server = new grpc.Server();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  server.forceShutdown();
  return `127.0.0.1:${port}`;
}
