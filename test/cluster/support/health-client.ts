import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';

type CheckFn = (req: { service: string }, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void) => void;

/** A client of the standard grpc.health.v1.Health service, as generic tools use it. */
export class HealthClient {
  private readonly client: grpc.Client;

  constructor(address: string) {
    const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath, { enums: String, defaults: true })) as unknown as {
      grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
    };
    this.client = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
  }

  check(service: string): Promise<string> {
    const fn = (this.client as unknown as { check: CheckFn }).check.bind(this.client);
    return new Promise((resolve, reject) => {
      fn({ service }, { deadline: new Date(Date.now() + 5_000) }, (err, res) => (err !== null ? reject(err) : resolve(res?.status ?? '')));
    });
  }

  close(): void {
    this.client.close();
  }
}
