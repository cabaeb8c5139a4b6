// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface GroupStatus {
  'id'?: (number | string | Long);
  /**
   * "" for the meta group
   */
  'collection'?: (string);
  /**
   * the id range the group serves ("" = all)
   */
  'range'?: (string);
  /**
   * 0 = unknown
   */
  'leader'?: (number | string | Long);
  'voters'?: (number | string | Long)[];
  'learners'?: (number | string | Long)[];
  'commitIndex'?: (number | string | Long);
  'appliedIndex'?: (number | string | Long);
  /**
   * per follower node id: entries behind the leader's last index
   */
  'lagEntries'?: ({[key: string]: number | string | Long});
  /**
   * per follower node id: ms since it last matched the leader's last index
   */
  'lagMs'?: ({[key: string]: number | string | Long});
  'term'?: (number | string | Long);
  /**
   * the range id within the collection
   */
  'shard'?: (number);
  /**
   * the range's epoch
   */
  'epoch'?: (number | string | Long);
  /**
   * the voters the collection asks for
   */
  'replicationFactor'?: (number);
  /**
   * What makes the group unhealthy: "leaderless", "under-replicated", "lagging", "pending-operator".
   */
  'problems'?: (string)[];
  /**
   * records in the reporting replica
   */
  'records'?: (number | string | Long);
  /**
   * an estimate of its data: records x (vector bytes + 64)
   */
  'approxBytes'?: (number | string | Long);
}

export interface GroupStatus__Output {
  'id': (number);
  /**
   * "" for the meta group
   */
  'collection': (string);
  /**
   * the id range the group serves ("" = all)
   */
  'range': (string);
  /**
   * 0 = unknown
   */
  'leader': (number);
  'voters': (number)[];
  'learners': (number)[];
  'commitIndex': (number);
  'appliedIndex': (number);
  /**
   * per follower node id: entries behind the leader's last index
   */
  'lagEntries': ({[key: string]: number});
  /**
   * per follower node id: ms since it last matched the leader's last index
   */
  'lagMs': ({[key: string]: number});
  'term': (number);
  /**
   * the range id within the collection
   */
  'shard': (number);
  /**
   * the range's epoch
   */
  'epoch': (number);
  /**
   * the voters the collection asks for
   */
  'replicationFactor': (number);
  /**
   * What makes the group unhealthy: "leaderless", "under-replicated", "lagging", "pending-operator".
   */
  'problems': (string)[];
  /**
   * records in the reporting replica
   */
  'records': (number);
  /**
   * an estimate of its data: records x (vector bytes + 64)
   */
  'approxBytes': (number);
}
