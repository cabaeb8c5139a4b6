import * as grpc from '@grpc/grpc-js';
import type { NodeEncryption } from '../security/encryption-rotation.js';
import type { AdminServiceHandlers } from '../wire/gen/vstudio/v1/AdminService.js';
import type { EncryptionStatusResponse } from '../wire/gen/vstudio/v1/EncryptionStatusResponse.js';
import type { PeerServiceHandlers } from '../wire/gen/vstudio/v1/PeerService.js';
import type { VectorServiceHandlers } from '../wire/gen/vstudio/v1/VectorService.js';
import { GROUP_METADATA_KEY, SERVED_BY_METADATA_KEY } from '../wire/metadata.js';
import { authorize, authorizePeer, type ApiKeyAuthority } from './auth-policy.js';
import type { Logger } from './logger.js';
import type { NodeMetrics } from './metrics.js';
import { errorMetadata } from './peer-calls.js';
import type { RequestRouter } from './request-router.js';
import { ServerError } from './server-error.js';
import type { VectorNode } from './vector-node.js';

/** Deadline of a request that names none, and the most any request may take here. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Answer this long before the caller's deadline, so that the answer arrives in time. */
const DEADLINE_MARGIN_MS = 25;

function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown>): number {
  const d = call.getDeadline();
  const asked = d instanceof Date ? d.getTime() : typeof d === 'number' && Number.isFinite(d) ? d : Date.now() + DEFAULT_REQUEST_TIMEOUT_MS;
  return asked - DEADLINE_MARGIN_MS;
}

interface HandlerContext {
  readonly node: VectorNode;
  readonly router: RequestRouter;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  /** Client port: the API keys (`--auth-file`); absent: no authentication. */
  readonly auth?: ApiKeyAuthority | null;
  /** Peer port: mutual TLS is on, so every peer RPC must come with a node certificate. */
  readonly peerTls?: boolean;
  /** Client port: requests in flight per client (its key with auth on, else its IP address); absent: no limit. */
  readonly maxConcurrentRequestsPerClient?: number;
  /** Encryption at rest (--encryption-key-file); absent: this node stores plaintext. */
  readonly encryption?: NodeEncryption | null;
}

/** This node's encryption at rest; `rotate` starts a rotation first (FAILED_PRECONDITION without encryption). */
function encryptionStatus(ctx: HandlerContext, rotate: boolean): Promise<EncryptionStatusResponse> {
  const enc = ctx.encryption;
  if (enc === undefined || enc === null) {
    if (rotate) throw new ServerError('FAILED_PRECONDITION', `node ${ctx.node.id} does not encrypt its data at rest: there is nothing to rotate (start it with --encryption-key-file)`);
    return Promise.resolve({ nodeId: ctx.node.id, encrypted: false, rotation: 'idle' });
  }
  const s = rotate ? enc.rotate() : enc.status();
  return Promise.resolve({
    nodeId: ctx.node.id, encrypted: true, keyId: s.keyId, retiredKeyIds: [...s.retiredKeyIds], rotation: s.rotation, phase: s.phase,
    stepsDone: s.stepsDone, stepsTotal: s.stepsTotal, valuesRewritten: s.valuesRewritten, error: s.error,
  });
}

/** A request whose bytes do not decode as its message (see tolerantDeserializers). */
const MALFORMED = Symbol('malformed request');
interface Malformed { readonly [MALFORMED]: string }

function isMalformed(req: unknown): req is Malformed {
  return typeof req === 'object' && req !== null && MALFORMED in req;
}

/**
 * The service with request decoders that do not throw: grpc-js answers a request it cannot
 * decode with INTERNAL; the handler answers INVALID_ARGUMENT naming the message instead.
 */
export function tolerantDeserializers<S extends grpc.ServiceDefinition>(service: S): S {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of Object.entries(service as grpc.ServiceDefinition)) {
    out[name] = {
      ...m,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return m.requestDeserialize(bytes);
        } catch (e) {
          return { [MALFORMED]: e instanceof Error ? e.message : String(e) } satisfies Malformed;
        }
      },
    };
  }
  return out as unknown as S;
}

/** Requests in flight per client on the client port. */
const inFlight = new WeakMap<HandlerContext, Map<string, number>>();

function clientOf(call: grpc.ServerUnaryCall<unknown, unknown>, principal: string | null): string {
  if (principal !== null) return `key:${principal}`;
  const peer = call.getPeer();
  const colon = peer.lastIndexOf(':');
  return colon > 0 ? peer.slice(0, colon) : peer;
}

/** Who may make the call: throws UNAUTHENTICATED / PERMISSION_DENIED. Returns the collections of a limited key (null: all). */
type Guard<Req> = (call: grpc.ServerUnaryCall<Req, unknown>) => Admitted;

interface Admitted {
  /** The collections of a key limited to some (null: all). */
  readonly collections: ReadonlySet<string> | null;
  /** The key's id (null: no key). */
  readonly principal: string | null;
}

