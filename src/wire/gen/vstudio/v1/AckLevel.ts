// Original file: proto/vstudio/v1/vector.proto

/**
 * How many replicas must hold a write before it is acknowledged (DESIGN.md §1).
 */
export const AckLevel = {
  /**
   * majority
   */
  ACK_LEVEL_UNSPECIFIED: 'ACK_LEVEL_UNSPECIFIED',
  /**
   * the leader's own durable append; may be lost if it dies before replicating
   */
  ACK_LEVEL_ASYNC: 'ACK_LEVEL_ASYNC',
  /**
   * committed by Raft: durable on a majority of the voters
   */
  ACK_LEVEL_MAJORITY: 'ACK_LEVEL_MAJORITY',
  /**
   * durable on every voter
   */
  ACK_LEVEL_ALL: 'ACK_LEVEL_ALL',
  /**
   * durable on at least `ack_replicas` voters (majority <= N <= voters)
   */
  ACK_LEVEL_REPLICAS: 'ACK_LEVEL_REPLICAS',
} as const;

/**
 * How many replicas must hold a write before it is acknowledged (DESIGN.md §1).
 */
export type AckLevel =
  /**
   * majority
   */
  | 'ACK_LEVEL_UNSPECIFIED'
  | 0
  /**
   * the leader's own durable append; may be lost if it dies before replicating
   */
  | 'ACK_LEVEL_ASYNC'
  | 1
  /**
   * committed by Raft: durable on a majority of the voters
   */
  | 'ACK_LEVEL_MAJORITY'
  | 2
  /**
   * durable on every voter
   */
  | 'ACK_LEVEL_ALL'
  | 3
  /**
   * durable on at least `ack_replicas` voters (majority <= N <= voters)
   */
  | 'ACK_LEVEL_REPLICAS'
  | 4

/**
 * How many replicas must hold a write before it is acknowledged (DESIGN.md §1).
 */
export type AckLevel__Output = typeof AckLevel[keyof typeof AckLevel]
