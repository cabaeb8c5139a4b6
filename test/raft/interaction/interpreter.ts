/**
 * The interaction environment behind the golden scripts in test/raft/testdata (etcd-io/raft's
 * rafttest.InteractionEnv, for our core). It drives N RawNodes over MemoryStorage and is fully
 * manual: time advances only on `tick-*`, messages wait in per-recipient queues until
 * `deliver-msgs`/`stabilize`, and every Ready is handled exactly as docs/raft-api.md prescribes
 * (synchronously: persisted into MemoryStorage, then applied, then advanced). The only
 * randomness (election timeouts) comes from SeededRngs with fixed seeds, so a script produces
 * the same transcript on every run.
 *
 * Commands (ids are node ids, `(a,b)` lists):
 *   add-nodes N [voters=(..)] [learners=(..)] [index=I] [term=T] [prevote=true] [checkquorum=true]
 *             [election-tick=E] [heartbeat-tick=H] [max-msg-size=B] [max-inflight=K]
 *   campaign ID | tick-heartbeat ID | tick-election ID | tick ID COUNT
 *   propose ID DATA | propose-conf-change ID [transition=auto|explicit] v4 l5 r2 ...
 *   transfer-leadership from=ID to=ID | read-index ID CTX [mode=safe|lease]
 *   report-snapshot from=ID to=ID [ok=false] | report-unreachable from=ID to=ID
 *   process-ready ID... | deliver-msgs [drop=(..)] [ID...] | stabilize [ID...]
 *   isolate ID... | heal | restart ID
 *   status ID | raft-log ID | state ID | snapshot ID | compact ID INDEX | log-level none|info
 */
import {
  BOOTSTRAP_INDEX, BOOTSTRAP_TERM, ConfChangeType, EMPTY_CONF_STATE, EntryType, MemoryStorage,
  ProgressState, RawNode, SeededRng, StateRole, decodeConfChange,
  type ConfChange, type ConfChangeSingle, type ConfState, type Message, type NodeId,
  type ProgressStatus, type Raft, type RaftConfig, type RaftRefusal, type Ready, type Rng,
  type Snapshot,
} from '../../../src/raft/index.js';
import type { CommandArg, TestBlock } from './datadriven.js';
import {
  describeConfChange, describeConfState, describeEntry, describeHardState, describeMessage,
  describeReady, describeRole, describeSnapshot,
} from './describe.js';

/** Every node's Rng is seeded from this and its id: fixed, so transcripts never change run to run. */
const SEED_BASE = 0x5eed;
/** Small timeouts keep transcripts short; etcd's interaction tests use the same values. */
const DEFAULT_ELECTION_TICK = 3;
const DEFAULT_HEARTBEAT_TICK = 1;
/** `stabilize` gives up after this many rounds: a livelock is a bug to report, not to wait out. */
const STABILIZE_ROUNDS_MAX = 200;
/** Per-recipient queue bound; a script that exceeds it is almost certainly looping. */
const INBOX_MESSAGES_MAX = 10_000;

/** Counts draws so that `tick-election` can tell when the node re-armed its election timer. */
class CountingRng implements Rng {
  draws = 0;
  private readonly inner: SeededRng;
  constructor(seed: number) {
    this.inner = new SeededRng(seed);
  }
  nextInt(n: number): number {
    this.draws++;
    return this.inner.nextInt(n);
  }
}

/** What the host keeps about one node; `restart` keeps only `storage`. */
interface HostNode {
  readonly id: NodeId;
  readonly storage: MemoryStorage;
  /** Everything but storage/rng/applied, reused on restart. */
  readonly options: Omit<RaftConfig, 'id' | 'storage' | 'rng' | 'applied'>;
  rng: CountingRng;
  raw: RawNode;
  /** The state machine: the data of every applied normal entry, in order. */
  values: string[];
  applied: number;
}

class CommandError extends Error {}

export interface InteractionEnvOptions {
  /** Builds each node's core; tests pass a Raft subclass with a planted bug (see RawNode). */
  readonly makeCore?: (config: RaftConfig) => Raft;
}

