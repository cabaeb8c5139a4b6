// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'id'?: (number | string | Long);
  'clientAddress'?: (string);
  'peerAddress'?: (string);
  'zone'?: (string);
  /**
   * "up" | "suspect" | "down"
   */
  'state'?: (string);
  /**
   * groups this node is a member of
   */
  'replicas'?: (number);
  /**
   * groups this node leads
   */
  'leaders'?: (number);
}

export interface NodeStatus__Output {
  'id': (number);
  'clientAddress': (string);
  'peerAddress': (string);
  'zone': (string);
  /**
   * "up" | "suspect" | "down"
   */
  'state': (string);
  /**
   * groups this node is a member of
   */
  'replicas': (number);
  /**
   * groups this node leads
   */
  'leaders': (number);
}
