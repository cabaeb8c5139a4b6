// Original file: proto/vstudio/v1/admin.proto


export interface SplitRange {
  /**
   * the range id
   */
  'shard'?: (number);
  /**
   * the first id of the new upper shard
   */
  'splitKey'?: (string);
}

export interface SplitRange__Output {
  /**
   * the range id
   */
  'shard': (number);
  /**
   * the first id of the new upper shard
   */
  'splitKey': (string);
}
