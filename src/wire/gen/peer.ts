import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct.js';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value.js';
import type { AddNodeRequest as _vstudio_v1_AddNodeRequest, AddNodeRequest__Output as _vstudio_v1_AddNodeRequest__Output } from './vstudio/v1/AddNodeRequest.js';
import type { AddNodeResponse as _vstudio_v1_AddNodeResponse, AddNodeResponse__Output as _vstudio_v1_AddNodeResponse__Output } from './vstudio/v1/AddNodeResponse.js';
import type { AdminRequest as _vstudio_v1_AdminRequest, AdminRequest__Output as _vstudio_v1_AdminRequest__Output } from './vstudio/v1/AdminRequest.js';
import type { AdminResponse as _vstudio_v1_AdminResponse, AdminResponse__Output as _vstudio_v1_AdminResponse__Output } from './vstudio/v1/AdminResponse.js';
import type { AdminServiceClient as _vstudio_v1_AdminServiceClient, AdminServiceDefinition as _vstudio_v1_AdminServiceDefinition } from './vstudio/v1/AdminService.js';
import type { ClusterMember as _vstudio_v1_ClusterMember, ClusterMember__Output as _vstudio_v1_ClusterMember__Output } from './vstudio/v1/ClusterMember.js';
import type { ClusterStatusRequest as _vstudio_v1_ClusterStatusRequest, ClusterStatusRequest__Output as _vstudio_v1_ClusterStatusRequest__Output } from './vstudio/v1/ClusterStatusRequest.js';
import type { ClusterStatusResponse as _vstudio_v1_ClusterStatusResponse, ClusterStatusResponse__Output as _vstudio_v1_ClusterStatusResponse__Output } from './vstudio/v1/ClusterStatusResponse.js';
import type { CollectionInfo as _vstudio_v1_CollectionInfo, CollectionInfo__Output as _vstudio_v1_CollectionInfo__Output } from './vstudio/v1/CollectionInfo.js';
import type { ConfState as _vstudio_v1_ConfState, ConfState__Output as _vstudio_v1_ConfState__Output } from './vstudio/v1/ConfState.js';
import type { CountRequest as _vstudio_v1_CountRequest, CountRequest__Output as _vstudio_v1_CountRequest__Output } from './vstudio/v1/CountRequest.js';
import type { CountResponse as _vstudio_v1_CountResponse, CountResponse__Output as _vstudio_v1_CountResponse__Output } from './vstudio/v1/CountResponse.js';
import type { CreateCollectionRequest as _vstudio_v1_CreateCollectionRequest, CreateCollectionRequest__Output as _vstudio_v1_CreateCollectionRequest__Output } from './vstudio/v1/CreateCollectionRequest.js';
import type { CreateCollectionResponse as _vstudio_v1_CreateCollectionResponse, CreateCollectionResponse__Output as _vstudio_v1_CreateCollectionResponse__Output } from './vstudio/v1/CreateCollectionResponse.js';
import type { DeleteItem as _vstudio_v1_DeleteItem, DeleteItem__Output as _vstudio_v1_DeleteItem__Output } from './vstudio/v1/DeleteItem.js';
import type { DeleteRequest as _vstudio_v1_DeleteRequest, DeleteRequest__Output as _vstudio_v1_DeleteRequest__Output } from './vstudio/v1/DeleteRequest.js';
import type { DeleteResponse as _vstudio_v1_DeleteResponse, DeleteResponse__Output as _vstudio_v1_DeleteResponse__Output } from './vstudio/v1/DeleteResponse.js';
import type { DescribeCollectionRequest as _vstudio_v1_DescribeCollectionRequest, DescribeCollectionRequest__Output as _vstudio_v1_DescribeCollectionRequest__Output } from './vstudio/v1/DescribeCollectionRequest.js';
import type { DescribeCollectionResponse as _vstudio_v1_DescribeCollectionResponse, DescribeCollectionResponse__Output as _vstudio_v1_DescribeCollectionResponse__Output } from './vstudio/v1/DescribeCollectionResponse.js';
import type { DropCollectionRequest as _vstudio_v1_DropCollectionRequest, DropCollectionRequest__Output as _vstudio_v1_DropCollectionRequest__Output } from './vstudio/v1/DropCollectionRequest.js';
import type { DropCollectionResponse as _vstudio_v1_DropCollectionResponse, DropCollectionResponse__Output as _vstudio_v1_DropCollectionResponse__Output } from './vstudio/v1/DropCollectionResponse.js';
import type { EncryptionStatusRequest as _vstudio_v1_EncryptionStatusRequest, EncryptionStatusRequest__Output as _vstudio_v1_EncryptionStatusRequest__Output } from './vstudio/v1/EncryptionStatusRequest.js';
import type { EncryptionStatusResponse as _vstudio_v1_EncryptionStatusResponse, EncryptionStatusResponse__Output as _vstudio_v1_EncryptionStatusResponse__Output } from './vstudio/v1/EncryptionStatusResponse.js';
import type { Entry as _vstudio_v1_Entry, Entry__Output as _vstudio_v1_Entry__Output } from './vstudio/v1/Entry.js';
import type { GetRequest as _vstudio_v1_GetRequest, GetRequest__Output as _vstudio_v1_GetRequest__Output } from './vstudio/v1/GetRequest.js';
import type { GetResponse as _vstudio_v1_GetResponse, GetResponse__Output as _vstudio_v1_GetResponse__Output } from './vstudio/v1/GetResponse.js';
import type { GroupMessages as _vstudio_v1_GroupMessages, GroupMessages__Output as _vstudio_v1_GroupMessages__Output } from './vstudio/v1/GroupMessages.js';
import type { GroupStatus as _vstudio_v1_GroupStatus, GroupStatus__Output as _vstudio_v1_GroupStatus__Output } from './vstudio/v1/GroupStatus.js';
import type { Hello as _vstudio_v1_Hello, Hello__Output as _vstudio_v1_Hello__Output } from './vstudio/v1/Hello.js';
import type { Hit as _vstudio_v1_Hit, Hit__Output as _vstudio_v1_Hit__Output } from './vstudio/v1/Hit.js';
import type { InstallSnapshotResponse as _vstudio_v1_InstallSnapshotResponse, InstallSnapshotResponse__Output as _vstudio_v1_InstallSnapshotResponse__Output } from './vstudio/v1/InstallSnapshotResponse.js';
import type { ItemResult as _vstudio_v1_ItemResult, ItemResult__Output as _vstudio_v1_ItemResult__Output } from './vstudio/v1/ItemResult.js';
import type { JoinClusterRequest as _vstudio_v1_JoinClusterRequest, JoinClusterRequest__Output as _vstudio_v1_JoinClusterRequest__Output } from './vstudio/v1/JoinClusterRequest.js';
import type { JoinClusterResponse as _vstudio_v1_JoinClusterResponse, JoinClusterResponse__Output as _vstudio_v1_JoinClusterResponse__Output } from './vstudio/v1/JoinClusterResponse.js';
import type { LeaderCommit as _vstudio_v1_LeaderCommit, LeaderCommit__Output as _vstudio_v1_LeaderCommit__Output } from './vstudio/v1/LeaderCommit.js';
import type { ListCollectionsRequest as _vstudio_v1_ListCollectionsRequest, ListCollectionsRequest__Output as _vstudio_v1_ListCollectionsRequest__Output } from './vstudio/v1/ListCollectionsRequest.js';
import type { ListCollectionsResponse as _vstudio_v1_ListCollectionsResponse, ListCollectionsResponse__Output as _vstudio_v1_ListCollectionsResponse__Output } from './vstudio/v1/ListCollectionsResponse.js';
import type { ListOperatorsRequest as _vstudio_v1_ListOperatorsRequest, ListOperatorsRequest__Output as _vstudio_v1_ListOperatorsRequest__Output } from './vstudio/v1/ListOperatorsRequest.js';
import type { ListOperatorsResponse as _vstudio_v1_ListOperatorsResponse, ListOperatorsResponse__Output as _vstudio_v1_ListOperatorsResponse__Output } from './vstudio/v1/ListOperatorsResponse.js';
import type { MissingShard as _vstudio_v1_MissingShard, MissingShard__Output as _vstudio_v1_MissingShard__Output } from './vstudio/v1/MissingShard.js';
import type { MoveReplicaRequest as _vstudio_v1_MoveReplicaRequest, MoveReplicaRequest__Output as _vstudio_v1_MoveReplicaRequest__Output } from './vstudio/v1/MoveReplicaRequest.js';
import type { MoveReplicaResponse as _vstudio_v1_MoveReplicaResponse, MoveReplicaResponse__Output as _vstudio_v1_MoveReplicaResponse__Output } from './vstudio/v1/MoveReplicaResponse.js';
import type { NodeStatus as _vstudio_v1_NodeStatus, NodeStatus__Output as _vstudio_v1_NodeStatus__Output } from './vstudio/v1/NodeStatus.js';
import type { NodeStatusRequest as _vstudio_v1_NodeStatusRequest, NodeStatusRequest__Output as _vstudio_v1_NodeStatusRequest__Output } from './vstudio/v1/NodeStatusRequest.js';
import type { NodeStatusResponse as _vstudio_v1_NodeStatusResponse, NodeStatusResponse__Output as _vstudio_v1_NodeStatusResponse__Output } from './vstudio/v1/NodeStatusResponse.js';
import type { OperatorInfo as _vstudio_v1_OperatorInfo, OperatorInfo__Output as _vstudio_v1_OperatorInfo__Output } from './vstudio/v1/OperatorInfo.js';
import type { PeerServiceClient as _vstudio_v1_PeerServiceClient, PeerServiceDefinition as _vstudio_v1_PeerServiceDefinition } from './vstudio/v1/PeerService.js';
import type { ProposeRequest as _vstudio_v1_ProposeRequest, ProposeRequest__Output as _vstudio_v1_ProposeRequest__Output } from './vstudio/v1/ProposeRequest.js';
import type { ProposeResponse as _vstudio_v1_ProposeResponse, ProposeResponse__Output as _vstudio_v1_ProposeResponse__Output } from './vstudio/v1/ProposeResponse.js';
import type { RaftBatch as _vstudio_v1_RaftBatch, RaftBatch__Output as _vstudio_v1_RaftBatch__Output } from './vstudio/v1/RaftBatch.js';
import type { RaftMessage as _vstudio_v1_RaftMessage, RaftMessage__Output as _vstudio_v1_RaftMessage__Output } from './vstudio/v1/RaftMessage.js';
import type { ReadOptions as _vstudio_v1_ReadOptions, ReadOptions__Output as _vstudio_v1_ReadOptions__Output } from './vstudio/v1/ReadOptions.js';
import type { ReadRequest as _vstudio_v1_ReadRequest, ReadRequest__Output as _vstudio_v1_ReadRequest__Output } from './vstudio/v1/ReadRequest.js';
import type { ReadResponse as _vstudio_v1_ReadResponse, ReadResponse__Output as _vstudio_v1_ReadResponse__Output } from './vstudio/v1/ReadResponse.js';
import type { Record as _vstudio_v1_Record, Record__Output as _vstudio_v1_Record__Output } from './vstudio/v1/Record.js';
import type { RemoveNodeRequest as _vstudio_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _vstudio_v1_RemoveNodeRequest__Output } from './vstudio/v1/RemoveNodeRequest.js';
import type { RemoveNodeResponse as _vstudio_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _vstudio_v1_RemoveNodeResponse__Output } from './vstudio/v1/RemoveNodeResponse.js';
import type { ReshardRequest as _vstudio_v1_ReshardRequest, ReshardRequest__Output as _vstudio_v1_ReshardRequest__Output } from './vstudio/v1/ReshardRequest.js';
import type { ReshardResponse as _vstudio_v1_ReshardResponse, ReshardResponse__Output as _vstudio_v1_ReshardResponse__Output } from './vstudio/v1/ReshardResponse.js';
import type { RotateEncryptionRequest as _vstudio_v1_RotateEncryptionRequest, RotateEncryptionRequest__Output as _vstudio_v1_RotateEncryptionRequest__Output } from './vstudio/v1/RotateEncryptionRequest.js';
import type { ScanPageRequest as _vstudio_v1_ScanPageRequest, ScanPageRequest__Output as _vstudio_v1_ScanPageRequest__Output } from './vstudio/v1/ScanPageRequest.js';
import type { ScanPageResponse as _vstudio_v1_ScanPageResponse, ScanPageResponse__Output as _vstudio_v1_ScanPageResponse__Output } from './vstudio/v1/ScanPageResponse.js';
import type { SearchRequest as _vstudio_v1_SearchRequest, SearchRequest__Output as _vstudio_v1_SearchRequest__Output } from './vstudio/v1/SearchRequest.js';
import type { SearchResponse as _vstudio_v1_SearchResponse, SearchResponse__Output as _vstudio_v1_SearchResponse__Output } from './vstudio/v1/SearchResponse.js';
import type { SetNodeStateRequest as _vstudio_v1_SetNodeStateRequest, SetNodeStateRequest__Output as _vstudio_v1_SetNodeStateRequest__Output } from './vstudio/v1/SetNodeStateRequest.js';
import type { SetNodeStateResponse as _vstudio_v1_SetNodeStateResponse, SetNodeStateResponse__Output as _vstudio_v1_SetNodeStateResponse__Output } from './vstudio/v1/SetNodeStateResponse.js';
import type { Snapshot as _vstudio_v1_Snapshot, Snapshot__Output as _vstudio_v1_Snapshot__Output } from './vstudio/v1/Snapshot.js';
import type { SnapshotChunk as _vstudio_v1_SnapshotChunk, SnapshotChunk__Output as _vstudio_v1_SnapshotChunk__Output } from './vstudio/v1/SnapshotChunk.js';
import type { SnapshotMetadata as _vstudio_v1_SnapshotMetadata, SnapshotMetadata__Output as _vstudio_v1_SnapshotMetadata__Output } from './vstudio/v1/SnapshotMetadata.js';
import type { SnapshotOffsetRequest as _vstudio_v1_SnapshotOffsetRequest, SnapshotOffsetRequest__Output as _vstudio_v1_SnapshotOffsetRequest__Output } from './vstudio/v1/SnapshotOffsetRequest.js';
import type { SnapshotOffsetResponse as _vstudio_v1_SnapshotOffsetResponse, SnapshotOffsetResponse__Output as _vstudio_v1_SnapshotOffsetResponse__Output } from './vstudio/v1/SnapshotOffsetResponse.js';
import type { SplitRange as _vstudio_v1_SplitRange, SplitRange__Output as _vstudio_v1_SplitRange__Output } from './vstudio/v1/SplitRange.js';
import type { TransferLeaderRequest as _vstudio_v1_TransferLeaderRequest, TransferLeaderRequest__Output as _vstudio_v1_TransferLeaderRequest__Output } from './vstudio/v1/TransferLeaderRequest.js';
import type { TransferLeaderResponse as _vstudio_v1_TransferLeaderResponse, TransferLeaderResponse__Output as _vstudio_v1_TransferLeaderResponse__Output } from './vstudio/v1/TransferLeaderResponse.js';
import type { UpdateCollectionRequest as _vstudio_v1_UpdateCollectionRequest, UpdateCollectionRequest__Output as _vstudio_v1_UpdateCollectionRequest__Output } from './vstudio/v1/UpdateCollectionRequest.js';
import type { UpdateCollectionResponse as _vstudio_v1_UpdateCollectionResponse, UpdateCollectionResponse__Output as _vstudio_v1_UpdateCollectionResponse__Output } from './vstudio/v1/UpdateCollectionResponse.js';
import type { UpsertItem as _vstudio_v1_UpsertItem, UpsertItem__Output as _vstudio_v1_UpsertItem__Output } from './vstudio/v1/UpsertItem.js';
import type { UpsertRequest as _vstudio_v1_UpsertRequest, UpsertRequest__Output as _vstudio_v1_UpsertRequest__Output } from './vstudio/v1/UpsertRequest.js';
import type { UpsertResponse as _vstudio_v1_UpsertResponse, UpsertResponse__Output as _vstudio_v1_UpsertResponse__Output } from './vstudio/v1/UpsertResponse.js';
import type { VectorServiceClient as _vstudio_v1_VectorServiceClient, VectorServiceDefinition as _vstudio_v1_VectorServiceDefinition } from './vstudio/v1/VectorService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  vstudio: {
    v1: {
      AckLevel: EnumTypeDefinition
      AddNodeRequest: MessageTypeDefinition<_vstudio_v1_AddNodeRequest, _vstudio_v1_AddNodeRequest__Output>
      AddNodeResponse: MessageTypeDefinition<_vstudio_v1_AddNodeResponse, _vstudio_v1_AddNodeResponse__Output>
      AdminRequest: MessageTypeDefinition<_vstudio_v1_AdminRequest, _vstudio_v1_AdminRequest__Output>
      AdminResponse: MessageTypeDefinition<_vstudio_v1_AdminResponse, _vstudio_v1_AdminResponse__Output>
      AdminService: SubtypeConstructor<typeof grpc.Client, _vstudio_v1_AdminServiceClient> & { service: _vstudio_v1_AdminServiceDefinition }
      ClusterMember: MessageTypeDefinition<_vstudio_v1_ClusterMember, _vstudio_v1_ClusterMember__Output>
      ClusterStatusRequest: MessageTypeDefinition<_vstudio_v1_ClusterStatusRequest, _vstudio_v1_ClusterStatusRequest__Output>
      ClusterStatusResponse: MessageTypeDefinition<_vstudio_v1_ClusterStatusResponse, _vstudio_v1_ClusterStatusResponse__Output>
      CollectionInfo: MessageTypeDefinition<_vstudio_v1_CollectionInfo, _vstudio_v1_CollectionInfo__Output>
      ConfState: MessageTypeDefinition<_vstudio_v1_ConfState, _vstudio_v1_ConfState__Output>
      Consistency: EnumTypeDefinition
      CountRequest: MessageTypeDefinition<_vstudio_v1_CountRequest, _vstudio_v1_CountRequest__Output>
      CountResponse: MessageTypeDefinition<_vstudio_v1_CountResponse, _vstudio_v1_CountResponse__Output>
      CreateCollectionRequest: MessageTypeDefinition<_vstudio_v1_CreateCollectionRequest, _vstudio_v1_CreateCollectionRequest__Output>
      CreateCollectionResponse: MessageTypeDefinition<_vstudio_v1_CreateCollectionResponse, _vstudio_v1_CreateCollectionResponse__Output>
      DeleteItem: MessageTypeDefinition<_vstudio_v1_DeleteItem, _vstudio_v1_DeleteItem__Output>
      DeleteRequest: MessageTypeDefinition<_vstudio_v1_DeleteRequest, _vstudio_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_vstudio_v1_DeleteResponse, _vstudio_v1_DeleteResponse__Output>
      DescribeCollectionRequest: MessageTypeDefinition<_vstudio_v1_DescribeCollectionRequest, _vstudio_v1_DescribeCollectionRequest__Output>
      DescribeCollectionResponse: MessageTypeDefinition<_vstudio_v1_DescribeCollectionResponse, _vstudio_v1_DescribeCollectionResponse__Output>
      DropCollectionRequest: MessageTypeDefinition<_vstudio_v1_DropCollectionRequest, _vstudio_v1_DropCollectionRequest__Output>
      DropCollectionResponse: MessageTypeDefinition<_vstudio_v1_DropCollectionResponse, _vstudio_v1_DropCollectionResponse__Output>
      EncryptionStatusRequest: MessageTypeDefinition<_vstudio_v1_EncryptionStatusRequest, _vstudio_v1_EncryptionStatusRequest__Output>
      EncryptionStatusResponse: MessageTypeDefinition<_vstudio_v1_EncryptionStatusResponse, _vstudio_v1_EncryptionStatusResponse__Output>
      Entry: MessageTypeDefinition<_vstudio_v1_Entry, _vstudio_v1_Entry__Output>
      EntryType: EnumTypeDefinition
      GetRequest: MessageTypeDefinition<_vstudio_v1_GetRequest, _vstudio_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_vstudio_v1_GetResponse, _vstudio_v1_GetResponse__Output>
      GroupMessages: MessageTypeDefinition<_vstudio_v1_GroupMessages, _vstudio_v1_GroupMessages__Output>
      GroupStatus: MessageTypeDefinition<_vstudio_v1_GroupStatus, _vstudio_v1_GroupStatus__Output>
      Hello: MessageTypeDefinition<_vstudio_v1_Hello, _vstudio_v1_Hello__Output>
      Hit: MessageTypeDefinition<_vstudio_v1_Hit, _vstudio_v1_Hit__Output>
      InstallSnapshotResponse: MessageTypeDefinition<_vstudio_v1_InstallSnapshotResponse, _vstudio_v1_InstallSnapshotResponse__Output>
      ItemResult: MessageTypeDefinition<_vstudio_v1_ItemResult, _vstudio_v1_ItemResult__Output>
      ItemStatus: EnumTypeDefinition
      JoinClusterRequest: MessageTypeDefinition<_vstudio_v1_JoinClusterRequest, _vstudio_v1_JoinClusterRequest__Output>
      JoinClusterResponse: MessageTypeDefinition<_vstudio_v1_JoinClusterResponse, _vstudio_v1_JoinClusterResponse__Output>
      LeaderCommit: MessageTypeDefinition<_vstudio_v1_LeaderCommit, _vstudio_v1_LeaderCommit__Output>
      ListCollectionsRequest: MessageTypeDefinition<_vstudio_v1_ListCollectionsRequest, _vstudio_v1_ListCollectionsRequest__Output>
      ListCollectionsResponse: MessageTypeDefinition<_vstudio_v1_ListCollectionsResponse, _vstudio_v1_ListCollectionsResponse__Output>
      ListOperatorsRequest: MessageTypeDefinition<_vstudio_v1_ListOperatorsRequest, _vstudio_v1_ListOperatorsRequest__Output>
      ListOperatorsResponse: MessageTypeDefinition<_vstudio_v1_ListOperatorsResponse, _vstudio_v1_ListOperatorsResponse__Output>
      MessageType: EnumTypeDefinition
      Metric: EnumTypeDefinition
      MissingShard: MessageTypeDefinition<_vstudio_v1_MissingShard, _vstudio_v1_MissingShard__Output>
      MoveReplicaRequest: MessageTypeDefinition<_vstudio_v1_MoveReplicaRequest, _vstudio_v1_MoveReplicaRequest__Output>
      MoveReplicaResponse: MessageTypeDefinition<_vstudio_v1_MoveReplicaResponse, _vstudio_v1_MoveReplicaResponse__Output>
      NodeStatus: MessageTypeDefinition<_vstudio_v1_NodeStatus, _vstudio_v1_NodeStatus__Output>
      NodeStatusRequest: MessageTypeDefinition<_vstudio_v1_NodeStatusRequest, _vstudio_v1_NodeStatusRequest__Output>
      NodeStatusResponse: MessageTypeDefinition<_vstudio_v1_NodeStatusResponse, _vstudio_v1_NodeStatusResponse__Output>
      OperatorInfo: MessageTypeDefinition<_vstudio_v1_OperatorInfo, _vstudio_v1_OperatorInfo__Output>
      PeerService: SubtypeConstructor<typeof grpc.Client, _vstudio_v1_PeerServiceClient> & { service: _vstudio_v1_PeerServiceDefinition }
      ProposeRequest: MessageTypeDefinition<_vstudio_v1_ProposeRequest, _vstudio_v1_ProposeRequest__Output>
      ProposeResponse: MessageTypeDefinition<_vstudio_v1_ProposeResponse, _vstudio_v1_ProposeResponse__Output>
      RaftBatch: MessageTypeDefinition<_vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch__Output>
      RaftMessage: MessageTypeDefinition<_vstudio_v1_RaftMessage, _vstudio_v1_RaftMessage__Output>
      ReadOptions: MessageTypeDefinition<_vstudio_v1_ReadOptions, _vstudio_v1_ReadOptions__Output>
      ReadRequest: MessageTypeDefinition<_vstudio_v1_ReadRequest, _vstudio_v1_ReadRequest__Output>
      ReadResponse: MessageTypeDefinition<_vstudio_v1_ReadResponse, _vstudio_v1_ReadResponse__Output>
      Record: MessageTypeDefinition<_vstudio_v1_Record, _vstudio_v1_Record__Output>
      RemoveNodeRequest: MessageTypeDefinition<_vstudio_v1_RemoveNodeRequest, _vstudio_v1_RemoveNodeRequest__Output>
      RemoveNodeResponse: MessageTypeDefinition<_vstudio_v1_RemoveNodeResponse, _vstudio_v1_RemoveNodeResponse__Output>
      ReshardRequest: MessageTypeDefinition<_vstudio_v1_ReshardRequest, _vstudio_v1_ReshardRequest__Output>
      ReshardResponse: MessageTypeDefinition<_vstudio_v1_ReshardResponse, _vstudio_v1_ReshardResponse__Output>
      RotateEncryptionRequest: MessageTypeDefinition<_vstudio_v1_RotateEncryptionRequest, _vstudio_v1_RotateEncryptionRequest__Output>
      ScanPageRequest: MessageTypeDefinition<_vstudio_v1_ScanPageRequest, _vstudio_v1_ScanPageRequest__Output>
      ScanPageResponse: MessageTypeDefinition<_vstudio_v1_ScanPageResponse, _vstudio_v1_ScanPageResponse__Output>
      SearchRequest: MessageTypeDefinition<_vstudio_v1_SearchRequest, _vstudio_v1_SearchRequest__Output>
      SearchResponse: MessageTypeDefinition<_vstudio_v1_SearchResponse, _vstudio_v1_SearchResponse__Output>
      SetNodeStateRequest: MessageTypeDefinition<_vstudio_v1_SetNodeStateRequest, _vstudio_v1_SetNodeStateRequest__Output>
      SetNodeStateResponse: MessageTypeDefinition<_vstudio_v1_SetNodeStateResponse, _vstudio_v1_SetNodeStateResponse__Output>
      Snapshot: MessageTypeDefinition<_vstudio_v1_Snapshot, _vstudio_v1_Snapshot__Output>
      SnapshotChunk: MessageTypeDefinition<_vstudio_v1_SnapshotChunk, _vstudio_v1_SnapshotChunk__Output>
      SnapshotMetadata: MessageTypeDefinition<_vstudio_v1_SnapshotMetadata, _vstudio_v1_SnapshotMetadata__Output>
      SnapshotOffsetRequest: MessageTypeDefinition<_vstudio_v1_SnapshotOffsetRequest, _vstudio_v1_SnapshotOffsetRequest__Output>
      SnapshotOffsetResponse: MessageTypeDefinition<_vstudio_v1_SnapshotOffsetResponse, _vstudio_v1_SnapshotOffsetResponse__Output>
      SplitRange: MessageTypeDefinition<_vstudio_v1_SplitRange, _vstudio_v1_SplitRange__Output>
      TransferLeaderRequest: MessageTypeDefinition<_vstudio_v1_TransferLeaderRequest, _vstudio_v1_TransferLeaderRequest__Output>
      TransferLeaderResponse: MessageTypeDefinition<_vstudio_v1_TransferLeaderResponse, _vstudio_v1_TransferLeaderResponse__Output>
      UpdateCollectionRequest: MessageTypeDefinition<_vstudio_v1_UpdateCollectionRequest, _vstudio_v1_UpdateCollectionRequest__Output>
      UpdateCollectionResponse: MessageTypeDefinition<_vstudio_v1_UpdateCollectionResponse, _vstudio_v1_UpdateCollectionResponse__Output>
      UpsertItem: MessageTypeDefinition<_vstudio_v1_UpsertItem, _vstudio_v1_UpsertItem__Output>
      UpsertRequest: MessageTypeDefinition<_vstudio_v1_UpsertRequest, _vstudio_v1_UpsertRequest__Output>
      UpsertResponse: MessageTypeDefinition<_vstudio_v1_UpsertResponse, _vstudio_v1_UpsertResponse__Output>
      VectorService: SubtypeConstructor<typeof grpc.Client, _vstudio_v1_VectorServiceClient> & { service: _vstudio_v1_VectorServiceDefinition }
    }
  }
}

