// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface JoinClusterRequest {
  'nodeId'?: (number | string | Long);
  'peerAddress'?: (string);
  'clientAddress'?: (string);
  'zone'?: (string);
}

export interface JoinClusterRequest__Output {
  'nodeId': (number);
  'peerAddress': (string);
  'clientAddress': (string);
  'zone': (string);
}
