/**
 * `serve --join ADDR`: asks a running cluster (any node's client address) to take this node in.
 * The node it reaches forwards to the meta leader, which registers the node and adds it to the
 * meta group as a learner; the answer names the cluster (its id, checked in every peer hello)
 * and the members' peer addresses. Retried while the cluster elects or is briefly unreachable.
 */
import * as grpc from '@grpc/grpc-js';
import type { NodeId } from '../raft/index.js';
import type { NodeTls } from '../security/tls-files.js';
import type { AdminServiceClient } from '../wire/gen/vstudio/v1/AdminService.js';
import type { JoinClusterResponse__Output } from '../wire/gen/vstudio/v1/JoinClusterResponse.js';
import { vstudioV1 } from '../wire/proto.js';
import type { Logger } from './logger.js';
import { NodeOptionsError } from './node-options.js';

/** How long a joining node keeps trying before it gives up. */
export const JOIN_TIMEOUT_MS = 60_000;
const RETRY_MS = 500;

/** Errors that will not go away by retrying: the cluster refused this node. */
const FINAL = new Set([grpc.status.INVALID_ARGUMENT, grpc.status.ALREADY_EXISTS, grpc.status.FAILED_PRECONDITION, grpc.status.PERMISSION_DENIED, grpc.status.UNAUTHENTICATED]);

export interface JoinRequest {
  readonly nodeId: NodeId;
  readonly peerAddress: string;
  readonly clientAddress: string;
  readonly zone: string;
}

export async function joinCluster(address: string, req: JoinRequest, options: { tls: NodeTls | null; apiKey?: string; logger: Logger }): Promise<{ clusterId: string; members: Map<NodeId, string> }> {
  const credentials = options.tls === null ? grpc.credentials.createInsecure() : grpc.credentials.createSsl(options.tls.ca, options.tls.key, options.tls.cert);
  const client = new (vstudioV1().AdminService)(address, credentials) as AdminServiceClient;
  const md = new grpc.Metadata();
  if (options.apiKey !== undefined && options.apiKey !== '') md.set('authorization', `Bearer ${options.apiKey}`);
  const until = Date.now() + JOIN_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        const res = await new Promise<JoinClusterResponse__Output>((resolve, reject) => {
          client.JoinCluster(req, md, { deadline: new Date(Date.now() + 10_000) }, (err, r) => (err === null && r !== undefined ? resolve(r) : reject(err)));
        });
        const members = new Map(res.members.map((m) => [Number(m.id), m.peerAddress]));
        members.set(req.nodeId, req.peerAddress);
        return { clusterId: res.clusterId, members };
      } catch (e) {
        const err = e as grpc.ServiceError;
        if (FINAL.has(err.code)) throw new NodeOptionsError('--join', `the cluster at ${address} refused node ${req.nodeId}: ${err.details}`);
        if (Date.now() > until) throw new NodeOptionsError('--join', `could not join the cluster at ${address} within ${JOIN_TIMEOUT_MS / 1000} s: ${err.details ?? String(e)}`);
        options.logger.info({ event: 'join_retry', address, err: err.details ?? String(e) }, 'join not accepted yet; retrying');
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  } finally {
    client.close();
  }
}
