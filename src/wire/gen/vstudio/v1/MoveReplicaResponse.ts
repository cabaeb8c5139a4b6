// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface MoveReplicaResponse {
  'operatorId'?: (number | string | Long);
}

export interface MoveReplicaResponse__Output {
  'operatorId': (number);
}
