// Original file: proto/vstudio/v1/vector.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteItem {
  'id'?: (string);
  'ifVersion'?: (number | string | Long);
  '_ifVersion'?: "ifVersion";
}

export interface DeleteItem__Output {
  'id': (string);
  'ifVersion'?: (number);
  '_ifVersion'?: "ifVersion";
}
