// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface RemoveNodeRequest {
  'groupId'?: (number | string | Long);
  'nodeId'?: (number | string | Long);
}

export interface RemoveNodeRequest__Output {
  'groupId': (number);
  'nodeId': (number);
}
