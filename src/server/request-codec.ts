import {
  MAX_BATCH_RECORDS, validateFilter, validateId, VectorStoreError,
  type CollectionSchema, type DeleteInput, type Filter, type ItemResult as StoreItemResult, type JsonObject, type Metric,
  type SearchHit, type UpsertInput, type VectorRecord,
} from '../store/vector/index.js';
import type { CollectionInfo } from '../wire/gen/vstudio/v1/CollectionInfo.js';
import type { DeleteItem__Output } from '../wire/gen/vstudio/v1/DeleteItem.js';
import type { Hit } from '../wire/gen/vstudio/v1/Hit.js';
import type { ItemResult } from '../wire/gen/vstudio/v1/ItemResult.js';
import type { Metric__Output } from '../wire/gen/vstudio/v1/Metric.js';
import type { Record as WireRecord } from '../wire/gen/vstudio/v1/Record.js';
import type { UpsertItem__Output } from '../wire/gen/vstudio/v1/UpsertItem.js';
import type { Struct__Output } from '../wire/gen/google/protobuf/Struct.js';
import { jsonToStruct, structToJson, StructDepthError, type JsonObject as WireJson } from '../wire/struct.js';
import { bytesToVector, vectorToBytes } from '../wire/vectors.js';
import type { ClusterCollection } from './cluster-map.js';
import { ServerError } from './server-error.js';

const METRIC_NAMES: Readonly<Record<Metric, Metric__Output>> = { l2: 'METRIC_L2', cosine: 'METRIC_COSINE', ip: 'METRIC_IP' };

export function metricFromWire(m: Metric__Output): Metric {
  switch (m) {
    case 'METRIC_COSINE': return 'cosine';
    case 'METRIC_IP': return 'ip';
    default: return 'l2';
  }
}

function struct(s: Struct__Output | null, field: string): JsonObject | undefined {
  if (s === null) return undefined;
  try {
    return structToJson(s) as JsonObject;
  } catch (e) {
    if (e instanceof StructDepthError) throw new ServerError('INVALID_ARGUMENT', `${field} is ${e.message}`, { field });
    throw e;
  }
}

function vector(bytes: Uint8Array, field: string): Float32Array {
  const v = bytesToVector(bytes);
  if (v === null) throw new ServerError('INVALID_ARGUMENT', `${field} has ${bytes.byteLength} bytes, not a whole number of float32 values`, { field });
  return v;
}

/** Wire upsert items → store inputs (the store validates them further, naming `records[i]`). */
export function upsertInputs(items: readonly UpsertItem__Output[]): UpsertInput[] {
  return items.map((item, i) => {
    const field = `items[${i}].record`;
    if (item.record === null) throw new ServerError('INVALID_ARGUMENT', `${field} is missing`, { field });
    checkWireId(item.record.id, `${field}.id`);
    const payload = struct(item.record.payload, `${field}.payload`);
    return {
      id: item.record.id,
      vector: vector(item.record.vector, `${field}.vector`),
      ...(payload !== undefined ? { payload } : {}),
      ...(item.ifVersion !== undefined && item.ifVersion !== null ? { ifVersion: item.ifVersion } : {}),
    };
  });
}

/**
 * protobufjs decodes a string that is not UTF-8 to U+FFFD replacement characters: such an id
 * would be stored, or looked up, under a mangled name. Refused (and U+FFFD in ids with it).
 */
export function checkWireId(id: string, field: string): void {
  if (id.includes('\uFFFD')) throw new ServerError('INVALID_ARGUMENT', `${field} is not valid UTF-8 (or holds U+FFFD)`, { field });
}

