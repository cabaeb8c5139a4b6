// Original file: proto/vstudio/v1/peer.proto

import type { ReadOptions as _vstudio_v1_ReadOptions, ReadOptions__Output as _vstudio_v1_ReadOptions__Output } from '../../vstudio/v1/ReadOptions.js';
import type { GetRequest as _vstudio_v1_GetRequest, GetRequest__Output as _vstudio_v1_GetRequest__Output } from '../../vstudio/v1/GetRequest.js';
import type { SearchRequest as _vstudio_v1_SearchRequest, SearchRequest__Output as _vstudio_v1_SearchRequest__Output } from '../../vstudio/v1/SearchRequest.js';
import type { CountRequest as _vstudio_v1_CountRequest, CountRequest__Output as _vstudio_v1_CountRequest__Output } from '../../vstudio/v1/CountRequest.js';
import type { ScanPageRequest as _vstudio_v1_ScanPageRequest, ScanPageRequest__Output as _vstudio_v1_ScanPageRequest__Output } from '../../vstudio/v1/ScanPageRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface ReadRequest {
  'groupId'?: (number | string | Long);
  'read'?: (_vstudio_v1_ReadOptions | null);
  'get'?: (_vstudio_v1_GetRequest | null);
  'search'?: (_vstudio_v1_SearchRequest | null);
  'count'?: (_vstudio_v1_CountRequest | null);
  /**
   * as in ProposeRequest
   */
  'epoch'?: (number | string | Long);
  'scan'?: (_vstudio_v1_ScanPageRequest | null);
  'request'?: "get"|"search"|"count"|"scan";
}

export interface ReadRequest__Output {
  'groupId': (number);
  'read': (_vstudio_v1_ReadOptions__Output | null);
  'get'?: (_vstudio_v1_GetRequest__Output | null);
  'search'?: (_vstudio_v1_SearchRequest__Output | null);
  'count'?: (_vstudio_v1_CountRequest__Output | null);
  /**
   * as in ProposeRequest
   */
  'epoch': (number);
  'scan'?: (_vstudio_v1_ScanPageRequest__Output | null);
  'request'?: "get"|"search"|"count"|"scan";
}
