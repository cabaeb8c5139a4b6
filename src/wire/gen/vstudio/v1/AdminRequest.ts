// Original file: proto/vstudio/v1/peer.proto

import type { CreateCollectionRequest as _vstudio_v1_CreateCollectionRequest, CreateCollectionRequest__Output as _vstudio_v1_CreateCollectionRequest__Output } from '../../vstudio/v1/CreateCollectionRequest.js';
import type { DropCollectionRequest as _vstudio_v1_DropCollectionRequest, DropCollectionRequest__Output as _vstudio_v1_DropCollectionRequest__Output } from '../../vstudio/v1/DropCollectionRequest.js';
import type { TransferLeaderRequest as _vstudio_v1_TransferLeaderRequest, TransferLeaderRequest__Output as _vstudio_v1_TransferLeaderRequest__Output } from '../../vstudio/v1/TransferLeaderRequest.js';
import type { AddNodeRequest as _vstudio_v1_AddNodeRequest, AddNodeRequest__Output as _vstudio_v1_AddNodeRequest__Output } from '../../vstudio/v1/AddNodeRequest.js';
import type { RemoveNodeRequest as _vstudio_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _vstudio_v1_RemoveNodeRequest__Output } from '../../vstudio/v1/RemoveNodeRequest.js';
import type { ListOperatorsRequest as _vstudio_v1_ListOperatorsRequest, ListOperatorsRequest__Output as _vstudio_v1_ListOperatorsRequest__Output } from '../../vstudio/v1/ListOperatorsRequest.js';
import type { JoinClusterRequest as _vstudio_v1_JoinClusterRequest, JoinClusterRequest__Output as _vstudio_v1_JoinClusterRequest__Output } from '../../vstudio/v1/JoinClusterRequest.js';

/**
 * Collection and membership changes forwarded to the meta group's leader.
 */
export interface AdminRequest {
  'createCollection'?: (_vstudio_v1_CreateCollectionRequest | null);
  'dropCollection'?: (_vstudio_v1_DropCollectionRequest | null);
  'transferLeader'?: (_vstudio_v1_TransferLeaderRequest | null);
  'addNode'?: (_vstudio_v1_AddNodeRequest | null);
  'removeNode'?: (_vstudio_v1_RemoveNodeRequest | null);
  'metaCommand'?: (Buffer | Uint8Array | string);
  'listOperators'?: (_vstudio_v1_ListOperatorsRequest | null);
  'joinCluster'?: (_vstudio_v1_JoinClusterRequest | null);
  'request'?: "createCollection"|"dropCollection"|"transferLeader"|"addNode"|"removeNode"|"metaCommand"|"listOperators"|"joinCluster";
}

/**
 * Collection and membership changes forwarded to the meta group's leader.
 */
export interface AdminRequest__Output {
  'createCollection'?: (_vstudio_v1_CreateCollectionRequest__Output | null);
  'dropCollection'?: (_vstudio_v1_DropCollectionRequest__Output | null);
  'transferLeader'?: (_vstudio_v1_TransferLeaderRequest__Output | null);
  'addNode'?: (_vstudio_v1_AddNodeRequest__Output | null);
  'removeNode'?: (_vstudio_v1_RemoveNodeRequest__Output | null);
  'metaCommand'?: (Buffer);
  'listOperators'?: (_vstudio_v1_ListOperatorsRequest__Output | null);
  'joinCluster'?: (_vstudio_v1_JoinClusterRequest__Output | null);
  'request'?: "createCollection"|"dropCollection"|"transferLeader"|"addNode"|"removeNode"|"metaCommand"|"listOperators"|"joinCluster";
}
