// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface OperatorInfo {
  'id'?: (number | string | Long);
  /**
   * "add-replica" | "remove-replica" | "move-replica" | "transfer-leader" | "split"
   */
  'kind'?: (string);
  'groupId'?: (number | string | Long);
  /**
   * add-replica, remove-replica
   */
  'node'?: (number | string | Long);
  /**
   * move-replica, transfer-leader
   */
  'from'?: (number | string | Long);
  'to'?: (number | string | Long);
  'step'?: (string);
  'startedAtMs'?: (number | string | Long);
}

export interface OperatorInfo__Output {
  'id': (number);
  /**
   * "add-replica" | "remove-replica" | "move-replica" | "transfer-leader" | "split"
   */
  'kind': (string);
  'groupId': (number);
  /**
   * add-replica, remove-replica
   */
  'node': (number);
  /**
   * move-replica, transfer-leader
   */
  'from': (number);
  'to': (number);
  'step': (string);
  'startedAtMs': (number);
}
