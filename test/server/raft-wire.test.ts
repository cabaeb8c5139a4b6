import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryType, message, MessageType, type Message } from '../../src/raft/index.js';
import { messageFromWire, messageToWire } from '../../src/server/raft-wire.js';
import type { RaftBatch__Output } from '../../src/wire/gen/vstudio/v1/RaftBatch.js';
import { vstudioV1 } from '../../src/wire/proto.js';

const TYPES = [
  MessageType.App, MessageType.AppResp, MessageType.Vote, MessageType.VoteResp, MessageType.PreVote, MessageType.PreVoteResp,
  MessageType.Snap, MessageType.Heartbeat, MessageType.HeartbeatResp, MessageType.TimeoutNow, MessageType.ReadIndex,
  MessageType.ReadIndexResp, MessageType.TransferLeader,
];

const u = fc.integer({ min: 0, max: 2 ** 40 });
const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 });
const conf = fc.record({
  voters: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 5 }), learners: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
  votersOutgoing: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }), learnersNext: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
  autoLeave: fc.boolean(),
});
const arbMessage: fc.Arbitrary<Message> = fc.record({
  type: fc.constantFrom(...TYPES), from: fc.integer({ min: 1, max: 2 ** 32 - 1 }), to: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
  term: u, logTerm: u, index: u, commit: u, reject: fc.boolean(), rejectHint: u, leaseTick: u,
  entries: fc.array(fc.record({ term: u, index: u, type: fc.constantFrom(EntryType.Normal, EntryType.ConfChange), data: fc.uint8Array({ maxLength: 64 }) }), { maxLength: 4 }),
  snapshot: fc.option(fc.record({ metadata: fc.record({ index: u, term: u, confState: conf }), data: fc.uint8Array({ maxLength: 64 }) }), { nil: null }),
  context: fc.option(bytes, { nil: null }),
}).map((f) => message(f));

/** Through real protobuf bytes, as the peer stream carries them. */
function overTheWire(m: Message): Message {
  const method = vstudioV1().PeerService.service.Raft;
  const buf = method.requestSerialize({ groups: [{ groupId: 7, messages: [messageToWire(m)] }], leaderCommits: [] });
  const batch = method.requestDeserialize(buf) as RaftBatch__Output;
  return messageFromWire(batch.groups[0]!.messages[0]!);
}

describe('Raft messages on the peer wire', () => {
  it('every message decodes to the message that was encoded', () => {
    fc.assert(fc.property(arbMessage, (m) => {
      expect(overTheWire(m)).toEqual(m);
    }));
  });
});
