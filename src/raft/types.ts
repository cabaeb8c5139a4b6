/**
 * The values the consensus core exchanges with its host: log entries, persistent state,
 * membership, snapshots and messages. They are plain data so that a host can encode them on the
 * wire and on disk however it likes, and a simulator can copy, drop or reorder them.
 */

/** A node's id inside one Raft group. 0 is reserved for "nobody". */
export type NodeId = number;
export const NONE: NodeId = 0;

export enum EntryType {
  Normal = 0,
  /** `data` is an encoded {@link ConfChange} (see `codec.ts`). */
  ConfChange = 1,
}

export interface Entry {
  readonly term: number;
  readonly index: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/** What must be durable before the node acts on it (Raft figure 2, "persistent state"). */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: NONE, commit: 0 });

/**
 * Group membership. `votersOutgoing` is non-empty only in a joint configuration (C_old,new);
 * `learnersNext` holds voters of C_old that become learners when the joint config is left.
 */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
  readonly votersOutgoing: readonly NodeId[];
  readonly learnersNext: readonly NodeId[];
  readonly autoLeave: boolean;
}

export const EMPTY_CONF_STATE: ConfState = Object.freeze({
  voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false,
});

export interface SnapshotMetadata {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

export interface Snapshot {
  readonly metadata: SnapshotMetadata;
  readonly data: Uint8Array;
}

export enum ConfChangeType {
  AddVoter = 0,
  AddLearner = 1,
  RemoveNode = 2,
}

export interface ConfChangeSingle {
  readonly type: ConfChangeType;
  readonly nodeId: NodeId;
}

/**
 * A membership change. One voter change (or learner-only changes) is applied directly; several
 * voter changes go through a joint configuration. `transition`:
 * - `auto`: joint only when needed, and the leader leaves the joint config by itself;
 * - `explicit`: always joint, and the host leaves it by proposing a change with no `changes`.
 * A change with no `changes` leaves the current joint configuration.
 */
export interface ConfChange {
  readonly changes: readonly ConfChangeSingle[];
  readonly transition?: 'auto' | 'explicit';
  /** Opaque to the core: carried to the host when the change is applied. */
  readonly context?: Uint8Array;
}

export enum MessageType {
  /** Leader → follower: entries after (index, logTerm), and the leader's commit index. */
  App = 1,
  AppResp = 2,
  Vote = 3,
  VoteResp = 4,
  PreVote = 5,
  PreVoteResp = 6,
  Snap = 7,
  Heartbeat = 8,
  HeartbeatResp = 9,
  /** Old leader → transfer target: campaign now, ignoring leases. */
  TimeoutNow = 10,
  /** Follower → leader: a forwarded ReadIndex request; `context` identifies it. */
  ReadIndex = 11,
  ReadIndexResp = 12,
  /** Follower → leader: a forwarded leadership transfer request (to `from`). */
  TransferLeader = 13,
}

export const MESSAGE_TYPE_NAMES: Readonly<Record<MessageType, string>> = {
  [MessageType.App]: 'App',
  [MessageType.AppResp]: 'AppResp',
  [MessageType.Vote]: 'Vote',
  [MessageType.VoteResp]: 'VoteResp',
  [MessageType.PreVote]: 'PreVote',
  [MessageType.PreVoteResp]: 'PreVoteResp',
  [MessageType.Snap]: 'Snap',
  [MessageType.Heartbeat]: 'Heartbeat',
  [MessageType.HeartbeatResp]: 'HeartbeatResp',
  [MessageType.TimeoutNow]: 'TimeoutNow',
  [MessageType.ReadIndex]: 'ReadIndex',
  [MessageType.ReadIndexResp]: 'ReadIndexResp',
  [MessageType.TransferLeader]: 'TransferLeader',
};

/**
 * One message between peers. Every field is always present (unused ones are zero or empty) so
 * that all messages share one shape; see `message()` for a constructor with defaults.
 */
export interface Message {
  readonly type: MessageType;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
  /** App: term of the entry at `index`. AppResp reject: term of the hint. Vote: candidate's last term. */
  readonly logTerm: number;
  /** App: index preceding `entries`. AppResp: last matched (or rejected) index. Vote: candidate's last index. ReadIndexResp: the read index. */
  readonly index: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
  readonly snapshot: Snapshot | null;
  readonly reject: boolean;
  /** AppResp reject: the follower's guess of the highest index that may match. */
  readonly rejectHint: number;
  /** ReadIndex round id carried by heartbeats, and the request context of a forwarded read. */
  readonly context: Uint8Array | null;
  /** Heartbeat: the leader's tick count at send time, echoed by the response (leader lease). */
  readonly leaseTick: number;
}

const EMPTY_ENTRIES: readonly Entry[] = Object.freeze([]);

export function message(fields: Pick<Message, 'type' | 'from' | 'to'> & Partial<Message>): Message {
  return {
    type: fields.type,
    from: fields.from,
    to: fields.to,
    term: fields.term ?? 0,
    logTerm: fields.logTerm ?? 0,
    index: fields.index ?? 0,
    entries: fields.entries ?? EMPTY_ENTRIES,
    commit: fields.commit ?? 0,
    snapshot: fields.snapshot ?? null,
    reject: fields.reject ?? false,
    rejectHint: fields.rejectHint ?? 0,
    context: fields.context ?? null,
    leaseTick: fields.leaseTick ?? 0,
  };
}

export enum StateRole {
  Follower = 'follower',
  PreCandidate = 'pre-candidate',
  Candidate = 'candidate',
  Leader = 'leader',
}

/** Volatile state the host may want to observe (leader changes). */
export interface SoftState {
  readonly leader: NodeId;
  readonly role: StateRole;
}

/** The answer to a `readIndex(ctx)` request: reads at `index` or later are linearizable. */
export interface ReadState {
  readonly index: number;
  readonly context: Uint8Array;
}

export type ReadMode = 'safe' | 'lease';

/**
 * What the host must do, in this order:
 * 1. send `messages` (may overlap with step 2);
 * 2. durably write `snapshot`, `entries` (replacing any stored entries at or after the first
 *    one's index) and `hardState` in one atomic, synced write;
 * 3. send `persistedMessages` — only now, because they promise the durable state of step 2;
 * 4. apply `committedEntries` (and `snapshot`) to the state machine, calling `applyConfChange` for
 *    each conf change entry;
 * 5. call `advance(ready)`.
 * No step/tick/propose may be called between `ready()` and `advance()`: buffer inputs meanwhile.
 */
export interface Ready {
  readonly softState: SoftState | null;
  readonly hardState: HardState | null;
  readonly readStates: readonly ReadState[];
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot | null;
  readonly committedEntries: readonly Entry[];
  readonly messages: readonly Message[];
  readonly persistedMessages: readonly Message[];
  /** False when nothing in this Ready needs an fsync (no entries, no term/vote change). */
  readonly mustSync: boolean;
}
