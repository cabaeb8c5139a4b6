// Original file: proto/vstudio/v1/peer.proto

import type { RaftMessage as _vstudio_v1_RaftMessage, RaftMessage__Output as _vstudio_v1_RaftMessage__Output } from '../../vstudio/v1/RaftMessage.js';
import type { Long } from '@grpc/proto-loader';

export interface GroupMessages {
  'groupId'?: (number | string | Long);
  'messages'?: (_vstudio_v1_RaftMessage)[];
}

export interface GroupMessages__Output {
  'groupId': (number);
  'messages': (_vstudio_v1_RaftMessage__Output)[];
}
