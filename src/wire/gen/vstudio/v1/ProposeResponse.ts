// Original file: proto/vstudio/v1/peer.proto

import type { ItemResult as _vstudio_v1_ItemResult, ItemResult__Output as _vstudio_v1_ItemResult__Output } from '../../vstudio/v1/ItemResult.js';
import type { Long } from '@grpc/proto-loader';

export interface ProposeResponse {
  'index'?: (number | string | Long);
  'results'?: (_vstudio_v1_ItemResult)[];
}

export interface ProposeResponse__Output {
  'index': (number);
  'results': (_vstudio_v1_ItemResult__Output)[];
}
