// Original file: proto/vstudio/v1/vector.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';
import type { Long } from '@grpc/proto-loader';

export interface Record {
  /**
   * UTF-8, 1..256 bytes
   */
  'id'?: (string);
  /**
   * little-endian IEEE-754 float32, exactly `dimension` of them
   */
  'vector'?: (Buffer | Uint8Array | string);
  /**
   * a JSON object, at most 64 KiB encoded
   */
  'payload'?: (_google_protobuf_Struct | null);
  /**
   * Raft index that last wrote the record (responses only)
   */
  'version'?: (number | string | Long);
}

export interface Record__Output {
  /**
   * UTF-8, 1..256 bytes
   */
  'id': (string);
  /**
   * little-endian IEEE-754 float32, exactly `dimension` of them
   */
  'vector': (Buffer);
  /**
   * a JSON object, at most 64 KiB encoded
   */
  'payload': (_google_protobuf_Struct__Output | null);
  /**
   * Raft index that last wrote the record (responses only)
   */
  'version': (number);
}