/** Ids of a get: at most as many as a write batch, each a valid id. */
export function getIds(ids: readonly string[]): string[] {
  if (ids.length === 0) throw new ServerError('INVALID_ARGUMENT', 'ids is empty', { field: 'ids' });
  if (ids.length > MAX_BATCH_RECORDS) throw new ServerError('INVALID_ARGUMENT', `ids has ${ids.length} ids; at most ${MAX_BATCH_RECORDS} per request`, { field: 'ids' });
  ids.forEach((id, i) => {
    checkWireId(id, `ids[${i}]`);
    try {
      validateId(id, `ids[${i}]`);
    } catch (e) {
      if (e instanceof VectorStoreError) throw storeErrorToServer(e, 'get');
      throw e;
    }
  });
  return [...ids];
}

export function deleteInputs(items: readonly DeleteItem__Output[]): DeleteInput[] {
  items.forEach((item, i) => checkWireId(item.id, `items[${i}].id`));
  return items.map((item) => (item.ifVersion !== undefined && item.ifVersion !== null ? { id: item.id, ifVersion: item.ifVersion } : { id: item.id }));
}

/** The store names fields after its own API (`records[3].vector`); the wire's are `items[3].record.vector`. */
export function storeErrorToServer(e: VectorStoreError, kind: 'upsert' | 'delete' | 'search' | 'get'): ServerError {
  let field = e.field;
  let message = e.message;
  if (field !== undefined) {
    const rename = (f: string): string => kind === 'upsert'
      ? f.replace(/^records\[(\d+)\]\.ifVersion/, 'items[$1].if_version').replace(/^records\[(\d+)\]/, 'items[$1].record').replace(/^records\b/, 'items')
      : kind === 'delete' ? f.replace(/^ids\[(\d+)\]\.ifVersion/, 'items[$1].if_version').replace(/^ids\[(\d+)\](\.id)?/, 'items[$1].id').replace(/^ids\b/, 'items') : f;
    const renamed = rename(field);
    if (renamed !== field) message = message.split(field).join(renamed);
    field = renamed;
  }
  return new ServerError(e.grpcStatus, message, field !== undefined ? { field } : {});
}

export function filterFromWire(s: Struct__Output | null): Filter | undefined {
  const json = struct(s, 'filter');
  if (json === undefined) return undefined;
  try {
    return validateFilter(json, 'filter');
  } catch (e) {
    if (e instanceof VectorStoreError) throw storeErrorToServer(e, 'search');
    throw e;
  }
}

export function searchVector(bytes: Uint8Array): Float32Array {
  return vector(bytes, 'vector');
}

function payloadToWire(p: JsonObject): ReturnType<typeof jsonToStruct> {
  return jsonToStruct(p as WireJson);
}

export function recordToWire(r: VectorRecord, withVector: boolean): WireRecord {
  return { id: r.id, vector: withVector ? vectorToBytes(r.vector) : new Uint8Array(), payload: payloadToWire(r.payload), version: r.version };
}

export function hitToWire(h: SearchHit): Hit {
  return {
    id: h.id, score: h.distance,
    ...(h.payload !== undefined ? { payload: payloadToWire(h.payload) } : {}),
    ...(h.vector !== undefined ? { vector: vectorToBytes(h.vector) } : {}),
  };
}

export function itemResultToWire(r: StoreItemResult): ItemResult {
  const status = r.status === 'upserted' ? 'ITEM_STATUS_UPSERTED'
    : r.status === 'deleted' ? 'ITEM_STATUS_DELETED'
      : r.status === 'not_found' ? 'ITEM_STATUS_NOT_FOUND' : 'ITEM_STATUS_CONDITION_FAILED';
  return { id: r.id, status, version: r.version };
}

export function collectionToWire(c: ClusterCollection, count: number): CollectionInfo {
  const s: CollectionSchema = c.schema;
  return {
    name: c.name, dimension: s.dimension, metric: METRIC_NAMES[s.metric], m: s.hnsw.m, efConstruction: s.hnsw.efConstruction, ef: s.hnsw.ef,
    replicas: c.replicas, shards: c.groupIds.length, sharding: c.sharding, count, groupIds: [...c.groupIds], shardingJson: JSON.stringify(c.description),
  };
}