/** The client port's guard of `method`: API key, then role and collections. */
function keyGuard<Req>(ctx: HandlerContext, method: string, collectionOf: (req: Req) => string | null): Guard<Req> | null {
  const auth = ctx.auth;
  if (auth === undefined || auth === null) return null;
  return (call) => {
    const who = auth.authenticate(call.metadata);
    authorize(who, method, collectionOf(call.request));
    return { collections: who.collections, principal: who.id };
  };
}

/** The peer port's guard: a node certificate (with mutual TLS on). */
function peerGuard<Req>(ctx: HandlerContext): Guard<Req> | null {
  if (ctx.peerTls !== true) return null;
  return (call) => {
    authorizePeer(call);
    return { collections: null, principal: null };
  };
}

/** Where a request about a collection's group was served from, for clients that cache leaders. */
function servedBy(ctx: HandlerContext, collection: string | null): grpc.Metadata {
  const md = new grpc.Metadata();
  if (collection === null) return md;
  const c = ctx.node.map.collections.get(collection);
  // A sharded collection has no one leader to cache: the contacted node routes each id.
  const groupId = c?.groupIds.length === 1 ? c.groupIds[0] : undefined;
  if (groupId === undefined) return md;
  md.set(GROUP_METADATA_KEY, String(groupId));
  const leader = ctx.node.leaderOf(groupId);
  const address = ctx.node.map.nodes.get(leader)?.clientAddress;
  if (address !== undefined && address !== '') md.set(SERVED_BY_METADATA_KEY, address);
  return md;
}

/**
 * Wraps a request handler: deadline, error mapping (every error a gRPC status; the facts in
 * trailers), RPC metrics, and one log line for unexpected failures.
 */
function unary<Req, Res>(
  ctx: HandlerContext, method: string, collectionOf: (req: Req) => string | null,
  fn: (req: Req, deadlineMs: number, allowed: ReadonlySet<string> | null) => Promise<Res>,
  guard: Guard<Req> | null = keyGuard(ctx, method, collectionOf),
) {
  return (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>): void => {
    const started = performance.now();
    const deadlineMs = deadlineOf(call as grpc.ServerUnaryCall<unknown, unknown>);
    let release = (): void => undefined;
    const run = async (): Promise<Res> => {
      const req: unknown = call.request;
      if (isMalformed(req)) throw new ServerError('INVALID_ARGUMENT', `the request is not a valid ${method} request message (${req[MALFORMED]})`, { field: 'request' });
      const admitted = guard === null ? { collections: null, principal: null } : guard(call as grpc.ServerUnaryCall<Req, unknown>);
      const limit = ctx.maxConcurrentRequestsPerClient;
      if (limit !== undefined && !method.startsWith('peer.')) {
        let counts = inFlight.get(ctx);
        if (counts === undefined) inFlight.set(ctx, counts = new Map());
        const client = clientOf(call as grpc.ServerUnaryCall<unknown, unknown>, admitted.principal);
        const n = counts.get(client) ?? 0;
        if (n >= limit) throw new ServerError('RESOURCE_EXHAUSTED', `this client has ${n} requests in flight on this node (limit ${limit}, --max-concurrent-requests); retry later`);
        counts.set(client, n + 1);
        release = () => {
          const left = (counts.get(client) ?? 1) - 1;
          if (left <= 0) counts.delete(client);
          else counts.set(client, left);
        };
      }
      return fn(call.request, deadlineMs, admitted.collections);
    };
    run().finally(() => release()).then(
      (res) => {
        ctx.metrics.observeRpc(method, 'OK', (performance.now() - started) / 1000);
        callback(null, res, servedBy(ctx, collectionOf(call.request)));
      },
      (e: unknown) => {
        const err = e instanceof ServerError ? e : new ServerError('INTERNAL', e instanceof Error ? e.message : String(e));
        if (err.code === 'INTERNAL') ctx.logger.error({ event: 'rpc_failed', method, err: err.message, stack: e instanceof Error ? e.stack : undefined }, 'request failed unexpectedly');
        ctx.metrics.observeRpc(method, err.code, (performance.now() - started) / 1000);
        callback({ code: err.grpcCode, details: `${err.message}`, metadata: errorMetadata(err) });
      },
    );
  };
}

