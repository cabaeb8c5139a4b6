// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ClusterMember {
  'id'?: (number | string | Long);
  'peerAddress'?: (string);
}

export interface ClusterMember__Output {
  'id': (number);
  'peerAddress': (string);
}
