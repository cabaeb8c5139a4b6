/**
 * One-line descriptions of the core's values, in the spirit of etcd-io/raft's `DescribeMessage`
 * and `DescribeEntry`, so that a golden transcript reads like a trace of the protocol:
 *
 *     1->2 MsgApp Term:1 Log:1/3 Commit:3 Entries:[1/4 EntryNormal "foo"]
 */
import {
  ConfChangeType, EntryType, MESSAGE_TYPE_NAMES, StateRole, decodeConfChange,
  type ConfChange, type ConfState, type Entry, type HardState, type Message, type NodeId,
  type ReadState, type Ready, type Snapshot, type SoftState,
} from '../../../src/raft/index.js';

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Printable UTF-8 is shown quoted (`"foo"`); anything else as hex (`0x0001`). */
export function describeBytes(data: Uint8Array): string {
  try {
    const s = textDecoder.decode(data);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u001f\u007f]/.test(s)) return JSON.stringify(s);
  } catch {
    // Not UTF-8: fall through to hex.
  }
  return '0x' + Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

const CHANGE_LETTER: Readonly<Record<ConfChangeType, string>> = {
  [ConfChangeType.AddVoter]: 'v',
  [ConfChangeType.AddLearner]: 'l',
  [ConfChangeType.RemoveNode]: 'r',
};

/** `v4 l5 r2` (the syntax `propose-conf-change` takes), `explicit` when not auto, `leave-joint` when empty. */
export function describeConfChange(cc: ConfChange): string {
  const words: string[] = [];
  if (cc.transition === 'explicit') words.push('explicit');
  if (cc.changes.length === 0) words.push('leave-joint');
  for (const c of cc.changes) words.push(`${CHANGE_LETTER[c.type]}${c.nodeId}`);
  return words.join(' ');
}

export function describeEntry(e: Entry): string {
  if (e.type === EntryType.ConfChange) {
    let body: string;
    try {
      body = describeConfChange(decodeConfChange(e.data));
    } catch (err) {
      body = `<undecodable: ${(err as Error).message}>`;
    }
    return `${e.term}/${e.index} EntryConfChange ${body}`;
  }
  return `${e.term}/${e.index} EntryNormal ${describeBytes(e.data)}`;
}

export function describeEntries(ents: readonly Entry[]): string {
  return ents.map(describeEntry).join(', ');
}

function ids(xs: readonly NodeId[]): string {
  return `(${[...xs].sort((a, b) => a - b).join(' ')})`;
}

/** `voters=(1 2 3)&&(1 2) learners=(4) learners_next=(3) autoleave`, like etcd's ConfState description. */
export function describeConfState(cs: ConfState): string {
  let s = `voters=${ids(cs.voters)}`;
  if (cs.votersOutgoing.length > 0) s += `&&${ids(cs.votersOutgoing)}`;
  if (cs.learners.length > 0) s += ` learners=${ids(cs.learners)}`;
  if (cs.learnersNext.length > 0) s += ` learners_next=${ids(cs.learnersNext)}`;
  if (cs.autoLeave) s += ' autoleave';
  return s;
}

export function describeSnapshot(s: Snapshot): string {
  return `Index:${s.metadata.index} Term:${s.metadata.term} ConfState:${describeConfState(s.metadata.confState)}`;
}

export function describeMessage(m: Message): string {
  let s = `${m.from}->${m.to} Msg${MESSAGE_TYPE_NAMES[m.type]} Term:${m.term} Log:${m.logTerm}/${m.index}`;
  if (m.reject) s += ` Rejected (Hint: ${m.rejectHint})`;
  if (m.commit !== 0) s += ` Commit:${m.commit}`;
  if (m.entries.length > 0) s += ` Entries:[${describeEntries(m.entries)}]`;
  if (m.context !== null && m.context.length > 0) s += ` Context:${describeBytes(m.context)}`;
  if (m.snapshot !== null) s += ` Snapshot:[${describeSnapshot(m.snapshot)}]`;
  return s;
}

const ROLE_NAMES: Readonly<Record<StateRole, string>> = {
  [StateRole.Follower]: 'StateFollower',
  [StateRole.PreCandidate]: 'StatePreCandidate',
  [StateRole.Candidate]: 'StateCandidate',
  [StateRole.Leader]: 'StateLeader',
};

export function describeRole(role: StateRole): string {
  return ROLE_NAMES[role];
}

export function describeSoftState(ss: SoftState): string {
  return `Lead:${ss.leader} State:${describeRole(ss.role)}`;
}

export function describeHardState(hs: HardState): string {
  return `HardState Term:${hs.term} Vote:${hs.vote} Commit:${hs.commit}`;
}

export function describeReadState(rs: ReadState): string {
  return `Index:${rs.index} Context:${describeBytes(rs.context)}`;
}

/** The whole Ready, one item per line, sections in the order the host acts on them. */
export function describeReady(rd: Ready): string[] {
  const out: string[] = [`Ready MustSync=${rd.mustSync}:`];
  if (rd.softState !== null) out.push(describeSoftState(rd.softState));
  if (rd.hardState !== null) out.push(describeHardState(rd.hardState));
  if (rd.readStates.length > 0) {
    out.push('ReadStates:');
    for (const rs of rd.readStates) out.push(describeReadState(rs));
  }
  if (rd.entries.length > 0) {
    out.push('Entries:');
    for (const e of rd.entries) out.push(describeEntry(e));
  }
  if (rd.snapshot !== null) out.push(`Snapshot ${describeSnapshot(rd.snapshot)}`);
  if (rd.committedEntries.length > 0) {
    out.push('CommittedEntries:');
    for (const e of rd.committedEntries) out.push(describeEntry(e));
  }
  if (rd.messages.length > 0) {
    out.push('Messages:');
    for (const m of rd.messages) out.push(describeMessage(m));
  }
  if (rd.persistedMessages.length > 0) {
    // Sent only once the entries and hard state above are durable (host rule 4).
    out.push('PersistedMessages:');
    for (const m of rd.persistedMessages) out.push(describeMessage(m));
  }
  if (out.length === 1) out.push('<empty Ready>');
  return out;
}
