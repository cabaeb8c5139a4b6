// Original file: proto/vstudio/v1/admin.proto

import type { NodeStatus as _vstudio_v1_NodeStatus, NodeStatus__Output as _vstudio_v1_NodeStatus__Output } from '../../vstudio/v1/NodeStatus.js';
import type { GroupStatus as _vstudio_v1_GroupStatus, GroupStatus__Output as _vstudio_v1_GroupStatus__Output } from '../../vstudio/v1/GroupStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface ClusterStatusResponse {
  'nodes'?: (_vstudio_v1_NodeStatus)[];
  'groups'?: (_vstudio_v1_GroupStatus)[];
  'metaGroupId'?: (number | string | Long);
}

export interface ClusterStatusResponse__Output {
  'nodes': (_vstudio_v1_NodeStatus__Output)[];
  'groups': (_vstudio_v1_GroupStatus__Output)[];
  'metaGroupId': (number);
}