export function vectorServiceHandlers(ctx: HandlerContext): VectorServiceHandlers {
  const r = ctx.router;
  const none = (): null => null;
  return {
    CreateCollection: unary(ctx, 'CreateCollection', none, async (req, d) => ({ collection: await r.createCollection(req, d) }), keyGuard(ctx, 'CreateCollection', (req) => req.name)),
    UpdateCollection: unary(ctx, 'UpdateCollection', none, async (req, d) => ({ collection: await r.updateCollection(req, d) }), keyGuard(ctx, 'UpdateCollection', (req) => req.name)),
    DropCollection: unary(ctx, 'DropCollection', none, async (req, d) => {
      await r.dropCollection(req.name, d);
      return {};
    }, keyGuard(ctx, 'DropCollection', (req) => req.name)),
    // A key limited to some collections lists only those.
    ListCollections: unary(ctx, 'ListCollections', none, async (_req, d, allowed) => ({
      collections: (await r.listCollections(d)).filter((c) => allowed === null || allowed.has(c.name ?? '')),
    })),
    DescribeCollection: unary(ctx, 'DescribeCollection', none, async (req, d) => ({ collection: await r.describeCollection(req.name, d) }), keyGuard(ctx, 'DescribeCollection', (req) => req.name)),
    Upsert: unary(ctx, 'Upsert', (req) => req.collection, (req, d) => r.upsert(req, d)),
    Delete: unary(ctx, 'Delete', (req) => req.collection, (req, d) => r.delete(req, d)),
    Get: unary(ctx, 'Get', (req) => req.collection, (req, d) => r.get(req, d)),
    Search: unary(ctx, 'Search', (req) => req.collection, (req, d) => r.search(req, d)),
    Count: unary(ctx, 'Count', (req) => req.collection, async (req, d) => ({ count: await r.count(req, d) })),
  };
}

export function adminServiceHandlers(ctx: HandlerContext): AdminServiceHandlers {
  const r = ctx.router;
  const none = (): null => null;
  return {
    ClusterStatus: unary(ctx, 'ClusterStatus', none, (_req, d) => r.clusterStatus(d)),
    TransferLeader: unary(ctx, 'TransferLeader', none, async (req, d) => ({ leader: await r.transferLeader(req.groupId, req.toNode, d) })),
    AddNode: unary(ctx, 'AddNode', none, (req, d) => r.addNodeToGroup(req.groupId, req.nodeId, req.asLearner, d)),
    RemoveNode: unary(ctx, 'RemoveNode', none, (req, d) => r.removeNodeFromGroup(req.groupId, req.nodeId, d)),
    SetNodeState: unary(ctx, 'SetNodeState', none, async (req, d) => {
      await r.setNodeState(req.nodeId, req.state, d);
      return {};
    }),
    ListOperators: unary(ctx, 'ListOperators', none, (req, d) => r.listOperators(req.planNow, d)),
    JoinCluster: unary(ctx, 'JoinCluster', none, (req, d) => r.joinCluster(req, d)),
    Reshard: unary(ctx, 'Reshard', none, (req, d) => r.reshard(req, d)),
    MoveReplica: unary(ctx, 'MoveReplica', none, async (req, d) => ({ operatorId: await r.moveReplica(req.groupId, req.fromNode, req.toNode, d) })),
    RotateEncryption: unary(ctx, 'RotateEncryption', none, async () => encryptionStatus(ctx, true)),
    EncryptionStatus: unary(ctx, 'EncryptionStatus', none, async () => encryptionStatus(ctx, false)),
  };
}

export function peerServiceHandlers(ctx: HandlerContext): PeerServiceHandlers {
  const r = ctx.router;
  const none = (): null => null;
  // Peer RPCs are authorized by the caller's node certificate alone (mutual TLS); API keys play no part.
  const tls = ctx.peerTls === true;
  const refuse = (e: unknown): grpc.ServiceError => {
    const err = e instanceof ServerError ? e : new ServerError('PERMISSION_DENIED', 'peer RPCs need a Vector Studio node certificate');
    return Object.assign(new Error(err.message), { code: err.grpcCode, details: err.message, metadata: errorMetadata(err) });
  };
  return {
    Raft: (call) => {
      let certified: number | undefined;
      if (tls) {
        try {
          certified = authorizePeer(call);
        } catch (e) {
          call.emit('error', refuse(e));
          return;
        }
      }
      ctx.node.transport.accept(call, certified);
    },
    SnapshotOffset: unary(ctx, 'peer.SnapshotOffset', none, async (req) => ({ nextChunk: await ctx.node.snapshots.offset(req) }), peerGuard(ctx)),
    InstallSnapshot: (call, callback) => {
      if (tls) {
        try {
          authorizePeer(call);
        } catch (e) {
          callback(refuse(e));
          return;
        }
      }
      ctx.node.snapshots.receive(call, callback);
    },
    Propose: unary(ctx, 'peer.Propose', none, (req, d) => r.proposeLocal(req, d), peerGuard(ctx)),
    Read: unary(ctx, 'peer.Read', none, (req, d) => r.readLocal(req, d), peerGuard(ctx)),
    Admin: unary(ctx, 'peer.Admin', none, (req, d) => r.adminHere(req, d), peerGuard(ctx)),
    NodeStatus: unary(ctx, 'peer.NodeStatus', none, () => Promise.resolve(r.nodeStatus()), peerGuard(ctx)),
  };
}

