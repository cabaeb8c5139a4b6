import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addStandardServices, OVERALL_SERVICE, VECTOR_SERVICE, type StandardServices } from '../../../src/server/standard-services.js';
import { packageDefinition } from '../../../src/wire/proto.js';

/** The client constructor of a service in a proto file, by its fully-qualified name. */
function clientFor(protoFile: string, serviceName: string): grpc.ServiceClientConstructor {
  let node: unknown = grpc.loadPackageDefinition(protoLoader.loadSync(protoFile, { keepCase: false, defaults: true, enums: String }));
  for (const part of serviceName.split('.')) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
}

/** The fields of a decoded google.protobuf.FileDescriptorProto this test reads. */
interface FileDescriptor {
  package?: string;
  service?: { name: string }[];
  messageType?: { name: string }[];
}

// @grpc/reflection ships the reflection protos beside its build.
const REFLECTION_PROTO = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');

let server: grpc.Server;
let services: StandardServices;
let address: string;
const clients: grpc.Client[] = [];

beforeEach(async () => {
  server = new grpc.Server();
  services = addStandardServices(server, packageDefinition());
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  address = `127.0.0.1:${port}`;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  server.forceShutdown();
});

function check(service: string): Promise<string> {
  const Health = clientFor(healthProtoPath, 'grpc.health.v1.Health');
  const client = new Health(address, grpc.credentials.createInsecure());
  clients.push(client);
  return new Promise((resolve, reject) => {
    client['check']!({ service }, (err: grpc.ServiceError | null, res: { status: string }) => (err ? reject(err) : resolve(res.status)));
  });
}

/** One request on the v1 ServerReflectionInfo stream, and its answer. */
function reflect(request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const Reflection = clientFor(REFLECTION_PROTO, 'grpc.reflection.v1.ServerReflection');
  const client = new Reflection(address, grpc.credentials.createInsecure());
  clients.push(client);
  return new Promise((resolve, reject) => {
    const call = client['serverReflectionInfo']!() as grpc.ClientDuplexStream<unknown, Record<string, unknown>>;
    call.once('data', (res: Record<string, unknown>) => {
      call.end();
      resolve(res);
    });
    call.once('error', reject);
    call.write(request);
  });
}

describe('the standard gRPC services', () => {
  it('Health answers NOT_SERVING for the server and VectorService before setServing', async () => {
    expect(await check(OVERALL_SERVICE)).toBe('NOT_SERVING');
    expect(await check(VECTOR_SERVICE)).toBe('NOT_SERVING');
  });

  it('Health answers SERVING after setServing(true)', async () => {
    services.setServing(VECTOR_SERVICE, true);
    expect(await check(VECTOR_SERVICE)).toBe('SERVING');
  });

  it('Health answers NOT_SERVING after setServing(false)', async () => {
    services.setServing(OVERALL_SERVICE, true);
    expect(await check(OVERALL_SERVICE)).toBe('SERVING');
    services.setServing(OVERALL_SERVICE, false);
    expect(await check(OVERALL_SERVICE)).toBe('NOT_SERVING');
  });

  it('Health answers NOT_FOUND for a service it was never told about', async () => {
    await expect(check('vstudio.v1.NoSuchService')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('reflection lists vstudio.v1.VectorService and grpc.health.v1.Health', async () => {
    const res = await reflect({ listServices: '' });
    const names = (res['listServicesResponse'] as { service: { name: string }[] }).service.map((s) => s.name);
    expect(names).toContain(VECTOR_SERVICE);
    expect(names).toContain('vstudio.v1.AdminService');
    expect(names).toContain('grpc.health.v1.Health');
  });

  it('reflection returns the descriptor of VectorService with the files it depends on', async () => {
    const res = await reflect({ fileContainingSymbol: VECTOR_SERVICE });
    const files = (res['fileDescriptorResponse'] as { fileDescriptorProto: Buffer[] }).fileDescriptorProto
      .map((b) => FileDescriptorProto.decode(b) as unknown as FileDescriptor);
    const services = files.flatMap((f) => (f.service ?? []).map((s) => `${f.package}.${s.name}`));
    const messages = files.flatMap((f) => (f.messageType ?? []).map((m) => `${f.package}.${m.name}`));
    expect(services).toContain(VECTOR_SERVICE);
    // Record.payload is a google.protobuf.Struct: a client needs that file too to decode a Record.
    expect(messages).toContain('google.protobuf.Struct');
  });
});
