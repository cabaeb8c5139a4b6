// Original file: proto/vstudio/v1/peer.proto


/**
 * A page of a shard's records in id order (the coordinator copies a shard this way in a reshard).
 */
export interface ScanPageRequest {
  'limit'?: (number);
  /**
   * "" = the first page
   */
  'pageToken'?: (string);
}

/**
 * A page of a shard's records in id order (the coordinator copies a shard this way in a reshard).
 */
export interface ScanPageRequest__Output {
  'limit': (number);
  /**
   * "" = the first page
   */
  'pageToken': (string);
}
