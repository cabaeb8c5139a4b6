// Original file: proto/vstudio/v1/peer.proto

import type { Long } from '@grpc/proto-loader';

/**
 * What a group's leader tells its followers with every batch: its commit index when the batch
 * left. A follower that has applied up to it is known fresh as of the batch's arrival
 * (follower reads with max_staleness_ms).
 */
export interface LeaderCommit {
  'groupId'?: (number | string | Long);
  'commit'?: (number | string | Long);
}

/**
 * What a group's leader tells its followers with every batch: its commit index when the batch
 * left. A follower that has applied up to it is known fresh as of the batch's arrival
 * (follower reads with max_staleness_ms).
 */
export interface LeaderCommit__Output {
  'groupId': (number);
  'commit': (number);
}
