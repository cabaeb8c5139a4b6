import {
  EntryType, MessageType, message,
  type ConfState, type Entry, type Message, type Snapshot,
} from '../raft/index.js';
import type { ConfState as WireConfState, ConfState__Output } from '../wire/gen/vstudio/v1/ConfState.js';
import type { Entry as WireEntry, Entry__Output } from '../wire/gen/vstudio/v1/Entry.js';
import type { MessageType__Output } from '../wire/gen/vstudio/v1/MessageType.js';
import type { RaftMessage, RaftMessage__Output } from '../wire/gen/vstudio/v1/RaftMessage.js';
import type { Snapshot as WireSnapshot, Snapshot__Output } from '../wire/gen/vstudio/v1/Snapshot.js';

/** A peer sent a Raft message this node cannot decode. */
export class RaftWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RaftWireError';
  }
}

const TYPE_NAMES: Readonly<Record<MessageType, MessageType__Output>> = {
  [MessageType.App]: 'MESSAGE_TYPE_APP',
  [MessageType.AppResp]: 'MESSAGE_TYPE_APP_RESP',
  [MessageType.Vote]: 'MESSAGE_TYPE_VOTE',
  [MessageType.VoteResp]: 'MESSAGE_TYPE_VOTE_RESP',
  [MessageType.PreVote]: 'MESSAGE_TYPE_PRE_VOTE',
  [MessageType.PreVoteResp]: 'MESSAGE_TYPE_PRE_VOTE_RESP',
  [MessageType.Snap]: 'MESSAGE_TYPE_SNAP',
  [MessageType.Heartbeat]: 'MESSAGE_TYPE_HEARTBEAT',
  [MessageType.HeartbeatResp]: 'MESSAGE_TYPE_HEARTBEAT_RESP',
  [MessageType.TimeoutNow]: 'MESSAGE_TYPE_TIMEOUT_NOW',
  [MessageType.ReadIndex]: 'MESSAGE_TYPE_READ_INDEX',
  [MessageType.ReadIndexResp]: 'MESSAGE_TYPE_READ_INDEX_RESP',
  [MessageType.TransferLeader]: 'MESSAGE_TYPE_TRANSFER_LEADER',
};
const TYPES_BY_NAME = new Map<string, MessageType>(Object.entries(TYPE_NAMES).map(([k, v]) => [v, Number(k) as MessageType]));

function confStateToWire(c: ConfState): WireConfState {
  return { voters: [...c.voters], learners: [...c.learners], votersOutgoing: [...c.votersOutgoing], learnersNext: [...c.learnersNext], autoLeave: c.autoLeave };
}

function confStateFromWire(c: ConfState__Output | null): ConfState {
  return {
    voters: c?.voters ?? [], learners: c?.learners ?? [], votersOutgoing: c?.votersOutgoing ?? [],
    learnersNext: c?.learnersNext ?? [], autoLeave: c?.autoLeave ?? false,
  };
}

export function snapshotToWire(s: Snapshot): WireSnapshot {
  return { metadata: { index: s.metadata.index, term: s.metadata.term, confState: confStateToWire(s.metadata.confState) }, data: s.data };
}

export function snapshotFromWire(s: Snapshot__Output): Snapshot {
  if (s.metadata === null) throw new RaftWireError('snapshot without metadata');
  return {
    metadata: { index: s.metadata.index, term: s.metadata.term, confState: confStateFromWire(s.metadata.confState) },
    data: new Uint8Array(s.data),
  };
}

function entryToWire(e: Entry): WireEntry {
  return { term: e.term, index: e.index, type: e.type === EntryType.ConfChange ? 'ENTRY_TYPE_CONF_CHANGE' : 'ENTRY_TYPE_NORMAL', data: e.data };
}

function entryFromWire(e: Entry__Output): Entry {
  return { term: e.term, index: e.index, type: e.type === 'ENTRY_TYPE_CONF_CHANGE' ? EntryType.ConfChange : EntryType.Normal, data: new Uint8Array(e.data) };
}

/** Encodes a core message for the peer stream. */
export function messageToWire(m: Message): RaftMessage {
  return {
    type: TYPE_NAMES[m.type],
    from: m.from, to: m.to, term: m.term, logTerm: m.logTerm, index: m.index,
    entries: m.entries.map(entryToWire),
    commit: m.commit,
    snapshot: m.snapshot === null ? null : snapshotToWire(m.snapshot),
    reject: m.reject, rejectHint: m.rejectHint,
    context: m.context ?? new Uint8Array(),
    leaseTick: m.leaseTick,
  };
}

/** Decodes a peer's message; throws RaftWireError on a type this core does not know. */
export function messageFromWire(w: RaftMessage__Output): Message {
  const type = TYPES_BY_NAME.get(w.type);
  if (type === undefined) throw new RaftWireError(`unknown Raft message type ${String(w.type)}`);
  return message({
    type, from: w.from, to: w.to, term: w.term, logTerm: w.logTerm, index: w.index,
    entries: w.entries.map(entryFromWire),
    commit: w.commit,
    snapshot: w.snapshot === null ? null : snapshotFromWire(w.snapshot),
    reject: w.reject, rejectHint: w.rejectHint,
    // The wire cannot tell an absent context from an empty one; the core never sends an empty one.
    context: w.context.length === 0 ? null : new Uint8Array(w.context),
    leaseTick: w.leaseTick,
  });
}
