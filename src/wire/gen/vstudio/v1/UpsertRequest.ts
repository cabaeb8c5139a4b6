// Original file: proto/vstudio/v1/vector.proto

import type { UpsertItem as _vstudio_v1_UpsertItem, UpsertItem__Output as _vstudio_v1_UpsertItem__Output } from '../../vstudio/v1/UpsertItem.js';
import type { AckLevel as _vstudio_v1_AckLevel, AckLevel__Output as _vstudio_v1_AckLevel__Output } from '../../vstudio/v1/AckLevel.js';

export interface UpsertRequest {
  'collection'?: (string);
  'items'?: (_vstudio_v1_UpsertItem)[];
  'ack'?: (_vstudio_v1_AckLevel);
  /**
   * with ACK_LEVEL_REPLICAS
   */
  'ackReplicas'?: (number);
}

export interface UpsertRequest__Output {
  'collection': (string);
  'items': (_vstudio_v1_UpsertItem__Output)[];
  'ack': (_vstudio_v1_AckLevel__Output);
  /**
   * with ACK_LEVEL_REPLICAS
   */
  'ackReplicas': (number);
}
