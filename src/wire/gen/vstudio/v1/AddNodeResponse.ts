// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface AddNodeResponse {
  'voters'?: (number | string | Long)[];
  'learners'?: (number | string | Long)[];
}

export interface AddNodeResponse__Output {
  'voters': (number)[];
  'learners': (number)[];
}
