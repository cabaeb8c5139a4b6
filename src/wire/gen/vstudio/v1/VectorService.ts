// Original file: proto/vstudio/v1/vector.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CountRequest as _vstudio_v1_CountRequest, CountRequest__Output as _vstudio_v1_CountRequest__Output } from '../../vstudio/v1/CountRequest.js';
import type { CountResponse as _vstudio_v1_CountResponse, CountResponse__Output as _vstudio_v1_CountResponse__Output } from '../../vstudio/v1/CountResponse.js';
import type { CreateCollectionRequest as _vstudio_v1_CreateCollectionRequest, CreateCollectionRequest__Output as _vstudio_v1_CreateCollectionRequest__Output } from '../../vstudio/v1/CreateCollectionRequest.js';
import type { CreateCollectionResponse as _vstudio_v1_CreateCollectionResponse, CreateCollectionResponse__Output as _vstudio_v1_CreateCollectionResponse__Output } from '../../vstudio/v1/CreateCollectionResponse.js';
import type { DeleteRequest as _vstudio_v1_DeleteRequest, DeleteRequest__Output as _vstudio_v1_DeleteRequest__Output } from '../../vstudio/v1/DeleteRequest.js';
import type { DeleteResponse as _vstudio_v1_DeleteResponse, DeleteResponse__Output as _vstudio_v1_DeleteResponse__Output } from '../../vstudio/v1/DeleteResponse.js';
import type { DescribeCollectionRequest as _vstudio_v1_DescribeCollectionRequest, DescribeCollectionRequest__Output as _vstudio_v1_DescribeCollectionRequest__Output } from '../../vstudio/v1/DescribeCollectionRequest.js';
import type { DescribeCollectionResponse as _vstudio_v1_DescribeCollectionResponse, DescribeCollectionResponse__Output as _vstudio_v1_DescribeCollectionResponse__Output } from '../../vstudio/v1/DescribeCollectionResponse.js';
import type { DropCollectionRequest as _vstudio_v1_DropCollectionRequest, DropCollectionRequest__Output as _vstudio_v1_DropCollectionRequest__Output } from '../../vstudio/v1/DropCollectionRequest.js';
import type { DropCollectionResponse as _vstudio_v1_DropCollectionResponse, DropCollectionResponse__Output as _vstudio_v1_DropCollectionResponse__Output } from '../../vstudio/v1/DropCollectionResponse.js';
import type { GetRequest as _vstudio_v1_GetRequest, GetRequest__Output as _vstudio_v1_GetRequest__Output } from '../../vstudio/v1/GetRequest.js';
import type { GetResponse as _vstudio_v1_GetResponse, GetResponse__Output as _vstudio_v1_GetResponse__Output } from '../../vstudio/v1/GetResponse.js';
import type { ListCollectionsRequest as _vstudio_v1_ListCollectionsRequest, ListCollectionsRequest__Output as _vstudio_v1_ListCollectionsRequest__Output } from '../../vstudio/v1/ListCollectionsRequest.js';
import type { ListCollectionsResponse as _vstudio_v1_ListCollectionsResponse, ListCollectionsResponse__Output as _vstudio_v1_ListCollectionsResponse__Output } from '../../vstudio/v1/ListCollectionsResponse.js';
import type { SearchRequest as _vstudio_v1_SearchRequest, SearchRequest__Output as _vstudio_v1_SearchRequest__Output } from '../../vstudio/v1/SearchRequest.js';
import type { SearchResponse as _vstudio_v1_SearchResponse, SearchResponse__Output as _vstudio_v1_SearchResponse__Output } from '../../vstudio/v1/SearchResponse.js';
import type { UpdateCollectionRequest as _vstudio_v1_UpdateCollectionRequest, UpdateCollectionRequest__Output as _vstudio_v1_UpdateCollectionRequest__Output } from '../../vstudio/v1/UpdateCollectionRequest.js';
import type { UpdateCollectionResponse as _vstudio_v1_UpdateCollectionResponse, UpdateCollectionResponse__Output as _vstudio_v1_UpdateCollectionResponse__Output } from '../../vstudio/v1/UpdateCollectionResponse.js';
import type { UpsertRequest as _vstudio_v1_UpsertRequest, UpsertRequest__Output as _vstudio_v1_UpsertRequest__Output } from '../../vstudio/v1/UpsertRequest.js';
import type { UpsertResponse as _vstudio_v1_UpsertResponse, UpsertResponse__Output as _vstudio_v1_UpsertResponse__Output } from '../../vstudio/v1/UpsertResponse.js';

