// Original file: proto/vstudio/v1/vector.proto

import type { Long } from '@grpc/proto-loader';

export interface CountResponse {
  'count'?: (number | string | Long);
}

export interface CountResponse__Output {
  'count': (number);
}
