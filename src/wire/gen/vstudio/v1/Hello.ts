// Original file: proto/vstudio/v1/peer.proto

import type { Long } from '@grpc/proto-loader';

export interface Hello {
  'fromNode'?: (number | string | Long);
  'toNode'?: (number | string | Long);
  'clusterId'?: (string);
}

export interface Hello__Output {
  'fromNode': (number);
  'toNode': (number);
  'clusterId': (string);
}