export class InteractionEnv {
  private readonly makeCore: ((config: RaftConfig) => Raft) | undefined;
  private readonly nodes = new Map<NodeId, HostNode>();
  /**
   * Messages waiting for delivery, by recipient. `lost` marks a message sent across a partition:
   * healing the partition later must not bring it back.
   */
  private readonly inboxes = new Map<NodeId, { readonly m: Message; readonly lost: boolean }[]>();
  /** Nodes cut off from everyone: messages from or to them are dropped. */
  private readonly isolated = new Set<NodeId>();
  private out: string[] = [];
  private indent = '';
  private silent = false;

  constructor(options: InteractionEnvOptions = {}) {
    this.makeCore = options.makeCore;
  }

  private newRawNode(config: RaftConfig): RawNode {
    return this.makeCore === undefined ? new RawNode(config) : new RawNode(config, this.makeCore);
  }

  /** Runs one command block and returns its transcript ("ok" when it printed nothing, as etcd). */
  handle(block: TestBlock): string {
    this.out = [];
    this.indent = '';
    try {
      this.dispatch(block);
    } catch (err) {
      // Errors are part of the transcript: a script may expect a refusal or an invariant failure.
      // Never silenced by `log-level none`: a failing setup must not pass unnoticed.
      const e = err as Error;
      this.out.push(this.indent + (e instanceof CommandError ? `error: ${e.message}` : `error: ${e.name}: ${e.message}`));
    }
    const text = this.out.join('\n');
    return (text === '' ? 'ok' : text) + '\n';
  }

  private dispatch(b: TestBlock): void {
    const args = b.args;
    switch (b.cmd) {
      case 'add-nodes': return this.addNodes(args);
      case 'campaign': return this.onNode(args, (n) => this.step(n, () => n.raw.campaign()));
      case 'tick-heartbeat': return this.onNode(args, (n) => this.tick(n, n.options.heartbeatTick ?? DEFAULT_HEARTBEAT_TICK));
      case 'tick-election': return this.onNode(args, (n) => this.tickElection(n));
      case 'tick': return this.tickCmd(args);
      case 'propose': return this.propose(args);
      case 'propose-conf-change': return this.proposeConfChange(args, b.input);
      case 'transfer-leadership': return this.transferLeadership(args);
      case 'read-index': return this.readIndex(args);
      case 'deliver-msgs': return this.deliverMsgsCmd(args);
      case 'process-ready': return this.processReadyCmd(args);
      case 'stabilize': return this.stabilize(this.idsOrAll(args));
      case 'log-level': return this.logLevel(args);
      case 'status': return this.onNode(args, (n) => this.status(n));
      case 'raft-log': return this.onNode(args, (n) => this.raftLog(n));
      case 'state': return this.onNode(args, (n) => this.print(`${n.id} applied=${n.applied} values=[${n.values.join(' ')}]`));
      case 'compact': return this.compact(args);
      case 'snapshot': return this.onNode(args, (n) => this.snapshot(n));
      case 'restart': return this.onNode(args, (n) => this.restart(n));
      case 'isolate': return this.isolate(args);
      case 'heal': return this.heal();
      case 'report-snapshot': return this.reportSnapshot(args);
      case 'report-unreachable': return this.reportUnreachable(args);
      default: throw new CommandError(`unknown command "${b.cmd}"`);
    }
  }

  // ---------------------------------------------------------------- output

  private print(line: string): void {
    if (!this.silent) this.out.push(this.indent + line);
  }

  private withIndent(f: () => void): void {
    const saved = this.indent;
    this.indent += '  ';
    try {
      f();
    } finally {
      this.indent = saved;
    }
  }

  private logLevel(args: readonly CommandArg[]): void {
    const level = args[0]?.key;
    // The core does not log (it returns events); the level silences the transcript, so that a
    // script can set up a cluster without printing the setup (etcd: `log-level none`).
    if (level === 'none') this.silent = true;
    else if (level === 'info' || level === 'debug') this.silent = false;
    else throw new CommandError(`log-level takes none|info|debug, got ${level ?? 'nothing'}`);
  }

