// Original file: proto/vstudio/v1/admin.proto

import type { ClusterMember as _vstudio_v1_ClusterMember, ClusterMember__Output as _vstudio_v1_ClusterMember__Output } from '../../vstudio/v1/ClusterMember.js';

export interface JoinClusterResponse {
  'clusterId'?: (string);
  /**
   * every node of the cluster, the new one included
   */
  'members'?: (_vstudio_v1_ClusterMember)[];
}

export interface JoinClusterResponse__Output {
  'clusterId': (string);
  /**
   * every node of the cluster, the new one included
   */
  'members': (_vstudio_v1_ClusterMember__Output)[];
}
