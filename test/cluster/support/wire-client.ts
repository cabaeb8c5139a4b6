import * as grpc from '@grpc/grpc-js';
import type { AdminServiceClient } from '../../../src/wire/gen/vstudio/v1/AdminService.js';
import type { VectorServiceClient } from '../../../src/wire/gen/vstudio/v1/VectorService.js';
import { vstudioV1 } from '../../../src/wire/proto.js';

type Callback<Res> = (err: grpc.ServiceError | null, res?: Res) => void;

/** Raw gRPC clients of one node, with promises: the tests speak the wire, as any client would. */
export class WireClient {
  readonly vector: VectorServiceClient;
  readonly admin: AdminServiceClient;

  constructor(readonly address: string) {
    const v1 = vstudioV1();
    this.vector = new v1.VectorService(address, grpc.credentials.createInsecure());
    this.admin = new v1.AdminService(address, grpc.credentials.createInsecure());
  }

  /** Calls `fn` with a deadline `timeoutMs` away; rejects with the ServiceError. */
  call<Res>(fn: (options: grpc.CallOptions, cb: Callback<Res>) => unknown, timeoutMs = 10_000): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      fn({ deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
        if (err !== null) reject(err);
        else resolve(res as Res);
      });
    });
  }

  close(): void {
    this.vector.close();
    this.admin.close();
  }
}

/** The ServiceError of a rejected call, for assertions. */
export async function callError(p: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await p;
  } catch (e) {
    return e as grpc.ServiceError;
  }
  throw new Error('the call succeeded; an error was expected');
}

export function trailer(e: grpc.ServiceError, key: string): string | undefined {
  const v = e.metadata?.get(key)[0];
  return v === undefined ? undefined : String(v);
}
