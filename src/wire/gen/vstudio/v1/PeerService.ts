// Original file: proto/vstudio/v1/peer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdminRequest as _vstudio_v1_AdminRequest, AdminRequest__Output as _vstudio_v1_AdminRequest__Output } from '../../vstudio/v1/AdminRequest.js';
import type { AdminResponse as _vstudio_v1_AdminResponse, AdminResponse__Output as _vstudio_v1_AdminResponse__Output } from '../../vstudio/v1/AdminResponse.js';
import type { InstallSnapshotResponse as _vstudio_v1_InstallSnapshotResponse, InstallSnapshotResponse__Output as _vstudio_v1_InstallSnapshotResponse__Output } from '../../vstudio/v1/InstallSnapshotResponse.js';
import type { NodeStatusRequest as _vstudio_v1_NodeStatusRequest, NodeStatusRequest__Output as _vstudio_v1_NodeStatusRequest__Output } from '../../vstudio/v1/NodeStatusRequest.js';
import type { NodeStatusResponse as _vstudio_v1_NodeStatusResponse, NodeStatusResponse__Output as _vstudio_v1_NodeStatusResponse__Output } from '../../vstudio/v1/NodeStatusResponse.js';
import type { ProposeRequest as _vstudio_v1_ProposeRequest, ProposeRequest__Output as _vstudio_v1_ProposeRequest__Output } from '../../vstudio/v1/ProposeRequest.js';
import type { ProposeResponse as _vstudio_v1_ProposeResponse, ProposeResponse__Output as _vstudio_v1_ProposeResponse__Output } from '../../vstudio/v1/ProposeResponse.js';
import type { RaftBatch as _vstudio_v1_RaftBatch, RaftBatch__Output as _vstudio_v1_RaftBatch__Output } from '../../vstudio/v1/RaftBatch.js';
import type { ReadRequest as _vstudio_v1_ReadRequest, ReadRequest__Output as _vstudio_v1_ReadRequest__Output } from '../../vstudio/v1/ReadRequest.js';
import type { ReadResponse as _vstudio_v1_ReadResponse, ReadResponse__Output as _vstudio_v1_ReadResponse__Output } from '../../vstudio/v1/ReadResponse.js';
import type { SnapshotChunk as _vstudio_v1_SnapshotChunk, SnapshotChunk__Output as _vstudio_v1_SnapshotChunk__Output } from '../../vstudio/v1/SnapshotChunk.js';
import type { SnapshotOffsetRequest as _vstudio_v1_SnapshotOffsetRequest, SnapshotOffsetRequest__Output as _vstudio_v1_SnapshotOffsetRequest__Output } from '../../vstudio/v1/SnapshotOffsetRequest.js';
import type { SnapshotOffsetResponse as _vstudio_v1_SnapshotOffsetResponse, SnapshotOffsetResponse__Output as _vstudio_v1_SnapshotOffsetResponse__Output } from '../../vstudio/v1/SnapshotOffsetResponse.js';

