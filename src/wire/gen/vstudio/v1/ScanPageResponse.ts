// Original file: proto/vstudio/v1/peer.proto

import type { Record as _vstudio_v1_Record, Record__Output as _vstudio_v1_Record__Output } from '../../vstudio/v1/Record.js';

export interface ScanPageResponse {
  'records'?: (_vstudio_v1_Record)[];
  /**
   * "" = the last page
   */
  'nextPageToken'?: (string);
}

export interface ScanPageResponse__Output {
  'records': (_vstudio_v1_Record__Output)[];
  /**
   * "" = the last page
   */
  'nextPageToken': (string);
}
