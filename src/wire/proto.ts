import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType as AdminProto } from './gen/admin.js';
import type { ProtoGrpcType as PeerProto } from './gen/peer.js';
import type { ProtoGrpcType as VectorProto } from './gen/vector.js';

/** proto/ at the package root: this file sits two levels below it in both src/ and dist/. */
export const PROTO_DIR = fileURLToPath(new URL('../../proto', import.meta.url));
export const PROTO_FILES = ['vstudio/v1/vector.proto', 'vstudio/v1/admin.proto', 'vstudio/v1/peer.proto'] as const;

/**
 * The loader options the generated types in ./gen were made with (scripts/proto-gen.sh): 64-bit
 * integers as JS numbers (Raft indexes and counts stay far below 2^53), enums as their names,
 * defaults filled in, and virtual oneof fields.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  includeDirs: [PROTO_DIR],
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

export type VstudioProto = VectorProto & AdminProto & PeerProto;

let loaded: { definition: protoLoader.PackageDefinition; grpcObject: VstudioProto } | null = null;

function load(): { definition: protoLoader.PackageDefinition; grpcObject: VstudioProto } {
  if (loaded === null) {
    const definition = protoLoader.loadSync([...PROTO_FILES], LOADER_OPTIONS);
    loaded = { definition, grpcObject: grpc.loadPackageDefinition(definition) as unknown as VstudioProto };
  }
  return loaded;
}

/** The package definition (for server reflection). */
export function packageDefinition(): protoLoader.PackageDefinition {
  return load().definition;
}

/** `vstudio.v1`: service client constructors and service definitions. */
export function vstudioV1(): VstudioProto['vstudio']['v1'] {
  return load().grpcObject.vstudio.v1;
}
