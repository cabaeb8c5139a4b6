// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferLeaderResponse {
  'leader'?: (number | string | Long);
}

export interface TransferLeaderResponse__Output {
  'leader': (number);
}
