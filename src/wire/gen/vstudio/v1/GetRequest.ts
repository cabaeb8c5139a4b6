// Original file: proto/vstudio/v1/vector.proto

import type { ReadOptions as _vstudio_v1_ReadOptions, ReadOptions__Output as _vstudio_v1_ReadOptions__Output } from '../../vstudio/v1/ReadOptions.js';

export interface GetRequest {
  'collection'?: (string);
  'ids'?: (string)[];
  'read'?: (_vstudio_v1_ReadOptions | null);
  'withoutVectors'?: (boolean);
}

export interface GetRequest__Output {
  'collection': (string);
  'ids': (string)[];
  'read': (_vstudio_v1_ReadOptions__Output | null);
  'withoutVectors': (boolean);
}
