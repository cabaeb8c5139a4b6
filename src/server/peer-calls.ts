import * as grpc from '@grpc/grpc-js';
import type { NodeId } from '../raft/index.js';
import { FIELD_METADATA_KEY, LEADER_ID_METADATA_KEY, OUTCOME_METADATA_KEY, OUTCOME_UNKNOWN, RETRYABLE_METADATA_KEY } from '../wire/metadata.js';
import { transportNeverSent } from '../wire/transport-errors.js';
import { ServerError, type StatusName } from './server-error.js';


const STATUS_NAMES = new Map<number, StatusName>(Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v as number, k as StatusName]));

/** The trailers that carry a ServerError's facts across a hop (peer or client). */
export function errorMetadata(e: ServerError): grpc.Metadata {
  const md = new grpc.Metadata();
  if (e.field !== undefined) md.set(FIELD_METADATA_KEY, e.field);
  if (e.outcomeUnknown) md.set(OUTCOME_METADATA_KEY, OUTCOME_UNKNOWN);
  if (e.leaderHint !== 0) md.set(LEADER_ID_METADATA_KEY, String(e.leaderHint));
  if (e.retryable) md.set(RETRYABLE_METADATA_KEY, '1');
  return md;
}

export function toServiceError(e: ServerError): Partial<grpc.ServiceError> {
  return { code: e.grpcCode, details: e.message, metadata: errorMetadata(e) };
}

function text(md: grpc.Metadata | undefined, key: string): string | undefined {
  const v = md?.get(key)[0];
  return v === undefined ? undefined : String(v);
}

/**
 * A peer call failed: rebuild the ServerError it carried. A failure of gRPC itself before the
 * call reached the peer (no connection) is retryable; any other failure without our trailers
 * leaves a forwarded write's outcome unknown.
 */
export function fromServiceError(e: grpc.ServiceError, peer: NodeId, write: boolean): ServerError {
  const md = e.metadata as grpc.Metadata | undefined;
  const ours = text(md, RETRYABLE_METADATA_KEY) !== undefined || text(md, OUTCOME_METADATA_KEY) !== undefined
    || text(md, FIELD_METADATA_KEY) !== undefined || text(md, LEADER_ID_METADATA_KEY) !== undefined;
  const code = STATUS_NAMES.get(e.code) ?? 'UNKNOWN';
  if (ours || (e.code !== grpc.status.UNAVAILABLE && e.code !== grpc.status.DEADLINE_EXCEEDED && e.code !== grpc.status.CANCELLED && e.code !== grpc.status.INTERNAL && e.code !== grpc.status.UNKNOWN)) {
    const field = text(md, FIELD_METADATA_KEY);
    return new ServerError(code, e.details, {
      ...(field !== undefined ? { field } : {}),
      outcomeUnknown: text(md, OUTCOME_METADATA_KEY) === OUTCOME_UNKNOWN,
      leaderHint: Number(text(md, LEADER_ID_METADATA_KEY) ?? 0),
      retryable: text(md, RETRYABLE_METADATA_KEY) === '1',
    });
  }
  const notSent = e.code === grpc.status.UNAVAILABLE && transportNeverSent(e.details);
  if (notSent || !write) return new ServerError('UNAVAILABLE', `node ${peer} is unreachable: ${e.details}`, { retryable: true });
  return new ServerError(code === 'DEADLINE_EXCEEDED' ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE',
    `outcome unknown: the write was forwarded to node ${peer}, which did not answer (${e.details})`, { outcomeUnknown: true });
}

type UnaryMethod<Req, Res> = (req: Req, md: grpc.Metadata, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientUnaryCall;

/** Calls a peer's unary method with a deadline; errors come back as ServerError. */
export function callPeer<Req, Res>(method: UnaryMethod<Req, Res>, req: Req, deadlineMs: number, peer: NodeId, write: boolean): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    method(req, new grpc.Metadata(), { deadline: new Date(deadlineMs) }, (err, res) => {
      if (err !== null) reject(fromServiceError(err, peer, write));
      else if (res === undefined) reject(new ServerError('INTERNAL', `node ${peer} sent no response`));
      else resolve(res);
    });
  });
}
