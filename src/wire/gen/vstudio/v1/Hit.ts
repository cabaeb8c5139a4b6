// Original file: proto/vstudio/v1/vector.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';

export interface Hit {
  'id'?: (string);
  /**
   * the distance: smallest first
   */
  'score'?: (number | string);
  'payload'?: (_google_protobuf_Struct | null);
  'vector'?: (Buffer | Uint8Array | string);
}

export interface Hit__Output {
  'id': (string);
  /**
   * the distance: smallest first
   */
  'score': (number);
  'payload': (_google_protobuf_Struct__Output | null);
  'vector': (Buffer);
}
