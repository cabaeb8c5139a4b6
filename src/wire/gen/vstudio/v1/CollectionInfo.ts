// Original file: proto/vstudio/v1/vector.proto

import type { Metric as _vstudio_v1_Metric, Metric__Output as _vstudio_v1_Metric__Output } from '../../vstudio/v1/Metric.js';
import type { Long } from '@grpc/proto-loader';

export interface CollectionInfo {
  'name'?: (string);
  'dimension'?: (number);
  'metric'?: (_vstudio_v1_Metric);
  'm'?: (number);
  'efConstruction'?: (number);
  /**
   * default search ef
   */
  'ef'?: (number);
  'replicas'?: (number);
  'shards'?: (number);
  /**
   * "consistent" | "hash" | "range"
   */
  'sharding'?: (string);
  /**
   * records, as seen by the replica that answered (linearizable)
   */
  'count'?: (number | string | Long);
  /**
   * one per shard, in the strategy's range order
   */
  'groupIds'?: (number | string | Long)[];
  /**
   * the strategy's full description (ranges, epochs), JSON
   */
  'shardingJson'?: (string);
}

export interface CollectionInfo__Output {
  'name': (string);
  'dimension': (number);
  'metric': (_vstudio_v1_Metric__Output);
  'm': (number);
  'efConstruction': (number);
  /**
   * default search ef
   */
  'ef': (number);
  'replicas': (number);
  'shards': (number);
  /**
   * "consistent" | "hash" | "range"
   */
  'sharding': (string);
  /**
   * records, as seen by the replica that answered (linearizable)
   */
  'count': (number);
  /**
   * one per shard, in the strategy's range order
   */
  'groupIds': (number)[];
  /**
   * the strategy's full description (ranges, epochs), JSON
   */
  'shardingJson': (string);
}
