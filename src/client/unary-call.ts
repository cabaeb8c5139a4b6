import * as grpc from '@grpc/grpc-js';

/** The part of a generated method definition a unary call needs. */
export interface UnaryMethod<Req, Res> {
  readonly path: string;
  readonly requestSerialize: (value: Req) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => Res;
}

/** What one successful attempt returned: the response and the server's metadata. */
export interface UnaryReply<Res> {
  readonly response: Res;
  /** Initial metadata and trailers merged (trailers win). */
  readonly metadata: grpc.Metadata;
}

/** One failed attempt: the gRPC error and the server's metadata (headers and trailers). */
export class UnaryFailure extends Error {
  constructor(readonly error: grpc.ServiceError, readonly metadata: grpc.Metadata) {
    super(error.message);
    this.name = 'UnaryFailure';
  }
}

function merge(headers: grpc.Metadata | null, trailers: grpc.Metadata | undefined): grpc.Metadata {
  const out = headers?.clone() ?? new grpc.Metadata();
  if (trailers !== undefined) {
    for (const [k, v] of Object.entries(trailers.getMap())) out.set(k, v);
  }
  return out;
}

/**
 * One unary call on one channel, until `deadline` (epoch ms). Resolves once the status arrived,
 * so that trailers (`vstudio-served-by`, `vstudio-group`) are part of the reply; rejects with a
 * `UnaryFailure`.
 */
export function unaryCall<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  metadata: grpc.Metadata,
  deadline: number,
): Promise<UnaryReply<Res>> {
  return new Promise((resolve, reject) => {
    let headers: grpc.Metadata | null = null;
    let outcome: { err: grpc.ServiceError | null; value: Res | undefined } | null = null;
    const call = client.makeUnaryRequest<Req, Res>(
      method.path, method.requestSerialize, method.responseDeserialize, request, metadata, { deadline },
      (err, value) => { outcome = { err, value }; },
    );
    call.on('metadata', (m: grpc.Metadata) => { headers = m; });
    call.on('status', (status: grpc.StatusObject) => {
      const merged = merge(headers, status.metadata);
      const o = outcome as { err: grpc.ServiceError | null; value: Res | undefined } | null;
      if (o === null) {
        // grpc-js calls back before emitting 'status'; this is only a guard.
        const err = Object.assign(new Error(`${status.code} ${status.details}`), status) as grpc.ServiceError;
        reject(new UnaryFailure(err, merged));
      } else if (o.err !== null) {
        reject(new UnaryFailure(o.err, merge(headers, o.err.metadata)));
      } else {
        resolve({ response: o.value as Res, metadata: merged });
      }
    });
  });
}
