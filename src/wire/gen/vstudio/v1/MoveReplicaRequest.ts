// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface MoveReplicaRequest {
  'groupId'?: (number | string | Long);
  'fromNode'?: (number | string | Long);
  'toNode'?: (number | string | Long);
}

export interface MoveReplicaRequest__Output {
  'groupId': (number);
  'fromNode': (number);
  'toNode': (number);
}
