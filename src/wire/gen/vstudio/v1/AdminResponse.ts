// Original file: proto/vstudio/v1/peer.proto

import type { CreateCollectionResponse as _vstudio_v1_CreateCollectionResponse, CreateCollectionResponse__Output as _vstudio_v1_CreateCollectionResponse__Output } from '../../vstudio/v1/CreateCollectionResponse.js';
import type { DropCollectionResponse as _vstudio_v1_DropCollectionResponse, DropCollectionResponse__Output as _vstudio_v1_DropCollectionResponse__Output } from '../../vstudio/v1/DropCollectionResponse.js';
import type { TransferLeaderResponse as _vstudio_v1_TransferLeaderResponse, TransferLeaderResponse__Output as _vstudio_v1_TransferLeaderResponse__Output } from '../../vstudio/v1/TransferLeaderResponse.js';
import type { AddNodeResponse as _vstudio_v1_AddNodeResponse, AddNodeResponse__Output as _vstudio_v1_AddNodeResponse__Output } from '../../vstudio/v1/AddNodeResponse.js';
import type { RemoveNodeResponse as _vstudio_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _vstudio_v1_RemoveNodeResponse__Output } from '../../vstudio/v1/RemoveNodeResponse.js';
import type { ListOperatorsResponse as _vstudio_v1_ListOperatorsResponse, ListOperatorsResponse__Output as _vstudio_v1_ListOperatorsResponse__Output } from '../../vstudio/v1/ListOperatorsResponse.js';
import type { JoinClusterResponse as _vstudio_v1_JoinClusterResponse, JoinClusterResponse__Output as _vstudio_v1_JoinClusterResponse__Output } from '../../vstudio/v1/JoinClusterResponse.js';
import type { Long } from '@grpc/proto-loader';

export interface AdminResponse {
  'createCollection'?: (_vstudio_v1_CreateCollectionResponse | null);
  'dropCollection'?: (_vstudio_v1_DropCollectionResponse | null);
  'transferLeader'?: (_vstudio_v1_TransferLeaderResponse | null);
  'addNode'?: (_vstudio_v1_AddNodeResponse | null);
  'removeNode'?: (_vstudio_v1_RemoveNodeResponse | null);
  'metaIndex'?: (number | string | Long);
  'listOperators'?: (_vstudio_v1_ListOperatorsResponse | null);
  'joinCluster'?: (_vstudio_v1_JoinClusterResponse | null);
  'response'?: "createCollection"|"dropCollection"|"transferLeader"|"addNode"|"removeNode"|"metaIndex"|"listOperators"|"joinCluster";
}

export interface AdminResponse__Output {
  'createCollection'?: (_vstudio_v1_CreateCollectionResponse__Output | null);
  'dropCollection'?: (_vstudio_v1_DropCollectionResponse__Output | null);
  'transferLeader'?: (_vstudio_v1_TransferLeaderResponse__Output | null);
  'addNode'?: (_vstudio_v1_AddNodeResponse__Output | null);
  'removeNode'?: (_vstudio_v1_RemoveNodeResponse__Output | null);
  'metaIndex'?: (number);
  'listOperators'?: (_vstudio_v1_ListOperatorsResponse__Output | null);
  'joinCluster'?: (_vstudio_v1_JoinClusterResponse__Output | null);
  'response'?: "createCollection"|"dropCollection"|"transferLeader"|"addNode"|"removeNode"|"metaIndex"|"listOperators"|"joinCluster";
}
