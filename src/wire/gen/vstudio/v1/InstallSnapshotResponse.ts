// Original file: proto/vstudio/v1/peer.proto

import type { Long } from '@grpc/proto-loader';

export interface InstallSnapshotResponse {
  'nextChunk'?: (number | string | Long);
  'installed'?: (boolean);
}

export interface InstallSnapshotResponse__Output {
  'nextChunk': (number);
  'installed': (boolean);
}
