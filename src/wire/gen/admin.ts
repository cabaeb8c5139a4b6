import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddNodeRequest as _vstudio_v1_AddNodeRequest, AddNodeRequest__Output as _vstudio_v1_AddNodeRequest__Output } from './vstudio/v1/AddNodeRequest.js';
import type { AddNodeResponse as _vstudio_v1_AddNodeResponse, AddNodeResponse__Output as _vstudio_v1_AddNodeResponse__Output } from './vstudio/v1/AddNodeResponse.js';
import type { AdminServiceClient as _vstudio_v1_AdminServiceClient, AdminServiceDefinition as _vstudio_v1_AdminServiceDefinition } from './vstudio/v1/AdminService.js';
import type { ClusterMember as _vstudio_v1_ClusterMember, ClusterMember__Output as _vstudio_v1_ClusterMember__Output } from './vstudio/v1/ClusterMember.js';
import type { ClusterStatusRequest as _vstudio_v1_ClusterStatusRequest, ClusterStatusRequest__Output as _vstudio_v1_ClusterStatusRequest__Output } from './vstudio/v1/ClusterStatusRequest.js';
import type { ClusterStatusResponse as _vstudio_v1_ClusterStatusResponse, ClusterStatusResponse__Output as _vstudio_v1_ClusterStatusResponse__Output } from './vstudio/v1/ClusterStatusResponse.js';
import type { EncryptionStatusRequest as _vstudio_v1_EncryptionStatusRequest, EncryptionStatusRequest__Output as _vstudio_v1_EncryptionStatusRequest__Output } from './vstudio/v1/EncryptionStatusRequest.js';
import type { EncryptionStatusResponse as _vstudio_v1_EncryptionStatusResponse, EncryptionStatusResponse__Output as _vstudio_v1_EncryptionStatusResponse__Output } from './vstudio/v1/EncryptionStatusResponse.js';
import type { GroupStatus as _vstudio_v1_GroupStatus, GroupStatus__Output as _vstudio_v1_GroupStatus__Output } from './vstudio/v1/GroupStatus.js';
import type { JoinClusterRequest as _vstudio_v1_JoinClusterRequest, JoinClusterRequest__Output as _vstudio_v1_JoinClusterRequest__Output } from './vstudio/v1/JoinClusterRequest.js';
import type { JoinClusterResponse as _vstudio_v1_JoinClusterResponse, JoinClusterResponse__Output as _vstudio_v1_JoinClusterResponse__Output } from './vstudio/v1/JoinClusterResponse.js';
import type { ListOperatorsRequest as _vstudio_v1_ListOperatorsRequest, ListOperatorsRequest__Output as _vstudio_v1_ListOperatorsRequest__Output } from './vstudio/v1/ListOperatorsRequest.js';
import type { ListOperatorsResponse as _vstudio_v1_ListOperatorsResponse, ListOperatorsResponse__Output as _vstudio_v1_ListOperatorsResponse__Output } from './vstudio/v1/ListOperatorsResponse.js';
import type { MoveReplicaRequest as _vstudio_v1_MoveReplicaRequest, MoveReplicaRequest__Output as _vstudio_v1_MoveReplicaRequest__Output } from './vstudio/v1/MoveReplicaRequest.js';
import type { MoveReplicaResponse as _vstudio_v1_MoveReplicaResponse, MoveReplicaResponse__Output as _vstudio_v1_MoveReplicaResponse__Output } from './vstudio/v1/MoveReplicaResponse.js';
import type { NodeStatus as _vstudio_v1_NodeStatus, NodeStatus__Output as _vstudio_v1_NodeStatus__Output } from './vstudio/v1/NodeStatus.js';
import type { OperatorInfo as _vstudio_v1_OperatorInfo, OperatorInfo__Output as _vstudio_v1_OperatorInfo__Output } from './vstudio/v1/OperatorInfo.js';
import type { RemoveNodeRequest as _vstudio_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _vstudio_v1_RemoveNodeRequest__Output } from './vstudio/v1/RemoveNodeRequest.js';
import type { RemoveNodeResponse as _vstudio_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _vstudio_v1_RemoveNodeResponse__Output } from './vstudio/v1/RemoveNodeResponse.js';
import type { ReshardRequest as _vstudio_v1_ReshardRequest, ReshardRequest__Output as _vstudio_v1_ReshardRequest__Output } from './vstudio/v1/ReshardRequest.js';
import type { ReshardResponse as _vstudio_v1_ReshardResponse, ReshardResponse__Output as _vstudio_v1_ReshardResponse__Output } from './vstudio/v1/ReshardResponse.js';
import type { RotateEncryptionRequest as _vstudio_v1_RotateEncryptionRequest, RotateEncryptionRequest__Output as _vstudio_v1_RotateEncryptionRequest__Output } from './vstudio/v1/RotateEncryptionRequest.js';
import type { SetNodeStateRequest as _vstudio_v1_SetNodeStateRequest, SetNodeStateRequest__Output as _vstudio_v1_SetNodeStateRequest__Output } from './vstudio/v1/SetNodeStateRequest.js';
import type { SetNodeStateResponse as _vstudio_v1_SetNodeStateResponse, SetNodeStateResponse__Output as _vstudio_v1_SetNodeStateResponse__Output } from './vstudio/v1/SetNodeStateResponse.js';
import type { SplitRange as _vstudio_v1_SplitRange, SplitRange__Output as _vstudio_v1_SplitRange__Output } from './vstudio/v1/SplitRange.js';
import type { TransferLeaderRequest as _vstudio_v1_TransferLeaderRequest, TransferLeaderRequest__Output as _vstudio_v1_TransferLeaderRequest__Output } from './vstudio/v1/TransferLeaderRequest.js';
import type { TransferLeaderResponse as _vstudio_v1_TransferLeaderResponse, TransferLeaderResponse__Output as _vstudio_v1_TransferLeaderResponse__Output } from './vstudio/v1/TransferLeaderResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  vstudio: {
    v1: {
      AddNodeRequest: MessageTypeDefinition<_vstudio_v1_AddNodeRequest, _vstudio_v1_AddNodeRequest__Output>
      AddNodeResponse: MessageTypeDefinition<_vstudio_v1_AddNodeResponse, _vstudio_v1_AddNodeResponse__Output>
      AdminService: SubtypeConstructor<typeof grpc.Client, _vstudio_v1_AdminServiceClient> & { service: _vstudio_v1_AdminServiceDefinition }
      ClusterMember: MessageTypeDefinition<_vstudio_v1_ClusterMember, _vstudio_v1_ClusterMember__Output>
      ClusterStatusRequest: MessageTypeDefinition<_vstudio_v1_ClusterStatusRequest, _vstudio_v1_ClusterStatusRequest__Output>
      ClusterStatusResponse: MessageTypeDefinition<_vstudio_v1_ClusterStatusResponse, _vstudio_v1_ClusterStatusResponse__Output>
      EncryptionStatusRequest: MessageTypeDefinition<_vstudio_v1_EncryptionStatusRequest, _vstudio_v1_EncryptionStatusRequest__Output>
      EncryptionStatusResponse: MessageTypeDefinition<_vstudio_v1_EncryptionStatusResponse, _vstudio_v1_EncryptionStatusResponse__Output>
      GroupStatus: MessageTypeDefinition<_vstudio_v1_GroupStatus, _vstudio_v1_GroupStatus__Output>
      JoinClusterRequest: MessageTypeDefinition<_vstudio_v1_JoinClusterRequest, _vstudio_v1_JoinClusterRequest__Output>
      JoinClusterResponse: MessageTypeDefinition<_vstudio_v1_JoinClusterResponse, _vstudio_v1_JoinClusterResponse__Output>
      ListOperatorsRequest: MessageTypeDefinition<_vstudio_v1_ListOperatorsRequest, _vstudio_v1_ListOperatorsRequest__Output>
      ListOperatorsResponse: MessageTypeDefinition<_vstudio_v1_ListOperatorsResponse, _vstudio_v1_ListOperatorsResponse__Output>
      MoveReplicaRequest: MessageTypeDefinition<_vstudio_v1_MoveReplicaRequest, _vstudio_v1_MoveReplicaRequest__Output>
      MoveReplicaResponse: MessageTypeDefinition<_vstudio_v1_MoveReplicaResponse, _vstudio_v1_MoveReplicaResponse__Output>
      NodeStatus: MessageTypeDefinition<_vstudio_v1_NodeStatus, _vstudio_v1_NodeStatus__Output>
      OperatorInfo: MessageTypeDefinition<_vstudio_v1_OperatorInfo, _vstudio_v1_OperatorInfo__Output>
      RemoveNodeRequest: MessageTypeDefinition<_vstudio_v1_RemoveNodeRequest, _vstudio_v1_RemoveNodeRequest__Output>
      RemoveNodeResponse: MessageTypeDefinition<_vstudio_v1_RemoveNodeResponse, _vstudio_v1_RemoveNodeResponse__Output>
      ReshardRequest: MessageTypeDefinition<_vstudio_v1_ReshardRequest, _vstudio_v1_ReshardRequest__Output>
      ReshardResponse: MessageTypeDefinition<_vstudio_v1_ReshardResponse, _vstudio_v1_ReshardResponse__Output>
      RotateEncryptionRequest: MessageTypeDefinition<_vstudio_v1_RotateEncryptionRequest, _vstudio_v1_RotateEncryptionRequest__Output>
      SetNodeStateRequest: MessageTypeDefinition<_vstudio_v1_SetNodeStateRequest, _vstudio_v1_SetNodeStateRequest__Output>
      SetNodeStateResponse: MessageTypeDefinition<_vstudio_v1_SetNodeStateResponse, _vstudio_v1_SetNodeStateResponse__Output>
      SplitRange: MessageTypeDefinition<_vstudio_v1_SplitRange, _vstudio_v1_SplitRange__Output>
      TransferLeaderRequest: MessageTypeDefinition<_vstudio_v1_TransferLeaderRequest, _vstudio_v1_TransferLeaderRequest__Output>
      TransferLeaderResponse: MessageTypeDefinition<_vstudio_v1_TransferLeaderResponse, _vstudio_v1_TransferLeaderResponse__Output>
    }
  }
}

