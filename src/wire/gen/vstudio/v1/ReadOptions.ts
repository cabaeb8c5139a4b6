// Original file: proto/vstudio/v1/vector.proto

import type { Consistency as _vstudio_v1_Consistency, Consistency__Output as _vstudio_v1_Consistency__Output } from '../../vstudio/v1/Consistency.js';

export interface ReadOptions {
  'consistency'?: (_vstudio_v1_Consistency);
  /**
   * CONSISTENCY_FOLLOWER: 0 = the server default (5000)
   */
  'maxStalenessMs'?: (number);
}

export interface ReadOptions__Output {
  'consistency': (_vstudio_v1_Consistency__Output);
  /**
   * CONSISTENCY_FOLLOWER: 0 = the server default (5000)
   */
  'maxStalenessMs': (number);
}
