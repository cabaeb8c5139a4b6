// Original file: proto/vstudio/v1/vector.proto

import type { Metric as _vstudio_v1_Metric, Metric__Output as _vstudio_v1_Metric__Output } from '../../vstudio/v1/Metric.js';

export interface CreateCollectionRequest {
  'name'?: (string);
  'dimension'?: (number);
  'metric'?: (_vstudio_v1_Metric);
  /**
   * 0 = default (16)
   */
  'm'?: (number);
  /**
   * 0 = default (200)
   */
  'efConstruction'?: (number);
  /**
   * 0 = default (64)
   */
  'ef'?: (number);
  /**
   * 0 = the node's --replicas default (3, or fewer nodes)
   */
  'replicas'?: (number);
  /**
   * 0 = 1 ("consistent" and "hash")
   */
  'shards'?: (number);
  /**
   * "" = "consistent"
   */
  'sharding'?: (string);
  /**
   * "range": the first id of every range after the first, ascending
   */
  'splitKeys'?: (string)[];
}

export interface CreateCollectionRequest__Output {
  'name': (string);
  'dimension': (number);
  'metric': (_vstudio_v1_Metric__Output);
  /**
   * 0 = default (16)
   */
  'm': (number);
  /**
   * 0 = default (200)
   */
  'efConstruction': (number);
  /**
   * 0 = default (64)
   */
  'ef': (number);
  /**
   * 0 = the node's --replicas default (3, or fewer nodes)
   */
  'replicas': (number);
  /**
   * 0 = 1 ("consistent" and "hash")
   */
  'shards': (number);
  /**
   * "" = "consistent"
   */
  'sharding': (string);
  /**
   * "range": the first id of every range after the first, ascending
   */
  'splitKeys': (string)[];
}
