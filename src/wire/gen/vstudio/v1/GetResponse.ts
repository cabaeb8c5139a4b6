// Original file: proto/vstudio/v1/vector.proto

import type { Record as _vstudio_v1_Record, Record__Output as _vstudio_v1_Record__Output } from '../../vstudio/v1/Record.js';

export interface GetResponse {
  'records'?: (_vstudio_v1_Record)[];
  'missing'?: (string)[];
}

export interface GetResponse__Output {
  'records': (_vstudio_v1_Record__Output)[];
  'missing': (string)[];
}
