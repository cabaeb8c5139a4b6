// Original file: proto/vstudio/v1/peer.proto

import type { Hello as _vstudio_v1_Hello, Hello__Output as _vstudio_v1_Hello__Output } from '../../vstudio/v1/Hello.js';
import type { GroupMessages as _vstudio_v1_GroupMessages, GroupMessages__Output as _vstudio_v1_GroupMessages__Output } from '../../vstudio/v1/GroupMessages.js';
import type { LeaderCommit as _vstudio_v1_LeaderCommit, LeaderCommit__Output as _vstudio_v1_LeaderCommit__Output } from '../../vstudio/v1/LeaderCommit.js';

export interface RaftBatch {
  /**
   * first batch of a stream only
   */
  'hello'?: (_vstudio_v1_Hello | null);
  'groups'?: (_vstudio_v1_GroupMessages)[];
  'leaderCommits'?: (_vstudio_v1_LeaderCommit)[];
}

export interface RaftBatch__Output {
  /**
   * first batch of a stream only
   */
  'hello': (_vstudio_v1_Hello__Output | null);
  'groups': (_vstudio_v1_GroupMessages__Output)[];
  'leaderCommits': (_vstudio_v1_LeaderCommit__Output)[];
}
