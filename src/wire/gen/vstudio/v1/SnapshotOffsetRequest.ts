// Original file: proto/vstudio/v1/peer.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotOffsetRequest {
  'fromNode'?: (number | string | Long);
  'groupId'?: (number | string | Long);
  /**
   * the Raft snapshot being sent (index and term identify a transfer)
   */
  'snapshotIndex'?: (number | string | Long);
  'snapshotTerm'?: (number | string | Long);
  /**
   * the sender's spooled state machine snapshot
   */
  'transferId'?: (string);
}

export interface SnapshotOffsetRequest__Output {
  'fromNode': (number);
  'groupId': (number);
  /**
   * the Raft snapshot being sent (index and term identify a transfer)
   */
  'snapshotIndex': (number);
  'snapshotTerm': (number);
  /**
   * the sender's spooled state machine snapshot
   */
  'transferId': (string);
}
