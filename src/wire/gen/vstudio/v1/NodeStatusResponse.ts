// Original file: proto/vstudio/v1/peer.proto

import type { GroupStatus as _vstudio_v1_GroupStatus, GroupStatus__Output as _vstudio_v1_GroupStatus__Output } from '../../vstudio/v1/GroupStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatusResponse {
  'nodeId'?: (number | string | Long);
  /**
   * one per hosted group; lag maps filled where this node leads
   */
  'groups'?: (_vstudio_v1_GroupStatus)[];
}

export interface NodeStatusResponse__Output {
  'nodeId': (number);
  /**
   * one per hosted group; lag maps filled where this node leads
   */
  'groups': (_vstudio_v1_GroupStatus__Output)[];
}
