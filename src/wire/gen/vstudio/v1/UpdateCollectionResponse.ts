// Original file: proto/vstudio/v1/vector.proto

import type { CollectionInfo as _vstudio_v1_CollectionInfo, CollectionInfo__Output as _vstudio_v1_CollectionInfo__Output } from '../../vstudio/v1/CollectionInfo.js';

export interface UpdateCollectionResponse {
  'collection'?: (_vstudio_v1_CollectionInfo | null);
}

export interface UpdateCollectionResponse__Output {
  'collection': (_vstudio_v1_CollectionInfo__Output | null);
}
