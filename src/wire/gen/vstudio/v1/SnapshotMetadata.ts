// Original file: proto/vstudio/v1/peer.proto

import type { ConfState as _vstudio_v1_ConfState, ConfState__Output as _vstudio_v1_ConfState__Output } from '../../vstudio/v1/ConfState.js';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotMetadata {
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
  'confState'?: (_vstudio_v1_ConfState | null);
}

export interface SnapshotMetadata__Output {
  'index': (number);
  'term': (number);
  'confState': (_vstudio_v1_ConfState__Output | null);
}
