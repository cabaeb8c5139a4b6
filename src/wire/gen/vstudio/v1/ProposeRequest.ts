// Original file: proto/vstudio/v1/peer.proto

import type { AckLevel as _vstudio_v1_AckLevel, AckLevel__Output as _vstudio_v1_AckLevel__Output } from '../../vstudio/v1/AckLevel.js';
import type { Long } from '@grpc/proto-loader';

export interface ProposeRequest {
  'groupId'?: (number | string | Long);
  /**
   * an encoded state machine command
   */
  'command'?: (Buffer | Uint8Array | string);
  'ack'?: (_vstudio_v1_AckLevel);
  'ackReplicas'?: (number);
  /**
   * items in the command (for ack=async responses)
   */
  'items'?: (number);
  /**
   * the range epoch the router saw (0 = unchecked); a replica with another refuses
   */
  'epoch'?: (number | string | Long);
}

export interface ProposeRequest__Output {
  'groupId': (number);
  /**
   * an encoded state machine command
   */
  'command': (Buffer);
  'ack': (_vstudio_v1_AckLevel__Output);
  'ackReplicas': (number);
  /**
   * items in the command (for ack=async responses)
   */
  'items': (number);
  /**
   * the range epoch the router saw (0 = unchecked); a replica with another refuses
   */
  'epoch': (number);
}
