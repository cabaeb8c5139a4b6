// Original file: proto/vstudio/v1/vector.proto

export const ItemStatus = {
  ITEM_STATUS_UNSPECIFIED: 'ITEM_STATUS_UNSPECIFIED',
  ITEM_STATUS_UPSERTED: 'ITEM_STATUS_UPSERTED',
  ITEM_STATUS_DELETED: 'ITEM_STATUS_DELETED',
  ITEM_STATUS_NOT_FOUND: 'ITEM_STATUS_NOT_FOUND',
  ITEM_STATUS_CONDITION_FAILED: 'ITEM_STATUS_CONDITION_FAILED',
  /**
   * ack=async: durable on the leader, applied later; no per-item outcome yet
   */
  ITEM_STATUS_ACCEPTED: 'ITEM_STATUS_ACCEPTED',
} as const;

export type ItemStatus =
  | 'ITEM_STATUS_UNSPECIFIED'
  | 0
  | 'ITEM_STATUS_UPSERTED'
  | 1
  | 'ITEM_STATUS_DELETED'
  | 2
  | 'ITEM_STATUS_NOT_FOUND'
  | 3
  | 'ITEM_STATUS_CONDITION_FAILED'
  | 4
  /**
   * ack=async: durable on the leader, applied later; no per-item outcome yet
   */
  | 'ITEM_STATUS_ACCEPTED'
  | 5

export type ItemStatus__Output = typeof ItemStatus[keyof typeof ItemStatus]