  // ---------------------------------------------------------------- arguments

  private node(id: NodeId): HostNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new CommandError(`no node ${id}`);
    return n;
  }

  private static num(s: string, what: string): number {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 0) throw new CommandError(`${what} must be a non-negative integer, got "${s}"`);
    return v;
  }

  /** The bare numeric words of a command line: `stabilize 1 2` → [1, 2]. */
  private static ids(args: readonly CommandArg[]): NodeId[] {
    return args.filter((a) => a.vals.length === 0 && /^\d+$/.test(a.key)).map((a) => InteractionEnv.num(a.key, 'node id'));
  }

  private idsOrAll(args: readonly CommandArg[]): NodeId[] {
    const ids = InteractionEnv.ids(args);
    for (const id of ids) this.node(id);
    return ids.length > 0 ? ids : [...this.nodes.keys()].sort((a, b) => a - b);
  }

  private static kv(args: readonly CommandArg[], key: string): readonly string[] | undefined {
    return args.find((a) => a.key === key)?.vals;
  }

  private static kvOne(args: readonly CommandArg[], key: string): string | undefined {
    const vals = InteractionEnv.kv(args, key);
    if (vals === undefined) return undefined;
    if (vals.length !== 1) throw new CommandError(`${key}= takes one value`);
    return vals[0];
  }

  private static kvBool(args: readonly CommandArg[], key: string): boolean | undefined {
    const v = InteractionEnv.kvOne(args, key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw new CommandError(`${key}= takes true|false, got ${v}`);
    return v === 'true';
  }

  private static kvNum(args: readonly CommandArg[], key: string): number | undefined {
    const v = InteractionEnv.kvOne(args, key);
    return v === undefined ? undefined : InteractionEnv.num(v, key);
  }

  private onNode(args: readonly CommandArg[], f: (n: HostNode) => void): void {
    const ids = InteractionEnv.ids(args);
    if (ids.length === 0) throw new CommandError('needs a node id');
    for (const id of ids) f(this.node(id));
  }

  // ---------------------------------------------------------------- node calls

  private roleTerm(n: HostNode): { role: StateRole; term: number } {
    const st = n.raw.status();
    return { role: st.softState.role, term: st.hardState.term };
  }

  /**
   * Runs an input on the node and reports role/term transitions the way etcd's logger does
   * ("2 became leader at term 2"): the core does not log, so the host observes them.
   */
  private step<T>(n: HostNode, f: () => T): T {
    const before = this.roleTerm(n);
    const result = f();
    this.printTransition(n, before);
    return result;
  }

  private printTransition(n: HostNode, before: { role: StateRole; term: number }): void {
    const after = this.roleTerm(n);
    if (after.role !== before.role || after.term !== before.term) {
      this.print(`${n.id} became ${after.role} at term ${after.term}`);
    }
  }

  private tick(n: HostNode, ticks: number): void {
    for (let i = 0; i < ticks; i++) this.step(n, () => n.raw.tick());
  }

  private tickCmd(args: readonly CommandArg[]): void {
    const [id, count] = InteractionEnv.ids(args);
    if (id === undefined || count === undefined) throw new CommandError('usage: tick ID COUNT');
    this.tick(this.node(id), count);
  }

  /**
   * Ticks until the node's election timer fires once. A leader's check-quorum timer is the plain
   * electionTick, so a leader is ticked electionTick times. A follower's or candidate's timeout
   * is randomized in [electionTick, 2*electionTick), so it is ticked one tick at a time until it
   * campaigns, at most 2*electionTick-1 times. A fire shows as a role or term change, a new
   * timeout drawn from the Rng, or a Ready appearing (a pre-candidate that pre-campaigns again
   * shows only that); if the node already had a Ready pending, only the bound stops it.
   */
  private tickElection(n: HostNode): void {
    const electionTick = n.options.electionTick ?? DEFAULT_ELECTION_TICK;
    if (this.roleTerm(n).role === StateRole.Leader) {
      this.tick(n, electionTick);
      return;
    }
    for (let i = 0; i < 2 * electionTick - 1; i++) {
      const before = this.roleTerm(n);
      const draws = n.rng.draws;
      // A non-leader's tick produces output only when it campaigns.
      const hadReady = n.raw.hasReady();
      this.step(n, () => n.raw.tick());
      const after = this.roleTerm(n);
      if (n.rng.draws !== draws || after.role !== before.role || after.term !== before.term) return;
      if (!hadReady && n.raw.hasReady()) return;
    }
  }

  private static refusal(e: RaftRefusal): string {
    switch (e.code) {
      case 'NOT_LEADER': return `NOT_LEADER leader=${e.leader}`;
      case 'TRANSFER_IN_PROGRESS': return `TRANSFER_IN_PROGRESS transferee=${e.transferee}`;
      case 'CONF_CHANGE_PENDING': return `CONF_CHANGE_PENDING pendingIndex=${e.pendingIndex}`;
      case 'UNCOMMITTED_LOG_FULL': return `UNCOMMITTED_LOG_FULL limitBytes=${e.limitBytes}`;
      default: return e.code;
    }
  }

  // ---------------------------------------------------------------- add-nodes / restart

  /**
   * `add-nodes N [voters=(1,2,3)] [learners=(4)] [index=I] [prevote=true] [checkquorum=true]
   *  [term=T] [election-tick=E] [heartbeat-tick=H] [max-msg-size=B] [max-inflight=K]`
   *
   * Ids continue from the existing nodes. Founding members start from MemoryStorage.bootstrap:
   * a snapshot at 1/1 holding the membership; with `index=I` the snapshot is at I/1 instead (as
   * etcd's scripts do), committed. The HardState is the one bootstrap writes; `term=T` stores
   * HardState{term: T, commit: I} instead (with check-quorum the core takes a stored term for a
   * restart and refuses votes for an election timeout, `voteQuiescenceTicks`). Without
   * `voters` a node starts with an empty storage: a replica about to be added, that learns the
   * group from the leader's snapshot. Pre-vote and check-quorum are off unless asked for, as in
   * the paper and in etcd's scripts, so each script says which of them its scenario needs.
   */
  private addNodes(args: readonly CommandArg[]): void {
    const [count] = InteractionEnv.ids(args);
    if (count === undefined || count <= 0) throw new CommandError('usage: add-nodes N [voters=(..)] ...');
    const voters = (InteractionEnv.kv(args, 'voters') ?? []).map((v) => InteractionEnv.num(v, 'voter'));
    const learners = (InteractionEnv.kv(args, 'learners') ?? []).map((v) => InteractionEnv.num(v, 'learner'));
    const index = InteractionEnv.kvNum(args, 'index');
    const term = InteractionEnv.kvNum(args, 'term');
    if (index !== undefined && index < BOOTSTRAP_INDEX) throw new CommandError(`index=${index} is before the bootstrap index ${BOOTSTRAP_INDEX}`);
    if (term !== undefined && term < BOOTSTRAP_TERM) throw new CommandError(`term=${term} is older than the bootstrap entry`);
    const confState: ConfState = { ...EMPTY_CONF_STATE, voters, learners };
    const maxSizePerMsg = InteractionEnv.kvNum(args, 'max-msg-size');
    const maxInflightMsgs = InteractionEnv.kvNum(args, 'max-inflight');
    const options: HostNode['options'] = {
      preVote: InteractionEnv.kvBool(args, 'prevote') ?? false,
      checkQuorum: InteractionEnv.kvBool(args, 'checkquorum') ?? false,
      electionTick: InteractionEnv.kvNum(args, 'election-tick') ?? DEFAULT_ELECTION_TICK,
      heartbeatTick: InteractionEnv.kvNum(args, 'heartbeat-tick') ?? DEFAULT_HEARTBEAT_TICK,
      ...(maxSizePerMsg !== undefined ? { maxSizePerMsg } : {}),
      ...(maxInflightMsgs !== undefined ? { maxInflightMsgs } : {}),
    };
    const joining = voters.length === 0 && learners.length === 0;
    if (joining && (index !== undefined || term !== undefined)) throw new CommandError('a joining node (no voters) starts empty: no index= or term=');
    const first = this.nodes.size + 1;
    for (let id = first; id < first + count; id++) {
      // A joining replica starts with nothing and learns the group from the leader's snapshot.
      const storage = joining ? new MemoryStorage() : MemoryStorage.bootstrap(confState, encodeValues([]));
      if (index !== undefined && index > storage.snapshot().metadata.index) {
        storage.applySnapshot({ metadata: { index, term: BOOTSTRAP_TERM, confState }, data: encodeValues([]) });
        // The bootstrap entries are committed by definition; keep whatever term bootstrap chose.
        storage.setHardState({ ...storage.hardStateNow(), commit: index });
      }
      const applied = storage.snapshot().metadata.index;
      if (term !== undefined) storage.setHardState({ term, vote: 0, commit: applied });
      const rng = new CountingRng(SEED_BASE + id);
      const raw = this.newRawNode({ id, storage, rng, applied, ...options });
      const n: HostNode = { id, storage, options, rng, raw, values: [], applied };
      this.nodes.set(id, n);
      this.inboxes.set(id, []);
      this.describeStart(n);
    }
  }

  private describeStart(n: HostNode): void {
    const st = n.raw.status();
    this.print(`${n.id} started as ${st.softState.role} at term ${st.hardState.term}: commit=${st.commit} applied=${n.applied} ` +
      `log=(${st.firstIndex - 1}..${st.lastIndex}] ${describeConfState(st.confState)}`);
  }

  /**
   * A crash: everything but the durable MemoryStorage is lost (volatile state, the unhandled
   * Ready, the state machine). The state machine restarts from the stored snapshot, so `applied`
   * is the snapshot's index and the membership is the snapshot's; committed entries after it are
   * applied again.
   */
  private restart(n: HostNode): void {
    const snap = n.storage.snapshot();
    n.storage.setConfState(snap.metadata.confState);
    n.values = decodeValues(snap.data);
    n.applied = snap.metadata.index;
    n.rng = new CountingRng(SEED_BASE + n.id);
    n.raw = this.newRawNode({ id: n.id, storage: n.storage, rng: n.rng, applied: n.applied, ...n.options });
    this.describeStart(n);
  }

  // ---------------------------------------------------------------- requests

  private propose(args: readonly CommandArg[]): void {
    const [idArg, data] = args;
    if (idArg === undefined || data === undefined) throw new CommandError('usage: propose ID DATA');
    const n = this.node(InteractionEnv.num(idArg.key, 'node id'));
    const r = this.step(n, () => n.raw.propose(new TextEncoder().encode(data.key)));
    if (!r.ok) this.print(`refused: ${InteractionEnv.refusal(r.error)}`);
  }

  /** `propose-conf-change ID [transition=auto|explicit] v4 l5 r2` (the changes may also be input lines). */
  private proposeConfChange(args: readonly CommandArg[], input: readonly string[]): void {
    const [idArg, ...rest] = args;
    if (idArg === undefined) throw new CommandError('usage: propose-conf-change ID [transition=..] v4 l5 r2');
    const n = this.node(InteractionEnv.num(idArg.key, 'node id'));
    const words = [...rest.filter((a) => a.vals.length === 0).map((a) => a.key), ...input.flatMap((l) => l.split(/\s+/)).filter((w) => w !== '')];
    const changes = words.map(parseChange);
    const transition = InteractionEnv.kvOne(rest, 'transition');
    if (transition !== undefined && transition !== 'auto' && transition !== 'explicit') {
      throw new CommandError(`transition= takes auto|explicit, got ${transition}`);
    }
    const cc: ConfChange = { changes, ...(transition !== undefined ? { transition } : {}) };
    const r = this.step(n, () => n.raw.proposeConfChange(cc));
    if (!r.ok) this.print(`refused: ${InteractionEnv.refusal(r.error)}`);
  }

  private transferLeadership(args: readonly CommandArg[]): void {
    const from = InteractionEnv.kvNum(args, 'from');
    const to = InteractionEnv.kvNum(args, 'to');
    if (from === undefined || to === undefined) throw new CommandError('usage: transfer-leadership from=ID to=ID');
    const n = this.node(from);
    const r = this.step(n, () => n.raw.transferLeadership(to));
    if (!r.ok) this.print(`refused: ${InteractionEnv.refusal(r.error)}`);
  }

  /** `read-index ID CTX [mode=safe|lease]` */
  private readIndex(args: readonly CommandArg[]): void {
    const [idArg, ctx] = args;
    if (idArg === undefined || ctx === undefined || ctx.vals.length > 0) throw new CommandError('usage: read-index ID CTX [mode=safe|lease]');
    const n = this.node(InteractionEnv.num(idArg.key, 'node id'));
    const mode = InteractionEnv.kvOne(args, 'mode') ?? 'safe';
    if (mode !== 'safe' && mode !== 'lease') throw new CommandError(`mode= takes safe|lease, got ${mode}`);
    const r = this.step(n, () => n.raw.readIndex(new TextEncoder().encode(ctx.key), mode));
    if (!r.ok) this.print(`refused: ${InteractionEnv.refusal(r.error)}`);
  }

  /** `report-snapshot from=1 to=3 [ok=false]`: the transport's verdict on a Snap message. */
  private reportSnapshot(args: readonly CommandArg[]): void {
    const from = InteractionEnv.kvNum(args, 'from');
    const to = InteractionEnv.kvNum(args, 'to');
    if (from === undefined || to === undefined) throw new CommandError('usage: report-snapshot from=ID to=ID [ok=true|false]');
    const n = this.node(from);
    const ok = InteractionEnv.kvBool(args, 'ok') ?? true;
    this.step(n, () => n.raw.reportSnapshot(to, ok));
  }

  private reportUnreachable(args: readonly CommandArg[]): void {
    const from = InteractionEnv.kvNum(args, 'from');
    const to = InteractionEnv.kvNum(args, 'to');
    if (from === undefined || to === undefined) throw new CommandError('usage: report-unreachable from=ID to=ID');
    const n = this.node(from);
    this.step(n, () => n.raw.reportUnreachable(to));
  }

  // ---------------------------------------------------------------- Ready

  private processReadyCmd(args: readonly CommandArg[]): void {
    const ids = InteractionEnv.ids(args);
    if (ids.length === 0) throw new CommandError('usage: process-ready ID...');
    for (const id of ids) {
      const n = this.node(id);
      if (ids.length > 1) {
        this.print(`> ${id} handling Ready`);
        this.withIndent(() => this.processReady(n));
      } else {
        this.processReady(n);
      }
    }
  }

  /** Handles one Ready by the host rules of docs/raft-api.md, printing it as it goes. */
  private processReady(n: HostNode): void {
    if (!n.raw.hasReady()) {
      this.print('<no Ready>');
      return;
    }
    const rd = n.raw.ready();
    for (const line of describeReady(rd)) this.print(line);
    // Rule 2: messages may leave before the write.
    this.send(rd.messages);
    // Rule 3: snapshot, then entries, then hard state, as one synchronous write.
    if (rd.snapshot !== null) n.storage.applySnapshot(rd.snapshot);
    n.storage.append(rd.entries);
    if (rd.hardState !== null) n.storage.setHardState(rd.hardState);
    // Rule 4: these promise the durable state written just above.
    this.send(rd.persistedMessages);
    // Rule 5: apply.
    if (rd.snapshot !== null) this.applySnapshot(n, rd.snapshot);
    this.applyEntries(n, rd);
    // Rule 6.
    this.step(n, () => n.raw.advance(rd));
  }

  private applySnapshot(n: HostNode, snap: Snapshot): void {
    n.values = decodeValues(snap.data);
    n.applied = snap.metadata.index;
  }

  private applyEntries(n: HostNode, rd: Ready): void {
    for (const e of rd.committedEntries) {
      if (e.index !== n.applied + 1) {
        throw new Error(`node ${n.id} was handed ${describeEntry(e)} to apply after applying ${n.applied}`);
      }
      if (e.type === EntryType.ConfChange) {
        const cc = decodeConfChange(e.data);
        const before = this.roleTerm(n);
        const cs = n.raw.applyConfChange(cc);
        n.storage.setConfState(cs);
        this.print(`${n.id} applied ${describeConfChange(cc)} at ${e.index}: ${describeConfState(cs)}`);
        // Cause before effect: a leader that applies its own removal steps down right here.
        this.printTransition(n, before);
      } else if (e.data.length > 0) {
        n.values.push(new TextDecoder().decode(e.data));
      }
      n.applied = e.index;
    }
  }

  private send(msgs: readonly Message[]): void {
    for (const m of msgs) {
      let inbox = this.inboxes.get(m.to);
      if (inbox === undefined) {
        // A message to a node the script has not created (yet): it waits like any other.
        inbox = [];
        this.inboxes.set(m.to, inbox);
      }
      if (inbox.length >= INBOX_MESSAGES_MAX) throw new Error(`inbox of ${m.to} exceeds ${INBOX_MESSAGES_MAX} messages`);
      inbox.push({ m, lost: this.crossesPartition(m) });
    }
  }

  // ---------------------------------------------------------------- network

  /**
   * `deliver-msgs [drop=(2,3)] [ID...]`: delivers every queued message to each listed recipient
   * (all nodes when none is listed) and discards those to the `drop` recipients.
   */
  private deliverMsgsCmd(args: readonly CommandArg[]): void {
    const deliver = InteractionEnv.ids(args);
    const drop = (InteractionEnv.kv(args, 'drop') ?? []).map((v) => InteractionEnv.num(v, 'drop id'));
    for (const id of drop) {
      if (deliver.includes(id)) throw new CommandError(`can't both deliver and drop messages to ${id}`);
    }
    const targets = deliver.length === 0 && drop.length === 0 ? [...this.nodes.keys()].sort((a, b) => a - b) : deliver;
    let count = 0;
    for (const id of targets) count += this.deliverTo(id, false);
    for (const id of drop) count += this.deliverTo(id, true);
    if (count === 0) this.print('no messages');
  }

  /** Delivers (or drops) everything queued for `id`; returns how many messages there were. */
  private deliverTo(id: NodeId, drop: boolean): number {
    const msgs = this.inboxes.get(id) ?? [];
    this.inboxes.set(id, []);
    const n = drop ? undefined : this.node(id);
    for (const { m, lost } of msgs) {
      // Lost if the link was cut when it was sent or is cut now.
      if (n === undefined || lost || this.crossesPartition(m)) {
        this.print(`dropped: ${describeMessage(m)}`);
        continue;
      }
      this.print(describeMessage(m));
      this.withIndent(() => this.step(n, () => n.raw.step(m)));
    }
    return msgs.length;
  }

  /**
   * `stabilize [ID...]`: handle Readies and deliver messages among the given nodes (all by
   * default) until none has a Ready or a queued message (etcd's Stabilize).
   */
  private stabilize(ids: readonly NodeId[]): void {
    for (let round = 0; round < STABILIZE_ROUNDS_MAX; round++) {
      let done = true;
      for (const id of ids) {
        const n = this.node(id);
        if (!n.raw.hasReady()) continue;
        done = false;
        this.print(`> ${id} handling Ready`);
        this.withIndent(() => this.processReady(n));
      }
      for (const id of ids) {
        if ((this.inboxes.get(id)?.length ?? 0) === 0) continue;
        done = false;
        this.print(`> ${id} receiving messages`);
        this.withIndent(() => this.deliverTo(id, false));
      }
      if (done) return;
    }
    throw new Error(`stabilize did not settle within ${STABILIZE_ROUNDS_MAX} rounds`);
  }

  private crossesPartition(m: Message): boolean {
    return this.isolated.has(m.from) || this.isolated.has(m.to);
  }

  /** `isolate ID...`: a partition holding only that node (messages to and from it are dropped). */
  private isolate(args: readonly CommandArg[]): void {
    const ids = InteractionEnv.ids(args);
    if (ids.length === 0) throw new CommandError('usage: isolate ID...');
    for (const id of ids) {
      this.node(id);
      this.isolated.add(id);
    }
  }

  private heal(): void {
    this.isolated.clear();
  }

  // ---------------------------------------------------------------- storage

  /** `snapshot ID`: the host snapshots its state machine at its applied index. */
  private snapshot(n: HostNode): void {
    const snap = n.storage.createSnapshot(n.applied, n.storage.initialState().confState, encodeValues(n.values));
    this.print(`${n.id} created snapshot ${describeSnapshot(snap)}`);
  }

  /** `compact ID INDEX`: drops the log up to INDEX, which a stored snapshot must cover. */
  private compact(args: readonly CommandArg[]): void {
    const [id, index] = InteractionEnv.ids(args);
    if (id === undefined || index === undefined) throw new CommandError('usage: compact ID INDEX');
    const n = this.node(id);
    const snapIndex = n.storage.snapshot().metadata.index;
    if (index > snapIndex) {
      throw new CommandError(`compact ${id} ${index}: the stored snapshot is at ${snapIndex}; a lagging follower could not be caught up`);
    }
    n.storage.compact(index);
    this.raftLog(n);
  }

  private raftLog(n: HostNode): void {
    const first = n.storage.firstIndex();
    const last = n.storage.lastIndex();
    if (last < first) {
      this.print(`log is empty: first index=${first}, last index=${last}`);
      return;
    }
    for (const e of n.storage.entries(first, last + 1, Number.MAX_SAFE_INTEGER)) this.print(describeEntry(e));
  }

  // ---------------------------------------------------------------- status

  private status(n: HostNode): void {
    const st = n.raw.status();
    this.print(`${n.id}: ${describeRole(st.softState.role)} Lead:${st.softState.leader} ${describeHardState(st.hardState)} ` +
      `applied=${st.applied} log=(${st.firstIndex - 1}..${st.lastIndex}]` +
      (st.leadTransferee !== 0 ? ` transferee=${st.leadTransferee}` : '') +
      (st.softState.role === StateRole.Leader ? ` lease=${st.leaseValid ? 'valid' : 'none'}` : ''));
    this.print(describeConfState(st.confState));
    for (const [id, pr] of [...st.progress].sort(([a], [b]) => a - b)) {
      this.print(`${id}: ${describeProgress(pr)}`);
    }
  }
}