export interface VectorServiceClient extends grpc.Client {
  Count(argument: _vstudio_v1_CountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  Count(argument: _vstudio_v1_CountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  Count(argument: _vstudio_v1_CountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  Count(argument: _vstudio_v1_CountRequest, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  count(argument: _vstudio_v1_CountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  count(argument: _vstudio_v1_CountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  count(argument: _vstudio_v1_CountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  count(argument: _vstudio_v1_CountRequest, callback: grpc.requestCallback<_vstudio_v1_CountResponse__Output>): grpc.ClientUnaryCall;
  
  CreateCollection(argument: _vstudio_v1_CreateCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  CreateCollection(argument: _vstudio_v1_CreateCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  CreateCollection(argument: _vstudio_v1_CreateCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  CreateCollection(argument: _vstudio_v1_CreateCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  createCollection(argument: _vstudio_v1_CreateCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  createCollection(argument: _vstudio_v1_CreateCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  createCollection(argument: _vstudio_v1_CreateCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  createCollection(argument: _vstudio_v1_CreateCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_CreateCollectionResponse__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _vstudio_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _vstudio_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _vstudio_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _vstudio_v1_DeleteRequest, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _vstudio_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _vstudio_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _vstudio_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _vstudio_v1_DeleteRequest, callback: grpc.requestCallback<_vstudio_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeCollection(argument: _vstudio_v1_DescribeCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  DescribeCollection(argument: _vstudio_v1_DescribeCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  DescribeCollection(argument: _vstudio_v1_DescribeCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  DescribeCollection(argument: _vstudio_v1_DescribeCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  describeCollection(argument: _vstudio_v1_DescribeCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  describeCollection(argument: _vstudio_v1_DescribeCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  describeCollection(argument: _vstudio_v1_DescribeCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  describeCollection(argument: _vstudio_v1_DescribeCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_DescribeCollectionResponse__Output>): grpc.ClientUnaryCall;
  
  DropCollection(argument: _vstudio_v1_DropCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  DropCollection(argument: _vstudio_v1_DropCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  DropCollection(argument: _vstudio_v1_DropCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  DropCollection(argument: _vstudio_v1_DropCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  dropCollection(argument: _vstudio_v1_DropCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  dropCollection(argument: _vstudio_v1_DropCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  dropCollection(argument: _vstudio_v1_DropCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  dropCollection(argument: _vstudio_v1_DropCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_DropCollectionResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _vstudio_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _vstudio_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _vstudio_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _vstudio_v1_GetRequest, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _vstudio_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _vstudio_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _vstudio_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _vstudio_v1_GetRequest, callback: grpc.requestCallback<_vstudio_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  ListCollections(argument: _vstudio_v1_ListCollectionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  ListCollections(argument: _vstudio_v1_ListCollectionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  ListCollections(argument: _vstudio_v1_ListCollectionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  ListCollections(argument: _vstudio_v1_ListCollectionsRequest, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  listCollections(argument: _vstudio_v1_ListCollectionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  listCollections(argument: _vstudio_v1_ListCollectionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  listCollections(argument: _vstudio_v1_ListCollectionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  listCollections(argument: _vstudio_v1_ListCollectionsRequest, callback: grpc.requestCallback<_vstudio_v1_ListCollectionsResponse__Output>): grpc.ClientUnaryCall;
  
  Search(argument: _vstudio_v1_SearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  Search(argument: _vstudio_v1_SearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  Search(argument: _vstudio_v1_SearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  Search(argument: _vstudio_v1_SearchRequest, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _vstudio_v1_SearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _vstudio_v1_SearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _vstudio_v1_SearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _vstudio_v1_SearchRequest, callback: grpc.requestCallback<_vstudio_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateCollection(argument: _vstudio_v1_UpdateCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  UpdateCollection(argument: _vstudio_v1_UpdateCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  UpdateCollection(argument: _vstudio_v1_UpdateCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  UpdateCollection(argument: _vstudio_v1_UpdateCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  updateCollection(argument: _vstudio_v1_UpdateCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  updateCollection(argument: _vstudio_v1_UpdateCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  updateCollection(argument: _vstudio_v1_UpdateCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  updateCollection(argument: _vstudio_v1_UpdateCollectionRequest, callback: grpc.requestCallback<_vstudio_v1_UpdateCollectionResponse__Output>): grpc.ClientUnaryCall;
  
  Upsert(argument: _vstudio_v1_UpsertRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  Upsert(argument: _vstudio_v1_UpsertRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  Upsert(argument: _vstudio_v1_UpsertRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  Upsert(argument: _vstudio_v1_UpsertRequest, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  upsert(argument: _vstudio_v1_UpsertRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  upsert(argument: _vstudio_v1_UpsertRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  upsert(argument: _vstudio_v1_UpsertRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  upsert(argument: _vstudio_v1_UpsertRequest, callback: grpc.requestCallback<_vstudio_v1_UpsertResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface VectorServiceHandlers extends grpc.UntypedServiceImplementation {
  Count: grpc.handleUnaryCall<_vstudio_v1_CountRequest__Output, _vstudio_v1_CountResponse>;
  
  CreateCollection: grpc.handleUnaryCall<_vstudio_v1_CreateCollectionRequest__Output, _vstudio_v1_CreateCollectionResponse>;
  
  Delete: grpc.handleUnaryCall<_vstudio_v1_DeleteRequest__Output, _vstudio_v1_DeleteResponse>;
  
  DescribeCollection: grpc.handleUnaryCall<_vstudio_v1_DescribeCollectionRequest__Output, _vstudio_v1_DescribeCollectionResponse>;
  
  DropCollection: grpc.handleUnaryCall<_vstudio_v1_DropCollectionRequest__Output, _vstudio_v1_DropCollectionResponse>;
  
  Get: grpc.handleUnaryCall<_vstudio_v1_GetRequest__Output, _vstudio_v1_GetResponse>;
  
  ListCollections: grpc.handleUnaryCall<_vstudio_v1_ListCollectionsRequest__Output, _vstudio_v1_ListCollectionsResponse>;
  
  Search: grpc.handleUnaryCall<_vstudio_v1_SearchRequest__Output, _vstudio_v1_SearchResponse>;
  
  UpdateCollection: grpc.handleUnaryCall<_vstudio_v1_UpdateCollectionRequest__Output, _vstudio_v1_UpdateCollectionResponse>;
  
  Upsert: grpc.handleUnaryCall<_vstudio_v1_UpsertRequest__Output, _vstudio_v1_UpsertResponse>;
  
}

export interface VectorServiceDefinition extends grpc.ServiceDefinition {
  Count: MethodDefinition<_vstudio_v1_CountRequest, _vstudio_v1_CountResponse, _vstudio_v1_CountRequest__Output, _vstudio_v1_CountResponse__Output>
  CreateCollection: MethodDefinition<_vstudio_v1_CreateCollectionRequest, _vstudio_v1_CreateCollectionResponse, _vstudio_v1_CreateCollectionRequest__Output, _vstudio_v1_CreateCollectionResponse__Output>
  Delete: MethodDefinition<_vstudio_v1_DeleteRequest, _vstudio_v1_DeleteResponse, _vstudio_v1_DeleteRequest__Output, _vstudio_v1_DeleteResponse__Output>
  DescribeCollection: MethodDefinition<_vstudio_v1_DescribeCollectionRequest, _vstudio_v1_DescribeCollectionResponse, _vstudio_v1_DescribeCollectionRequest__Output, _vstudio_v1_DescribeCollectionResponse__Output>
  DropCollection: MethodDefinition<_vstudio_v1_DropCollectionRequest, _vstudio_v1_DropCollectionResponse, _vstudio_v1_DropCollectionRequest__Output, _vstudio_v1_DropCollectionResponse__Output>
  Get: MethodDefinition<_vstudio_v1_GetRequest, _vstudio_v1_GetResponse, _vstudio_v1_GetRequest__Output, _vstudio_v1_GetResponse__Output>
  ListCollections: MethodDefinition<_vstudio_v1_ListCollectionsRequest, _vstudio_v1_ListCollectionsResponse, _vstudio_v1_ListCollectionsRequest__Output, _vstudio_v1_ListCollectionsResponse__Output>
  Search: MethodDefinition<_vstudio_v1_SearchRequest, _vstudio_v1_SearchResponse, _vstudio_v1_SearchRequest__Output, _vstudio_v1_SearchResponse__Output>
  UpdateCollection: MethodDefinition<_vstudio_v1_UpdateCollectionRequest, _vstudio_v1_UpdateCollectionResponse, _vstudio_v1_UpdateCollectionRequest__Output, _vstudio_v1_UpdateCollectionResponse__Output>
  Upsert: MethodDefinition<_vstudio_v1_UpsertRequest, _vstudio_v1_UpsertResponse, _vstudio_v1_UpsertRequest__Output, _vstudio_v1_UpsertResponse__Output>
}
