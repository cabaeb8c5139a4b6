// Original file: proto/vstudio/v1/vector.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';
import type { ReadOptions as _vstudio_v1_ReadOptions, ReadOptions__Output as _vstudio_v1_ReadOptions__Output } from '../../vstudio/v1/ReadOptions.js';

export interface SearchRequest {
  'collection'?: (string);
  /**
   * little-endian float32
   */
  'vector'?: (Buffer | Uint8Array | string);
  'k'?: (number);
  /**
   * 0 = the collection's default
   */
  'ef'?: (number);
  /**
   * Payload filter as JSON, after Qdrant: {"must": [...], "should": [...], "must_not": [...]} of
   * {"key": k, "match": {"value": v} | {"any": [v...]}} and {"key": k, "range": {"gt"|"gte"|"lt"|"lte": x}},
   * or nested filters. Absent = every record.
   */
  'filter'?: (_google_protobuf_Struct | null);
  'read'?: (_vstudio_v1_ReadOptions | null);
  'withPayload'?: (boolean);
  'withVector'?: (boolean);
  /**
   * A shard that cannot answer fails the search unless this is set; then the hits come from the
   * shards that answered and missing_shards names the others.
   */
  'allowPartial'?: (boolean);
}

export interface SearchRequest__Output {
  'collection': (string);
  /**
   * little-endian float32
   */
  'vector': (Buffer);
  'k': (number);
  /**
   * 0 = the collection's default
   */
  'ef': (number);
  /**
   * Payload filter as JSON, after Qdrant: {"must": [...], "should": [...], "must_not": [...]} of
   * {"key": k, "match": {"value": v} | {"any": [v...]}} and {"key": k, "range": {"gt"|"gte"|"lt"|"lte": x}},
   * or nested filters. Absent = every record.
   */
  'filter': (_google_protobuf_Struct__Output | null);
  'read': (_vstudio_v1_ReadOptions__Output | null);
  'withPayload': (boolean);
  'withVector': (boolean);
  /**
   * A shard that cannot answer fails the search unless this is set; then the hits come from the
   * shards that answered and missing_shards names the others.
   */
  'allowPartial': (boolean);
}
