// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface AddNodeRequest {
  'groupId'?: (number | string | Long);
  'nodeId'?: (number | string | Long);
  'asLearner'?: (boolean);
}

export interface AddNodeRequest__Output {
  'groupId': (number);
  'nodeId': (number);
  'asLearner': (boolean);
}
