// Original file: proto/vstudio/v1/admin.proto

import type { SplitRange as _vstudio_v1_SplitRange, SplitRange__Output as _vstudio_v1_SplitRange__Output } from '../../vstudio/v1/SplitRange.js';

export interface ReshardRequest {
  'collection'?: (string);
  /**
   * range sharding: split a shard at a key
   */
  'split'?: (_vstudio_v1_SplitRange | null);
  /**
   * consistent sharding: one more shard (N -> N+1)
   */
  'addShard'?: (boolean);
  'change'?: "split"|"addShard";
}

export interface ReshardRequest__Output {
  'collection': (string);
  /**
   * range sharding: split a shard at a key
   */
  'split'?: (_vstudio_v1_SplitRange__Output | null);
  /**
   * consistent sharding: one more shard (N -> N+1)
   */
  'addShard'?: (boolean);
  'change'?: "split"|"addShard";
}
