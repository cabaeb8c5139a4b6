// Original file: proto/vstudio/v1/vector.proto

export const Consistency = {
  /**
   * linearizable
   */
  CONSISTENCY_UNSPECIFIED: 'CONSISTENCY_UNSPECIFIED',
  /**
   * ReadIndex: sees every write acknowledged before the read began
   */
  CONSISTENCY_LINEARIZABLE: 'CONSISTENCY_LINEARIZABLE',
  /**
   * the leader's lease (bounded clock drift), no round trip
   */
  CONSISTENCY_LEASE: 'CONSISTENCY_LEASE',
  /**
   * the contacted replica, if it is at most max_staleness_ms behind
   */
  CONSISTENCY_FOLLOWER: 'CONSISTENCY_FOLLOWER',
} as const;

export type Consistency =
  /**
   * linearizable
   */
  | 'CONSISTENCY_UNSPECIFIED'
  | 0
  /**
   * ReadIndex: sees every write acknowledged before the read began
   */
  | 'CONSISTENCY_LINEARIZABLE'
  | 1
  /**
   * the leader's lease (bounded clock drift), no round trip
   */
  | 'CONSISTENCY_LEASE'
  | 2
  /**
   * the contacted replica, if it is at most max_staleness_ms behind
   */
  | 'CONSISTENCY_FOLLOWER'
  | 3

export type Consistency__Output = typeof Consistency[keyof typeof Consistency]