const PROGRESS_STATE_NAMES: Readonly<Record<ProgressState, string>> = {
  [ProgressState.Probe]: 'StateProbe',
  [ProgressState.Replicate]: 'StateReplicate',
  [ProgressState.Snapshot]: 'StateSnapshot',
};

/** `StateReplicate match=5 next=6 inflight=1`, like etcd's tracker.Progress.String(). */
function describeProgress(pr: ProgressStatus): string {
  let s = `${PROGRESS_STATE_NAMES[pr.state]} match=${pr.match} next=${pr.next}`;
  if (pr.isLearner) s += ' learner';
  if (pr.inflightMsgs > 0) s += ` inflight=${pr.inflightMsgs}`;
  if (pr.state === ProgressState.Snapshot) s += ` pendingSnap=${pr.pendingSnapshot}`;
  // Cleared at every check-quorum round; a leader that finds a quorum inactive steps down.
  if (!pr.recentActive) s += ' inactive';
  return s;
}

function parseChange(word: string): ConfChangeSingle {
  const m = /^([vlr])(\d+)$/.exec(word);
  if (m === null) throw new CommandError(`conf change "${word}" is not v<id>, l<id> or r<id>`);
  const type = m[1] === 'v' ? ConfChangeType.AddVoter : m[1] === 'l' ? ConfChangeType.AddLearner : ConfChangeType.RemoveNode;
  return { type, nodeId: Number(m[2]) };
}

/** The state machine's snapshot format: the applied values as a JSON array. */
function encodeValues(values: readonly string[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(values));
}

function decodeValues(data: Uint8Array): string[] {
  if (data.length === 0) return [];
  const parsed: unknown = JSON.parse(new TextDecoder().decode(data));
  if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === 'string')) {
    throw new Error('snapshot data is not a JSON array of strings');
  }
  return parsed;
}
