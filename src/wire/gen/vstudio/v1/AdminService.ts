// Original file: proto/vstudio/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddNodeRequest as _vstudio_v1_AddNodeRequest, AddNodeRequest__Output as _vstudio_v1_AddNodeRequest__Output } from '../../vstudio/v1/AddNodeRequest.js';
import type { AddNodeResponse as _vstudio_v1_AddNodeResponse, AddNodeResponse__Output as _vstudio_v1_AddNodeResponse__Output } from '../../vstudio/v1/AddNodeResponse.js';
import type { ClusterStatusRequest as _vstudio_v1_ClusterStatusRequest, ClusterStatusRequest__Output as _vstudio_v1_ClusterStatusRequest__Output } from '../../vstudio/v1/ClusterStatusRequest.js';
import type { ClusterStatusResponse as _vstudio_v1_ClusterStatusResponse, ClusterStatusResponse__Output as _vstudio_v1_ClusterStatusResponse__Output } from '../../vstudio/v1/ClusterStatusResponse.js';
import type { EncryptionStatusRequest as _vstudio_v1_EncryptionStatusRequest, EncryptionStatusRequest__Output as _vstudio_v1_EncryptionStatusRequest__Output } from '../../vstudio/v1/EncryptionStatusRequest.js';
import type { EncryptionStatusResponse as _vstudio_v1_EncryptionStatusResponse, EncryptionStatusResponse__Output as _vstudio_v1_EncryptionStatusResponse__Output } from '../../vstudio/v1/EncryptionStatusResponse.js';
import type { JoinClusterRequest as _vstudio_v1_JoinClusterRequest, JoinClusterRequest__Output as _vstudio_v1_JoinClusterRequest__Output } from '../../vstudio/v1/JoinClusterRequest.js';
import type { JoinClusterResponse as _vstudio_v1_JoinClusterResponse, JoinClusterResponse__Output as _vstudio_v1_JoinClusterResponse__Output } from '../../vstudio/v1/JoinClusterResponse.js';
import type { ListOperatorsRequest as _vstudio_v1_ListOperatorsRequest, ListOperatorsRequest__Output as _vstudio_v1_ListOperatorsRequest__Output } from '../../vstudio/v1/ListOperatorsRequest.js';
import type { ListOperatorsResponse as _vstudio_v1_ListOperatorsResponse, ListOperatorsResponse__Output as _vstudio_v1_ListOperatorsResponse__Output } from '../../vstudio/v1/ListOperatorsResponse.js';
import type { MoveReplicaRequest as _vstudio_v1_MoveReplicaRequest, MoveReplicaRequest__Output as _vstudio_v1_MoveReplicaRequest__Output } from '../../vstudio/v1/MoveReplicaRequest.js';
import type { MoveReplicaResponse as _vstudio_v1_MoveReplicaResponse, MoveReplicaResponse__Output as _vstudio_v1_MoveReplicaResponse__Output } from '../../vstudio/v1/MoveReplicaResponse.js';
import type { RemoveNodeRequest as _vstudio_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _vstudio_v1_RemoveNodeRequest__Output } from '../../vstudio/v1/RemoveNodeRequest.js';
import type { RemoveNodeResponse as _vstudio_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _vstudio_v1_RemoveNodeResponse__Output } from '../../vstudio/v1/RemoveNodeResponse.js';
import type { ReshardRequest as _vstudio_v1_ReshardRequest, ReshardRequest__Output as _vstudio_v1_ReshardRequest__Output } from '../../vstudio/v1/ReshardRequest.js';
import type { ReshardResponse as _vstudio_v1_ReshardResponse, ReshardResponse__Output as _vstudio_v1_ReshardResponse__Output } from '../../vstudio/v1/ReshardResponse.js';
import type { RotateEncryptionRequest as _vstudio_v1_RotateEncryptionRequest, RotateEncryptionRequest__Output as _vstudio_v1_RotateEncryptionRequest__Output } from '../../vstudio/v1/RotateEncryptionRequest.js';
import type { SetNodeStateRequest as _vstudio_v1_SetNodeStateRequest, SetNodeStateRequest__Output as _vstudio_v1_SetNodeStateRequest__Output } from '../../vstudio/v1/SetNodeStateRequest.js';
import type { SetNodeStateResponse as _vstudio_v1_SetNodeStateResponse, SetNodeStateResponse__Output as _vstudio_v1_SetNodeStateResponse__Output } from '../../vstudio/v1/SetNodeStateResponse.js';
import type { TransferLeaderRequest as _vstudio_v1_TransferLeaderRequest, TransferLeaderRequest__Output as _vstudio_v1_TransferLeaderRequest__Output } from '../../vstudio/v1/TransferLeaderRequest.js';
import type { TransferLeaderResponse as _vstudio_v1_TransferLeaderResponse, TransferLeaderResponse__Output as _vstudio_v1_TransferLeaderResponse__Output } from '../../vstudio/v1/TransferLeaderResponse.js';

