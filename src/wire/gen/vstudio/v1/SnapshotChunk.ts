// Original file: proto/vstudio/v1/peer.proto

import type { RaftMessage as _vstudio_v1_RaftMessage, RaftMessage__Output as _vstudio_v1_RaftMessage__Output } from '../../vstudio/v1/RaftMessage.js';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotChunk {
  /**
   * set in every chunk: a stream may begin anywhere
   */
  'fromNode'?: (number | string | Long);
  'groupId'?: (number | string | Long);
  'transferId'?: (string);
  /**
   * chunk number, from 0
   */
  'seq'?: (number | string | Long);
  'last'?: (boolean);
  /**
   * one serialized state machine snapshot chunk (checksummed inside)
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * with the last chunk: the MsgSnap to step once the state is installed
   */
  'message'?: (_vstudio_v1_RaftMessage | null);
}

export interface SnapshotChunk__Output {
  /**
   * set in every chunk: a stream may begin anywhere
   */
  'fromNode': (number);
  'groupId': (number);
  'transferId': (string);
  /**
   * chunk number, from 0
   */
  'seq': (number);
  'last': (boolean);
  /**
   * one serialized state machine snapshot chunk (checksummed inside)
   */
  'data': (Buffer);
  /**
   * with the last chunk: the MsgSnap to step once the state is installed
   */
  'message': (_vstudio_v1_RaftMessage__Output | null);
}
