// Original file: proto/vstudio/v1/vector.proto

import type { Hit as _vstudio_v1_Hit, Hit__Output as _vstudio_v1_Hit__Output } from '../../vstudio/v1/Hit.js';

export interface SearchResponse {
  'hits'?: (_vstudio_v1_Hit)[];
}

export interface SearchResponse__Output {
  'hits': (_vstudio_v1_Hit__Output)[];
}
