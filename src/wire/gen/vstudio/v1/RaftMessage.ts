// Original file: proto/vstudio/v1/peer.proto

import type { MessageType as _vstudio_v1_MessageType, MessageType__Output as _vstudio_v1_MessageType__Output } from '../../vstudio/v1/MessageType.js';
import type { Entry as _vstudio_v1_Entry, Entry__Output as _vstudio_v1_Entry__Output } from '../../vstudio/v1/Entry.js';
import type { Snapshot as _vstudio_v1_Snapshot, Snapshot__Output as _vstudio_v1_Snapshot__Output } from '../../vstudio/v1/Snapshot.js';
import type { Long } from '@grpc/proto-loader';

export interface RaftMessage {
  'type'?: (_vstudio_v1_MessageType);
  'from'?: (number | string | Long);
  'to'?: (number | string | Long);
  'term'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'index'?: (number | string | Long);
  'entries'?: (_vstudio_v1_Entry)[];
  'commit'?: (number | string | Long);
  'snapshot'?: (_vstudio_v1_Snapshot | null);
  'reject'?: (boolean);
  'rejectHint'?: (number | string | Long);
  'context'?: (Buffer | Uint8Array | string);
  'leaseTick'?: (number | string | Long);
}

export interface RaftMessage__Output {
  'type': (_vstudio_v1_MessageType__Output);
  'from': (number);
  'to': (number);
  'term': (number);
  'logTerm': (number);
  'index': (number);
  'entries': (_vstudio_v1_Entry__Output)[];
  'commit': (number);
  'snapshot': (_vstudio_v1_Snapshot__Output | null);
  'reject': (boolean);
  'rejectHint': (number);
  'context': (Buffer);
  'leaseTick': (number);
}
