import type { ServiceError } from '@grpc/grpc-js';
import type { GetResponse__Output } from '../../../src/wire/gen/vstudio/v1/GetResponse.js';
import type { UpsertRequest } from '../../../src/wire/gen/vstudio/v1/UpsertRequest.js';
import type { UpsertResponse__Output } from '../../../src/wire/gen/vstudio/v1/UpsertResponse.js';
import type { Consistency } from '../../../src/wire/gen/vstudio/v1/Consistency.js';
import { vectorToBytes } from '../../../src/wire/vectors.js';
import type { WireClient } from './wire-client.js';

export const DIM = 4;

export function vec(i: number): Uint8Array {
  return vectorToBytes([i, i + 1, i + 2, i + 3]);
}

export function createCollection(c: WireClient, name: string, dimension = DIM): Promise<unknown> {
  return c.call((o, cb) => c.vector.CreateCollection({ name, dimension }, o, cb), 20_000);
}

export function upsert(c: WireClient, collection: string, ids: readonly string[], extra: Partial<UpsertRequest> = {}, timeoutMs = 10_000): Promise<UpsertResponse__Output> {
  return c.call<UpsertResponse__Output>((o, cb) => c.vector.Upsert({
    collection, items: ids.map((id, i) => ({ record: { id, vector: vec(i), payload: { fields: { n: { numberValue: i } } } } })), ...extra,
  }, o, cb), timeoutMs);
}

export function get(c: WireClient, collection: string, ids: readonly string[], consistency: Consistency = 'CONSISTENCY_LINEARIZABLE', maxStalenessMs = 0, timeoutMs = 10_000): Promise<GetResponse__Output> {
  return c.call<GetResponse__Output>((o, cb) => c.vector.Get({ collection, ids: [...ids], read: { consistency, maxStalenessMs } }, o, cb), timeoutMs);
}

export function count(c: WireClient, collection: string, consistency: Consistency = 'CONSISTENCY_LINEARIZABLE', maxStalenessMs = 0): Promise<number> {
  return c.call<{ count: number }>((o, cb) => c.vector.Count({ collection, read: { consistency, maxStalenessMs } }, o, cb)).then((r) => r.count);
}

export function isServiceError(e: unknown): e is ServiceError {
  return typeof e === 'object' && e !== null && 'code' in e && 'details' in e;
}
