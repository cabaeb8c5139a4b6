import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct.js';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value.js';
import type { CollectionInfo as _vstudio_v1_CollectionInfo, CollectionInfo__Output as _vstudio_v1_CollectionInfo__Output } from './vstudio/v1/CollectionInfo.js';
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
import type { GetRequest as _vstudio_v1_GetRequest, GetRequest__Output as _vstudio_v1_GetRequest__Output } from './vstudio/v1/GetRequest.js';
import type { GetResponse as _vstudio_v1_GetResponse, GetResponse__Output as _vstudio_v1_GetResponse__Output } from './vstudio/v1/GetResponse.js';
import type { Hit as _vstudio_v1_Hit, Hit__Output as _vstudio_v1_Hit__Output } from './vstudio/v1/Hit.js';
import type { ItemResult as _vstudio_v1_ItemResult, ItemResult__Output as _vstudio_v1_ItemResult__Output } from './vstudio/v1/ItemResult.js';
import type { ListCollectionsRequest as _vstudio_v1_ListCollectionsRequest, ListCollectionsRequest__Output as _vstudio_v1_ListCollectionsRequest__Output } from './vstudio/v1/ListCollectionsRequest.js';
import type { ListCollectionsResponse as _vstudio_v1_ListCollectionsResponse, ListCollectionsResponse__Output as _vstudio_v1_ListCollectionsResponse__Output } from './vstudio/v1/ListCollectionsResponse.js';
import type { MissingShard as _vstudio_v1_MissingShard, MissingShard__Output as _vstudio_v1_MissingShard__Output } from './vstudio/v1/MissingShard.js';
import type { ReadOptions as _vstudio_v1_ReadOptions, ReadOptions__Output as _vstudio_v1_ReadOptions__Output } from './vstudio/v1/ReadOptions.js';
import type { Record as _vstudio_v1_Record, Record__Output as _vstudio_v1_Record__Output } from './vstudio/v1/Record.js';
import type { SearchRequest as _vstudio_v1_SearchRequest, SearchRequest__Output as _vstudio_v1_SearchRequest__Output } from './vstudio/v1/SearchRequest.js';
import type { SearchResponse as _vstudio_v1_SearchResponse, SearchResponse__Output as _vstudio_v1_SearchResponse__Output } from './vstudio/v1/SearchResponse.js';
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
      CollectionInfo: MessageTypeDefinition<_vstudio_v1_CollectionInfo, _vstudio_v1_CollectionInfo__Output>
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
      GetRequest: MessageTypeDefinition<_vstudio_v1_GetRequest, _vstudio_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_vstudio_v1_GetResponse, _vstudio_v1_GetResponse__Output>
      Hit: MessageTypeDefinition<_vstudio_v1_Hit, _vstudio_v1_Hit__Output>
      ItemResult: MessageTypeDefinition<_vstudio_v1_ItemResult, _vstudio_v1_ItemResult__Output>
      ItemStatus: EnumTypeDefinition
      ListCollectionsRequest: MessageTypeDefinition<_vstudio_v1_ListCollectionsRequest, _vstudio_v1_ListCollectionsRequest__Output>
      ListCollectionsResponse: MessageTypeDefinition<_vstudio_v1_ListCollectionsResponse, _vstudio_v1_ListCollectionsResponse__Output>
      Metric: EnumTypeDefinition
      MissingShard: MessageTypeDefinition<_vstudio_v1_MissingShard, _vstudio_v1_MissingShard__Output>
      ReadOptions: MessageTypeDefinition<_vstudio_v1_ReadOptions, _vstudio_v1_ReadOptions__Output>
      Record: MessageTypeDefinition<_vstudio_v1_Record, _vstudio_v1_Record__Output>
      SearchRequest: MessageTypeDefinition<_vstudio_v1_SearchRequest, _vstudio_v1_SearchRequest__Output>
      SearchResponse: MessageTypeDefinition<_vstudio_v1_SearchResponse, _vstudio_v1_SearchResponse__Output>
      UpdateCollectionRequest: MessageTypeDefinition<_vstudio_v1_UpdateCollectionRequest, _vstudio_v1_UpdateCollectionRequest__Output>
      UpdateCollectionResponse: MessageTypeDefinition<_vstudio_v1_UpdateCollectionResponse, _vstudio_v1_UpdateCollectionResponse__Output>
      UpsertItem: MessageTypeDefinition<_vstudio_v1_UpsertItem, _vstudio_v1_UpsertItem__Output>
      UpsertRequest: MessageTypeDefinition<_vstudio_v1_UpsertRequest, _vstudio_v1_UpsertRequest__Output>
      UpsertResponse: MessageTypeDefinition<_vstudio_v1_UpsertResponse, _vstudio_v1_UpsertResponse__Output>
      VectorService: SubtypeConstructor<typeof grpc.Client, _vstudio_v1_VectorServiceClient> & { service: _vstudio_v1_VectorServiceDefinition }
    }
  }
}

