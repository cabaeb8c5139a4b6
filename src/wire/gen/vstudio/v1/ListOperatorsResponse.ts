// Original file: proto/vstudio/v1/admin.proto

import type { OperatorInfo as _vstudio_v1_OperatorInfo, OperatorInfo__Output as _vstudio_v1_OperatorInfo__Output } from '../../vstudio/v1/OperatorInfo.js';

export interface ListOperatorsResponse {
  'operators'?: (_vstudio_v1_OperatorInfo)[];
  /**
   * operators the latest planning round started (0 = balanced and whole)
   */
  'planned'?: (number);
}

export interface ListOperatorsResponse__Output {
  'operators': (_vstudio_v1_OperatorInfo__Output)[];
  /**
   * operators the latest planning round started (0 = balanced and whole)
   */
  'planned': (number);
}
