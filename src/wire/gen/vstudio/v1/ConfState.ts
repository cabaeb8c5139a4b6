// Original file: proto/vstudio/v1/peer.proto

import type { Long } from '@grpc/proto-loader';

export interface ConfState {
  'voters'?: (number | string | Long)[];
  'learners'?: (number | string | Long)[];
  'votersOutgoing'?: (number | string | Long)[];
  'learnersNext'?: (number | string | Long)[];
  'autoLeave'?: (boolean);
}

export interface ConfState__Output {
  'voters': (number)[];
  'learners': (number)[];
  'votersOutgoing': (number)[];
  'learnersNext': (number)[];
  'autoLeave': (boolean);
}
