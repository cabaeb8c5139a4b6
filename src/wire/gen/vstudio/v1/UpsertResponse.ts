// Original file: proto/vstudio/v1/vector.proto

import type { ItemResult as _vstudio_v1_ItemResult, ItemResult__Output as _vstudio_v1_ItemResult__Output } from '../../vstudio/v1/ItemResult.js';
import type { Long } from '@grpc/proto-loader';

export interface UpsertResponse {
  'upserted'?: (number | string | Long);
  'results'?: (_vstudio_v1_ItemResult)[];
  'index'?: (number | string | Long);
}

export interface UpsertResponse__Output {
  'upserted': (number);
  'results': (_vstudio_v1_ItemResult__Output)[];
  'index': (number);
}
