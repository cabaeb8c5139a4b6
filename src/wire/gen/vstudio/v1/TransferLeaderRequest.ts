// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferLeaderRequest {
  'groupId'?: (number | string | Long);
  'toNode'?: (number | string | Long);
}

export interface TransferLeaderRequest__Output {
  'groupId': (number);
  'toNode': (number);
}
