// Original file: proto/vstudio/v1/vector.proto


export interface UpdateCollectionRequest {
  'name'?: (string);
  /**
   * the new replication factor; the coordinator adds or removes replicas to match
   */
  'replicas'?: (number);
}

export interface UpdateCollectionRequest__Output {
  'name': (string);
  /**
   * the new replication factor; the coordinator adds or removes replicas to match
   */
  'replicas': (number);
}
