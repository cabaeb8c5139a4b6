// Original file: proto/vstudio/v1/peer.proto

import type { SnapshotMetadata as _vstudio_v1_SnapshotMetadata, SnapshotMetadata__Output as _vstudio_v1_SnapshotMetadata__Output } from '../../vstudio/v1/SnapshotMetadata.js';

export interface Snapshot {
  'metadata'?: (_vstudio_v1_SnapshotMetadata | null);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Snapshot__Output {
  'metadata': (_vstudio_v1_SnapshotMetadata__Output | null);
  'data': (Buffer);
}
