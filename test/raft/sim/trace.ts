import { MESSAGE_TYPE_NAMES, MessageType, type Message, type Snapshot } from '../../../src/raft/types.js';

/**
 * The simulator's log: one compact line per event, in the manner of TigerBeetle's and etcd's
 * traces (`t=120 n2 → n3 App(term=4 index=17 ents=3)`). Recording costs string building, so a
 * normal run keeps it off and a failing schedule is replayed with it on.
 *
 * Two streams: `actions` are the schedule's events as they resolved (which node crashed, which
 * partition); `lines` is everything, bounded to the most recent TRACE_LIMIT_LINES.
 */
export const TRACE_LIMIT_LINES = 50_000;

export class Trace {
  private readonly ring: string[] = [];
  private next = 0;
  readonly actions: string[] = [];

  constructor(readonly enabled: boolean, private readonly limitLines = TRACE_LIMIT_LINES) {}

  /** A line of the detailed trace. Callers check `enabled` before building `text`. */
  line(step: number, text: string): void {
    const l = `t=${step} ${text}`;
    if (this.ring.length < this.limitLines) this.ring.push(l);
    else this.ring[this.next] = l;
    this.next = (this.next + 1) % this.limitLines;
  }

  /** A schedule event as it resolved; also goes to the detailed trace. */
  action(step: number, text: string): void {
    if (!this.enabled) return;
    this.actions.push(`t=${step} ${text}`);
    this.line(step, `** ${text}`);
  }

  /** The most recent `n` lines, oldest first. */
  tail(n: number): string[] {
    const all = this.ring.length < this.limitLines ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return all.slice(Math.max(0, all.length - n));
  }
}

export function formatMessage(m: Message): string {
  const name = MESSAGE_TYPE_NAMES[m.type] ?? `Msg${m.type}`;
  const f: string[] = [`term=${m.term}`];
  switch (m.type) {
    case MessageType.App:
      f.push(`index=${m.index}`, `logTerm=${m.logTerm}`, `ents=${m.entries.length}`, `commit=${m.commit}`);
      break;
    case MessageType.AppResp:
      f.push(`index=${m.index}`);
      if (m.reject) f.push('reject', `hint=${m.rejectHint}`, `hintTerm=${m.logTerm}`);
      break;
    case MessageType.Vote:
    case MessageType.PreVote:
      f.push(`last=${m.index}@${m.logTerm}`);
      break;
    case MessageType.VoteResp:
    case MessageType.PreVoteResp:
      if (m.reject) f.push('reject');
      break;
    case MessageType.Snap:
      if (m.snapshot !== null) f.push(`snap=${formatSnapshot(m.snapshot)}`);
      break;
    case MessageType.Heartbeat:
      f.push(`commit=${m.commit}`);
      if (m.context !== null) f.push(`ctx=${hex(m.context)}`);
      break;
    case MessageType.HeartbeatResp:
      if (m.context !== null) f.push(`ctx=${hex(m.context)}`);
      break;
    case MessageType.ReadIndex:
    case MessageType.ReadIndexResp:
      f.push(`index=${m.index}`);
      if (m.context !== null) f.push(`ctx=${hex(m.context)}`);
      break;
    default:
      break;
  }
  return `${name}(${f.join(' ')})`;
}

export function formatSnapshot(s: Snapshot): string {
  const cs = s.metadata.confState;
  const joint = cs.votersOutgoing.length > 0 ? `&${cs.votersOutgoing.join(',')}` : '';
  const learners = cs.learners.length > 0 ? ` L${cs.learners.join(',')}` : '';
  return `${s.metadata.index}@${s.metadata.term}[${cs.voters.join(',')}${joint}${learners}]`;
}

function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length && i < 8; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}
