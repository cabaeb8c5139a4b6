/**
 * Conversions between the SDK's plain objects and the generated wire types: enums, vectors
 * (little-endian float32 bytes), payloads and filters (google.protobuf.Struct).
 */
import * as grpc from '@grpc/grpc-js';
import type { AckLevel as WireAckLevel } from '../wire/gen/vstudio/v1/AckLevel.js';
import type { CollectionInfo__Output } from '../wire/gen/vstudio/v1/CollectionInfo.js';
import type { ClusterStatusResponse__Output } from '../wire/gen/vstudio/v1/ClusterStatusResponse.js';
import type { Consistency as WireConsistency } from '../wire/gen/vstudio/v1/Consistency.js';
import type { ItemResult__Output } from '../wire/gen/vstudio/v1/ItemResult.js';
import type { Metric as WireMetric, Metric__Output } from '../wire/gen/vstudio/v1/Metric.js';
import type { ReadOptions as WireReadOptions } from '../wire/gen/vstudio/v1/ReadOptions.js';
import type { Struct, Struct__Output } from '../wire/gen/google/protobuf/Struct.js';
import { jsonToStruct, structToJson, type JsonObject } from '../wire/struct.js';
import { bytesToVector, vectorToBytes } from '../wire/vectors.js';
import { VectorStudioError } from './errors.js';
import type {
  AckLevel, ClusterStatus, CollectionInfo, Consistency, ItemResult, ItemStatus, Metric, ReadOptions,
} from './types.js';

function invalid(details: string, field?: string): VectorStudioError {
  return new VectorStudioError({ grpcCode: grpc.status.INVALID_ARGUMENT, details, field });
}

export function metricToWire(metric: Metric | undefined, field = 'metric'): WireMetric {
  switch (metric) {
    case undefined: return 'METRIC_UNSPECIFIED';
    case 'l2': return 'METRIC_L2';
    case 'cosine': return 'METRIC_COSINE';
    case 'ip': return 'METRIC_IP';
    default: throw invalid(`${field} must be l2, cosine or ip, not "${String(metric)}"`, field);
  }
}

export function metricFromWire(metric: Metric__Output): Metric {
  switch (metric) {
    case 'METRIC_COSINE': return 'cosine';
    case 'METRIC_IP': return 'ip';
    default: return 'l2';
  }
}

/** The wire's ack level and `ack_replicas`. */
export function ackToWire(ack: AckLevel | undefined): { ack: WireAckLevel; ackReplicas: number } {
  if (ack === undefined) return { ack: 'ACK_LEVEL_UNSPECIFIED', ackReplicas: 0 };
  if (typeof ack === 'number') {
    if (!Number.isInteger(ack) || ack < 1) throw invalid(`ack must be async, majority, all or a positive integer, not ${ack}`, 'ack');
    return { ack: 'ACK_LEVEL_REPLICAS', ackReplicas: ack };
  }
  switch (ack) {
    case 'async': return { ack: 'ACK_LEVEL_ASYNC', ackReplicas: 0 };
    case 'majority': return { ack: 'ACK_LEVEL_MAJORITY', ackReplicas: 0 };
    case 'all': return { ack: 'ACK_LEVEL_ALL', ackReplicas: 0 };
    default: throw invalid(`ack must be async, majority, all or a positive integer, not "${String(ack)}"`, 'ack');
  }
}

function consistencyToWire(c: Consistency | undefined): WireConsistency {
  switch (c) {
    case undefined: return 'CONSISTENCY_UNSPECIFIED';
    case 'linearizable': return 'CONSISTENCY_LINEARIZABLE';
    case 'lease': return 'CONSISTENCY_LEASE';
    case 'follower': return 'CONSISTENCY_FOLLOWER';
    default: throw invalid(`consistency must be linearizable, lease or follower, not "${String(c)}"`, 'read.consistency');
  }
}

