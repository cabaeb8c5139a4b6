// Original file: proto/vstudio/v1/vector.proto

import type { Hit as _vstudio_v1_Hit, Hit__Output as _vstudio_v1_Hit__Output } from '../../vstudio/v1/Hit.js';
import type { MissingShard as _vstudio_v1_MissingShard, MissingShard__Output as _vstudio_v1_MissingShard__Output } from '../../vstudio/v1/MissingShard.js';

export interface SearchResponse {
  'hits'?: (_vstudio_v1_Hit)[];
  'missingShards'?: (_vstudio_v1_MissingShard)[];
}

export interface SearchResponse__Output {
  'hits': (_vstudio_v1_Hit__Output)[];
  'missingShards': (_vstudio_v1_MissingShard__Output)[];
}
