// Original file: proto/vstudio/v1/vector.proto

import type { DeleteItem as _vstudio_v1_DeleteItem, DeleteItem__Output as _vstudio_v1_DeleteItem__Output } from '../../vstudio/v1/DeleteItem.js';
import type { AckLevel as _vstudio_v1_AckLevel, AckLevel__Output as _vstudio_v1_AckLevel__Output } from '../../vstudio/v1/AckLevel.js';

export interface DeleteRequest {
  'collection'?: (string);
  'items'?: (_vstudio_v1_DeleteItem)[];
  'ack'?: (_vstudio_v1_AckLevel);
  'ackReplicas'?: (number);
}

export interface DeleteRequest__Output {
  'collection': (string);
  'items': (_vstudio_v1_DeleteItem__Output)[];
  'ack': (_vstudio_v1_AckLevel__Output);
  'ackReplicas': (number);
}
