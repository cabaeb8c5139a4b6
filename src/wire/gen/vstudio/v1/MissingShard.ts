// Original file: proto/vstudio/v1/vector.proto

import type { Long } from '@grpc/proto-loader';

export interface MissingShard {
  /**
   * the range id within the collection
   */
  'shard'?: (number);
  'groupId'?: (number | string | Long);
  'reason'?: (string);
}

export interface MissingShard__Output {
  /**
   * the range id within the collection
   */
  'shard': (number);
  'groupId': (number);
  'reason': (string);
}
