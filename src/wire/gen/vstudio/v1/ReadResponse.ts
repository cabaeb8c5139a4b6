// Original file: proto/vstudio/v1/peer.proto

import type { GetResponse as _vstudio_v1_GetResponse, GetResponse__Output as _vstudio_v1_GetResponse__Output } from '../../vstudio/v1/GetResponse.js';
import type { SearchResponse as _vstudio_v1_SearchResponse, SearchResponse__Output as _vstudio_v1_SearchResponse__Output } from '../../vstudio/v1/SearchResponse.js';
import type { CountResponse as _vstudio_v1_CountResponse, CountResponse__Output as _vstudio_v1_CountResponse__Output } from '../../vstudio/v1/CountResponse.js';
import type { ScanPageResponse as _vstudio_v1_ScanPageResponse, ScanPageResponse__Output as _vstudio_v1_ScanPageResponse__Output } from '../../vstudio/v1/ScanPageResponse.js';

export interface ReadResponse {
  'get'?: (_vstudio_v1_GetResponse | null);
  'search'?: (_vstudio_v1_SearchResponse | null);
  'count'?: (_vstudio_v1_CountResponse | null);
  'scan'?: (_vstudio_v1_ScanPageResponse | null);
  'response'?: "get"|"search"|"count"|"scan";
}

export interface ReadResponse__Output {
  'get'?: (_vstudio_v1_GetResponse__Output | null);
  'search'?: (_vstudio_v1_SearchResponse__Output | null);
  'count'?: (_vstudio_v1_CountResponse__Output | null);
  'scan'?: (_vstudio_v1_ScanPageResponse__Output | null);
  'response'?: "get"|"search"|"count"|"scan";
}
