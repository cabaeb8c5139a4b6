// Original file: proto/vstudio/v1/peer.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotOffsetResponse {
  'nextChunk'?: (number | string | Long);
}

export interface SnapshotOffsetResponse__Output {
  'nextChunk': (number);
}