export interface PeerServiceClient extends grpc.Client {
  Admin(argument: _vstudio_v1_AdminRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  Admin(argument: _vstudio_v1_AdminRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  Admin(argument: _vstudio_v1_AdminRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  Admin(argument: _vstudio_v1_AdminRequest, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  admin(argument: _vstudio_v1_AdminRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  admin(argument: _vstudio_v1_AdminRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  admin(argument: _vstudio_v1_AdminRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  admin(argument: _vstudio_v1_AdminRequest, callback: grpc.requestCallback<_vstudio_v1_AdminResponse__Output>): grpc.ClientUnaryCall;
  
  InstallSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  InstallSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  InstallSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  InstallSnapshot(callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  installSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  installSnapshot(callback: grpc.requestCallback<_vstudio_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_vstudio_v1_SnapshotChunk>;
  
  /**
   * What this node knows of the groups it hosts (cluster status gathers it from every node).
   */
  NodeStatus(argument: _vstudio_v1_NodeStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  NodeStatus(argument: _vstudio_v1_NodeStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  NodeStatus(argument: _vstudio_v1_NodeStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  NodeStatus(argument: _vstudio_v1_NodeStatusRequest, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * What this node knows of the groups it hosts (cluster status gathers it from every node).
   */
  nodeStatus(argument: _vstudio_v1_NodeStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  nodeStatus(argument: _vstudio_v1_NodeStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  nodeStatus(argument: _vstudio_v1_NodeStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  nodeStatus(argument: _vstudio_v1_NodeStatusRequest, callback: grpc.requestCallback<_vstudio_v1_NodeStatusResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Requests a node forwards to the replica that must serve them (already validated and
   * authorized by the node the client called). Served locally or refused; never forwarded again.
   */
  Propose(argument: _vstudio_v1_ProposeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _vstudio_v1_ProposeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _vstudio_v1_ProposeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  Propose(argument: _vstudio_v1_ProposeRequest, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Requests a node forwards to the replica that must serve them (already validated and
   * authorized by the node the client called). Served locally or refused; never forwarded again.
   */
  propose(argument: _vstudio_v1_ProposeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _vstudio_v1_ProposeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _vstudio_v1_ProposeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  propose(argument: _vstudio_v1_ProposeRequest, callback: grpc.requestCallback<_vstudio_v1_ProposeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * One long-lived stream per pair of nodes (the lower id dials), used in both directions. Each
   * batch carries the Raft messages of every group from one scheduler pass, so the heartbeats of
   * all groups to one peer travel in one batch per tick.
   */
  Raft(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch__Output>;
  Raft(options?: grpc.CallOptions): grpc.ClientDuplexStream<_vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch__Output>;
  /**
   * One long-lived stream per pair of nodes (the lower id dials), used in both directions. Each
   * batch carries the Raft messages of every group from one scheduler pass, so the heartbeats of
   * all groups to one peer travel in one batch per tick.
   */
  raft(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch__Output>;
  raft(options?: grpc.CallOptions): grpc.ClientDuplexStream<_vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch__Output>;
  
  Read(argument: _vstudio_v1_ReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _vstudio_v1_ReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _vstudio_v1_ReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _vstudio_v1_ReadRequest, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _vstudio_v1_ReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _vstudio_v1_ReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _vstudio_v1_ReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _vstudio_v1_ReadRequest, callback: grpc.requestCallback<_vstudio_v1_ReadResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A state machine snapshot in chunks. The sender first asks SnapshotOffset, then streams from
   * there: a transfer cut by a reconnect resumes instead of restarting.
   */
  SnapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  SnapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  SnapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  SnapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A state machine snapshot in chunks. The sender first asks SnapshotOffset, then streams from
   * there: a transfer cut by a reconnect resumes instead of restarting.
   */
  snapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  snapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  snapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  snapshotOffset(argument: _vstudio_v1_SnapshotOffsetRequest, callback: grpc.requestCallback<_vstudio_v1_SnapshotOffsetResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface PeerServiceHandlers extends grpc.UntypedServiceImplementation {
  Admin: grpc.handleUnaryCall<_vstudio_v1_AdminRequest__Output, _vstudio_v1_AdminResponse>;
  
  InstallSnapshot: grpc.handleClientStreamingCall<_vstudio_v1_SnapshotChunk__Output, _vstudio_v1_InstallSnapshotResponse>;
  
  /**
   * What this node knows of the groups it hosts (cluster status gathers it from every node).
   */
  NodeStatus: grpc.handleUnaryCall<_vstudio_v1_NodeStatusRequest__Output, _vstudio_v1_NodeStatusResponse>;
  
  /**
   * Requests a node forwards to the replica that must serve them (already validated and
   * authorized by the node the client called). Served locally or refused; never forwarded again.
   */
  Propose: grpc.handleUnaryCall<_vstudio_v1_ProposeRequest__Output, _vstudio_v1_ProposeResponse>;
  
  /**
   * One long-lived stream per pair of nodes (the lower id dials), used in both directions. Each
   * batch carries the Raft messages of every group from one scheduler pass, so the heartbeats of
   * all groups to one peer travel in one batch per tick.
   */
  Raft: grpc.handleBidiStreamingCall<_vstudio_v1_RaftBatch__Output, _vstudio_v1_RaftBatch>;
  
  Read: grpc.handleUnaryCall<_vstudio_v1_ReadRequest__Output, _vstudio_v1_ReadResponse>;
  
  /**
   * A state machine snapshot in chunks. The sender first asks SnapshotOffset, then streams from
   * there: a transfer cut by a reconnect resumes instead of restarting.
   */
  SnapshotOffset: grpc.handleUnaryCall<_vstudio_v1_SnapshotOffsetRequest__Output, _vstudio_v1_SnapshotOffsetResponse>;
  
}

export interface PeerServiceDefinition extends grpc.ServiceDefinition {
  Admin: MethodDefinition<_vstudio_v1_AdminRequest, _vstudio_v1_AdminResponse, _vstudio_v1_AdminRequest__Output, _vstudio_v1_AdminResponse__Output>
  InstallSnapshot: MethodDefinition<_vstudio_v1_SnapshotChunk, _vstudio_v1_InstallSnapshotResponse, _vstudio_v1_SnapshotChunk__Output, _vstudio_v1_InstallSnapshotResponse__Output>
  NodeStatus: MethodDefinition<_vstudio_v1_NodeStatusRequest, _vstudio_v1_NodeStatusResponse, _vstudio_v1_NodeStatusRequest__Output, _vstudio_v1_NodeStatusResponse__Output>
  Propose: MethodDefinition<_vstudio_v1_ProposeRequest, _vstudio_v1_ProposeResponse, _vstudio_v1_ProposeRequest__Output, _vstudio_v1_ProposeResponse__Output>
  Raft: MethodDefinition<_vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch, _vstudio_v1_RaftBatch__Output, _vstudio_v1_RaftBatch__Output>
  Read: MethodDefinition<_vstudio_v1_ReadRequest, _vstudio_v1_ReadResponse, _vstudio_v1_ReadRequest__Output, _vstudio_v1_ReadResponse__Output>
  SnapshotOffset: MethodDefinition<_vstudio_v1_SnapshotOffsetRequest, _vstudio_v1_SnapshotOffsetResponse, _vstudio_v1_SnapshotOffsetRequest__Output, _vstudio_v1_SnapshotOffsetResponse__Output>
}