export function readToWire(options: ReadOptions): WireReadOptions {
  const staleness = options.maxStalenessMs ?? 0;
  if (!Number.isInteger(staleness) || staleness < 0) {
    throw invalid(`maxStalenessMs must be a non-negative integer, not ${staleness}`, 'read.max_staleness_ms');
  }
  return { consistency: consistencyToWire(options.consistency), maxStalenessMs: staleness };
}

/** A vector for the wire; `field` names it in the error when it holds something else than numbers. */
export function vectorBytes(vector: Float32Array | readonly number[], field: string): Uint8Array {
  if (vector instanceof Float32Array) return vectorToBytes(vector);
  if (!Array.isArray(vector)) throw invalid(`${field} must be an array of numbers`, field);
  for (let i = 0; i < vector.length; i++) {
    if (typeof vector[i] !== 'number') throw invalid(`${field}[${i}] is not a number`, field);
  }
  return vectorToBytes(vector);
}

/** A vector from the wire. */
export function vectorFromBytes(bytes: Uint8Array, field: string): Float32Array {
  const v = bytesToVector(bytes);
  if (v === null) {
    throw new VectorStudioError({ grpcCode: grpc.status.INTERNAL, details: `${field}: ${bytes.byteLength} bytes is not a float32 vector`, field });
  }
  return v;
}

/** A JSON object as a Struct; `field` names it in the error when it is not one. */
export function structFromJson(value: JsonObject, field: string): Struct {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${field} must be a JSON object`, field);
  try {
    return jsonToStruct(value);
  } catch (e) {
    throw new VectorStudioError({ grpcCode: grpc.status.INVALID_ARGUMENT, details: `${field}: ${(e as Error).message}`, field, cause: e });
  }
}

export function jsonFromStruct(s: Struct__Output | null | undefined): JsonObject {
  return s === null || s === undefined ? {} : structToJson(s);
}

export function collectionFromWire(c: CollectionInfo__Output | null | undefined): CollectionInfo {
  if (c === null || c === undefined) {
    throw new VectorStudioError({ grpcCode: grpc.status.INTERNAL, details: 'the server answered without a collection' });
  }
  return {
    name: c.name,
    dimension: c.dimension,
    metric: metricFromWire(c.metric),
    m: c.m,
    efConstruction: c.efConstruction,
    ef: c.ef,
    replicas: c.replicas,
    shards: c.shards,
    sharding: c.sharding,
    count: c.count,
    groupIds: [...c.groupIds],
    shardingJson: c.shardingJson,
  };
}

const ITEM_STATUS: Record<string, ItemStatus> = {
  ITEM_STATUS_UPSERTED: 'upserted',
  ITEM_STATUS_DELETED: 'deleted',
  ITEM_STATUS_NOT_FOUND: 'not_found',
  ITEM_STATUS_CONDITION_FAILED: 'condition_failed',
  ITEM_STATUS_ACCEPTED: 'accepted',
};

export function itemResultsFromWire(results: readonly ItemResult__Output[]): ItemResult[] {
  return results.map((r) => ({ id: r.id, status: ITEM_STATUS[r.status] ?? 'unspecified', version: r.version }));
}

export function clusterStatusFromWire(s: ClusterStatusResponse__Output): ClusterStatus {
  return {
    nodes: s.nodes.map((n) => ({
      id: n.id,
      clientAddress: n.clientAddress,
      peerAddress: n.peerAddress,
      zone: n.zone,
      state: n.state,
      replicas: n.replicas,
      leaders: n.leaders,
    })),
    groups: s.groups.map((g) => ({
      id: g.id,
      collection: g.collection,
      range: g.range,
      shard: g.shard,
      epoch: g.epoch,
      replicationFactor: g.replicationFactor,
      problems: [...g.problems],
      leader: g.leader,
      voters: [...g.voters],
      learners: [...g.learners],
      commitIndex: g.commitIndex,
      appliedIndex: g.appliedIndex,
      lagEntries: { ...g.lagEntries },
      lagMs: { ...g.lagMs },
      term: g.term,
    })),
    metaGroupId: s.metaGroupId,
  };
}
