// Original file: proto/vstudio/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface EncryptionStatusResponse {
  'nodeId'?: (number | string | Long);
  'encrypted'?: (boolean);
  /**
   * the current key's id (16 hex digits; never the key)
   */
  'keyId'?: (string);
  /**
   * older keys whose values may still be on disk
   */
  'retiredKeyIds'?: (string)[];
  /**
   * "idle" | "running" | "done" | "failed"
   */
  'rotation'?: (string);
  /**
   * what the running rotation rewrites now
   */
  'phase'?: (string);
  'stepsDone'?: (number);
  'stepsTotal'?: (number);
  'valuesRewritten'?: (number | string | Long);
  /**
   * why the last rotation failed
   */
  'error'?: (string);
}

export interface EncryptionStatusResponse__Output {
  'nodeId': (number);
  'encrypted': (boolean);
  /**
   * the current key's id (16 hex digits; never the key)
   */
  'keyId': (string);
  /**
   * older keys whose values may still be on disk
   */
  'retiredKeyIds': (string)[];
  /**
   * "idle" | "running" | "done" | "failed"
   */
  'rotation': (string);
  /**
   * what the running rotation rewrites now
   */
  'phase': (string);
  'stepsDone': (number);
  'stepsTotal': (number);
  'valuesRewritten': (number);
  /**
   * why the last rotation failed
   */
  'error': (string);
}
