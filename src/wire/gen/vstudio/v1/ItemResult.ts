// Original file: proto/vstudio/v1/vector.proto

import type { ItemStatus as _vstudio_v1_ItemStatus, ItemStatus__Output as _vstudio_v1_ItemStatus__Output } from '../../vstudio/v1/ItemStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface ItemResult {
  'id'?: (string);
  'status'?: (_vstudio_v1_ItemStatus);
  /**
   * UPSERTED: the new version. CONDITION_FAILED: the current version (0 = absent).
   */
  'version'?: (number | string | Long);
}

export interface ItemResult__Output {
  'id': (string);
  'status': (_vstudio_v1_ItemStatus__Output);
  /**
   * UPSERTED: the new version. CONDITION_FAILED: the current version (0 = absent).
   */
  'version': (number);
}