export interface AdminServiceClient extends grpc.Client {
  /**
   * Adds a node of the cluster to a group: first as a learner, then (unless as_learner) as a voter once it caught up.
   */
  AddNode(argument: _vstudio_v1_AddNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  AddNode(argument: _vstudio_v1_AddNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  AddNode(argument: _vstudio_v1_AddNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  AddNode(argument: _vstudio_v1_AddNodeRequest, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Adds a node of the cluster to a group: first as a learner, then (unless as_learner) as a voter once it caught up.
   */
  addNode(argument: _vstudio_v1_AddNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  addNode(argument: _vstudio_v1_AddNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  addNode(argument: _vstudio_v1_AddNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  addNode(argument: _vstudio_v1_AddNodeRequest, callback: grpc.requestCallback<_vstudio_v1_AddNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The cluster as the meta group's leader sees it (DESIGN.md §8 `cluster status --json`).
   */
  ClusterStatus(argument: _vstudio_v1_ClusterStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  ClusterStatus(argument: _vstudio_v1_ClusterStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  ClusterStatus(argument: _vstudio_v1_ClusterStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  ClusterStatus(argument: _vstudio_v1_ClusterStatusRequest, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The cluster as the meta group's leader sees it (DESIGN.md §8 `cluster status --json`).
   */
  clusterStatus(argument: _vstudio_v1_ClusterStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  clusterStatus(argument: _vstudio_v1_ClusterStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  clusterStatus(argument: _vstudio_v1_ClusterStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  clusterStatus(argument: _vstudio_v1_ClusterStatusRequest, callback: grpc.requestCallback<_vstudio_v1_ClusterStatusResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Encryption at rest of the node called, and the progress of its rotation.
   */
  EncryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  EncryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  EncryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  EncryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Encryption at rest of the node called, and the progress of its rotation.
   */
  encryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  encryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  encryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  encryptionStatus(argument: _vstudio_v1_EncryptionStatusRequest, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * What `serve --join` calls: registers a new node and adds it to the meta group as a learner.
   */
  JoinCluster(argument: _vstudio_v1_JoinClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  JoinCluster(argument: _vstudio_v1_JoinClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  JoinCluster(argument: _vstudio_v1_JoinClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  JoinCluster(argument: _vstudio_v1_JoinClusterRequest, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * What `serve --join` calls: registers a new node and adds it to the meta group as a learner.
   */
  joinCluster(argument: _vstudio_v1_JoinClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  joinCluster(argument: _vstudio_v1_JoinClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  joinCluster(argument: _vstudio_v1_JoinClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  joinCluster(argument: _vstudio_v1_JoinClusterRequest, callback: grpc.requestCallback<_vstudio_v1_JoinClusterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The coordinator's operators under way; `rebalance` runs a planning round first.
   */
  ListOperators(argument: _vstudio_v1_ListOperatorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  ListOperators(argument: _vstudio_v1_ListOperatorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  ListOperators(argument: _vstudio_v1_ListOperatorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  ListOperators(argument: _vstudio_v1_ListOperatorsRequest, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The coordinator's operators under way; `rebalance` runs a planning round first.
   */
  listOperators(argument: _vstudio_v1_ListOperatorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  listOperators(argument: _vstudio_v1_ListOperatorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  listOperators(argument: _vstudio_v1_ListOperatorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  listOperators(argument: _vstudio_v1_ListOperatorsRequest, callback: grpc.requestCallback<_vstudio_v1_ListOperatorsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * `shard move`: the coordinator moves one replica of a group (add on the target, catch up,
   * promote, remove the source). Returns once recorded; watch it with ListOperators.
   */
  MoveReplica(argument: _vstudio_v1_MoveReplicaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  MoveReplica(argument: _vstudio_v1_MoveReplicaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  MoveReplica(argument: _vstudio_v1_MoveReplicaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  MoveReplica(argument: _vstudio_v1_MoveReplicaRequest, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  /**
   * `shard move`: the coordinator moves one replica of a group (add on the target, catch up,
   * promote, remove the source). Returns once recorded; watch it with ListOperators.
   */
  moveReplica(argument: _vstudio_v1_MoveReplicaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  moveReplica(argument: _vstudio_v1_MoveReplicaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  moveReplica(argument: _vstudio_v1_MoveReplicaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  moveReplica(argument: _vstudio_v1_MoveReplicaRequest, callback: grpc.requestCallback<_vstudio_v1_MoveReplicaResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a node from a group's membership; its replica is deleted.
   */
  RemoveNode(argument: _vstudio_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _vstudio_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _vstudio_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _vstudio_v1_RemoveNodeRequest, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a node from a group's membership; its replica is deleted.
   */
  removeNode(argument: _vstudio_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _vstudio_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _vstudio_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _vstudio_v1_RemoveNodeRequest, callback: grpc.requestCallback<_vstudio_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reshards a collection while it serves: `shard split` (a `range` shard at a key) or one more
   * shard for a `consistent` collection. Returns once the coordinator has taken it on; watch it
   * with ListOperators.
   */
  Reshard(argument: _vstudio_v1_ReshardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  Reshard(argument: _vstudio_v1_ReshardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  Reshard(argument: _vstudio_v1_ReshardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  Reshard(argument: _vstudio_v1_ReshardRequest, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reshards a collection while it serves: `shard split` (a `range` shard at a key) or one more
   * shard for a `consistent` collection. Returns once the coordinator has taken it on; watch it
   * with ListOperators.
   */
  reshard(argument: _vstudio_v1_ReshardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  reshard(argument: _vstudio_v1_ReshardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  reshard(argument: _vstudio_v1_ReshardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  reshard(argument: _vstudio_v1_ReshardRequest, callback: grpc.requestCallback<_vstudio_v1_ReshardResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Encryption at rest of the node called (not of the cluster: each node has its own key):
   * starts re-encrypting every stored value under the node's current key, in the background,
   * and returns at once. FAILED_PRECONDITION when the node does not encrypt at rest.
   */
  RotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  RotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  RotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  RotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Encryption at rest of the node called (not of the cluster: each node has its own key):
   * starts re-encrypting every stored value under the node's current key, in the background,
   * and returns at once. FAILED_PRECONDITION when the node does not encrypt at rest.
   */
  rotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  rotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  rotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  rotateEncryption(argument: _vstudio_v1_RotateEncryptionRequest, callback: grpc.requestCallback<_vstudio_v1_EncryptionStatusResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * `node drain` (state "draining"), `node remove` ("removed"), undoing a drain ("active").
   */
  SetNodeState(argument: _vstudio_v1_SetNodeStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  SetNodeState(argument: _vstudio_v1_SetNodeStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  SetNodeState(argument: _vstudio_v1_SetNodeStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  SetNodeState(argument: _vstudio_v1_SetNodeStateRequest, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * `node drain` (state "draining"), `node remove` ("removed"), undoing a drain ("active").
   */
  setNodeState(argument: _vstudio_v1_SetNodeStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  setNodeState(argument: _vstudio_v1_SetNodeStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  setNodeState(argument: _vstudio_v1_SetNodeStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  setNodeState(argument: _vstudio_v1_SetNodeStateRequest, callback: grpc.requestCallback<_vstudio_v1_SetNodeStateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Hands a group's leadership to one of its voters; returns once that voter leads.
   */
  TransferLeader(argument: _vstudio_v1_TransferLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _vstudio_v1_TransferLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _vstudio_v1_TransferLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _vstudio_v1_TransferLeaderRequest, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Hands a group's leadership to one of its voters; returns once that voter leads.
   */
  transferLeader(argument: _vstudio_v1_TransferLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _vstudio_v1_TransferLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _vstudio_v1_TransferLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _vstudio_v1_TransferLeaderRequest, callback: grpc.requestCallback<_vstudio_v1_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Adds a node of the cluster to a group: first as a learner, then (unless as_learner) as a voter once it caught up.
   */
  AddNode: grpc.handleUnaryCall<_vstudio_v1_AddNodeRequest__Output, _vstudio_v1_AddNodeResponse>;
  
  /**
   * The cluster as the meta group's leader sees it (DESIGN.md §8 `cluster status --json`).
   */
  ClusterStatus: grpc.handleUnaryCall<_vstudio_v1_ClusterStatusRequest__Output, _vstudio_v1_ClusterStatusResponse>;
  
  /**
   * Encryption at rest of the node called, and the progress of its rotation.
   */
  EncryptionStatus: grpc.handleUnaryCall<_vstudio_v1_EncryptionStatusRequest__Output, _vstudio_v1_EncryptionStatusResponse>;
  
  /**
   * What `serve --join` calls: registers a new node and adds it to the meta group as a learner.
   */
  JoinCluster: grpc.handleUnaryCall<_vstudio_v1_JoinClusterRequest__Output, _vstudio_v1_JoinClusterResponse>;
  
  /**
   * The coordinator's operators under way; `rebalance` runs a planning round first.
   */
  ListOperators: grpc.handleUnaryCall<_vstudio_v1_ListOperatorsRequest__Output, _vstudio_v1_ListOperatorsResponse>;
  
  /**
   * `shard move`: the coordinator moves one replica of a group (add on the target, catch up,
   * promote, remove the source). Returns once recorded; watch it with ListOperators.
   */
  MoveReplica: grpc.handleUnaryCall<_vstudio_v1_MoveReplicaRequest__Output, _vstudio_v1_MoveReplicaResponse>;
  
  /**
   * Removes a node from a group's membership; its replica is deleted.
   */
  RemoveNode: grpc.handleUnaryCall<_vstudio_v1_RemoveNodeRequest__Output, _vstudio_v1_RemoveNodeResponse>;
  
  /**
   * Reshards a collection while it serves: `shard split` (a `range` shard at a key) or one more
   * shard for a `consistent` collection. Returns once the coordinator has taken it on; watch it
   * with ListOperators.
   */
  Reshard: grpc.handleUnaryCall<_vstudio_v1_ReshardRequest__Output, _vstudio_v1_ReshardResponse>;
  
  /**
   * Encryption at rest of the node called (not of the cluster: each node has its own key):
   * starts re-encrypting every stored value under the node's current key, in the background,
   * and returns at once. FAILED_PRECONDITION when the node does not encrypt at rest.
   */
  RotateEncryption: grpc.handleUnaryCall<_vstudio_v1_RotateEncryptionRequest__Output, _vstudio_v1_EncryptionStatusResponse>;
  
  /**
   * `node drain` (state "draining"), `node remove` ("removed"), undoing a drain ("active").
   */
  SetNodeState: grpc.handleUnaryCall<_vstudio_v1_SetNodeStateRequest__Output, _vstudio_v1_SetNodeStateResponse>;
  
  /**
   * Hands a group's leadership to one of its voters; returns once that voter leads.
   */
  TransferLeader: grpc.handleUnaryCall<_vstudio_v1_TransferLeaderRequest__Output, _vstudio_v1_TransferLeaderResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  AddNode: MethodDefinition<_vstudio_v1_AddNodeRequest, _vstudio_v1_AddNodeResponse, _vstudio_v1_AddNodeRequest__Output, _vstudio_v1_AddNodeResponse__Output>
  ClusterStatus: MethodDefinition<_vstudio_v1_ClusterStatusRequest, _vstudio_v1_ClusterStatusResponse, _vstudio_v1_ClusterStatusRequest__Output, _vstudio_v1_ClusterStatusResponse__Output>
  EncryptionStatus: MethodDefinition<_vstudio_v1_EncryptionStatusRequest, _vstudio_v1_EncryptionStatusResponse, _vstudio_v1_EncryptionStatusRequest__Output, _vstudio_v1_EncryptionStatusResponse__Output>
  JoinCluster: MethodDefinition<_vstudio_v1_JoinClusterRequest, _vstudio_v1_JoinClusterResponse, _vstudio_v1_JoinClusterRequest__Output, _vstudio_v1_JoinClusterResponse__Output>
  ListOperators: MethodDefinition<_vstudio_v1_ListOperatorsRequest, _vstudio_v1_ListOperatorsResponse, _vstudio_v1_ListOperatorsRequest__Output, _vstudio_v1_ListOperatorsResponse__Output>
  MoveReplica: MethodDefinition<_vstudio_v1_MoveReplicaRequest, _vstudio_v1_MoveReplicaResponse, _vstudio_v1_MoveReplicaRequest__Output, _vstudio_v1_MoveReplicaResponse__Output>
  RemoveNode: MethodDefinition<_vstudio_v1_RemoveNodeRequest, _vstudio_v1_RemoveNodeResponse, _vstudio_v1_RemoveNodeRequest__Output, _vstudio_v1_RemoveNodeResponse__Output>
  Reshard: MethodDefinition<_vstudio_v1_ReshardRequest, _vstudio_v1_ReshardResponse, _vstudio_v1_ReshardRequest__Output, _vstudio_v1_ReshardResponse__Output>
  RotateEncryption: MethodDefinition<_vstudio_v1_RotateEncryptionRequest, _vstudio_v1_EncryptionStatusResponse, _vstudio_v1_RotateEncryptionRequest__Output, _vstudio_v1_EncryptionStatusResponse__Output>
  SetNodeState: MethodDefinition<_vstudio_v1_SetNodeStateRequest, _vstudio_v1_SetNodeStateResponse, _vstudio_v1_SetNodeStateRequest__Output, _vstudio_v1_SetNodeStateResponse__Output>
  TransferLeader: MethodDefinition<_vstudio_v1_TransferLeaderRequest, _vstudio_v1_TransferLeaderResponse, _vstudio_v1_TransferLeaderRequest__Output, _vstudio_v1_TransferLeaderResponse__Output>
}
