// Original file: proto/vstudio/v1/peer.proto

import type { EntryType as _vstudio_v1_EntryType, EntryType__Output as _vstudio_v1_EntryType__Output } from '../../vstudio/v1/EntryType.js';
import type { Long } from '@grpc/proto-loader';

export interface Entry {
  'term'?: (number | string | Long);
  'index'?: (number | string | Long);
  'type'?: (_vstudio_v1_EntryType);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Entry__Output {
  'term': (number);
  'index': (number);
  'type': (_vstudio_v1_EntryType__Output);
  'data': (Buffer);
}
