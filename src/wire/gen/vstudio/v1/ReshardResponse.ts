// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ReshardResponse {
  'operatorId'?: (number | string | Long);
  /**
   * the description the collection will have
   */
  'shardingJson'?: (string);
}

export interface ReshardResponse__Output {
  'operatorId': (number);
  /**
   * the description the collection will have
   */
  'shardingJson': (string);
}
