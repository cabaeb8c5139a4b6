// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface SetNodeStateRequest {
  'nodeId'?: (number | string | Long);
  /**
   * "active" | "draining" | "removed"
   */
  'state'?: (string);
}

export interface SetNodeStateRequest__Output {
  'nodeId': (number);
  /**
   * "active" | "draining" | "removed"
   */
  'state': (string);
}
