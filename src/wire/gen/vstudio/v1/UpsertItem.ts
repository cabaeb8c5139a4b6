// Original file: proto/vstudio/v1/vector.proto

import type { Record as _vstudio_v1_Record, Record__Output as _vstudio_v1_Record__Output } from '../../vstudio/v1/Record.js';
import type { Long } from '@grpc/proto-loader';

export interface UpsertItem {
  'record'?: (_vstudio_v1_Record | null);
  /**
   * Compare-and-set: apply only if the stored version equals if_version (0 = must not exist).
   */
  'ifVersion'?: (number | string | Long);
  '_ifVersion'?: "ifVersion";
}

export interface UpsertItem__Output {
  'record': (_vstudio_v1_Record__Output | null);
  /**
   * Compare-and-set: apply only if the stored version equals if_version (0 = must not exist).
   */
  'ifVersion'?: (number);
  '_ifVersion'?: "ifVersion";
}
