import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';

/** The health-check name of the whole server (gRPC health protocol: the empty string). */
export const OVERALL_SERVICE = '';
/** The health-check name of the public data service. */
export const VECTOR_SERVICE = 'vstudio.v1.VectorService';

/** Flips what `grpc.health.v1.Health` reports. */
export interface StandardServices {
  /**
   * Sets a service's health status: SERVING or NOT_SERVING. `service` is a fully-qualified
   * service name or {@link OVERALL_SERVICE}; a name never set answers NOT_FOUND, as the protocol
   * says. Open Watch streams see the change at once.
   */
  setServing(service: string, serving: boolean): void;
}

/**
 * Adds the standard gRPC services to `server` before it starts:
 * - `grpc.health.v1.Health` (Check and Watch), with {@link OVERALL_SERVICE} and
 *   {@link VECTOR_SERVICE} starting NOT_SERVING: a node that is still opening its groups must not
 *   receive traffic, so the caller flips them once it is ready, and back on shutdown;
 * - server reflection, v1 and v1alpha (`grpcurl list` and `grpcurl describe`), over
 *   `packageDefinition` (`packageDefinition()` of src/wire/proto.ts) and the health service.
 */
export function addStandardServices(server: grpc.Server, packageDefinition: protoLoader.PackageDefinition): StandardServices {
  const health = new HealthImplementation({ [OVERALL_SERVICE]: 'NOT_SERVING', [VECTOR_SERVICE]: 'NOT_SERVING' });
  health.addToServer(server);
  // The health proto joins the reflected set so that `grpcurl describe grpc.health.v1.Health` works.
  const healthDefinition = protoLoader.loadSync(healthProtoPath);
  new ReflectionService({ ...packageDefinition, ...healthDefinition }).addToServer(server);
  return {
    setServing(service: string, serving: boolean): void {
      health.setStatus(service, serving ? 'SERVING' : 'NOT_SERVING');
    },
  };
}
