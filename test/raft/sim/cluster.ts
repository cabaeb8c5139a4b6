import {
  ConfChangeType, MemoryStorage, MessageType, NONE, SeededRng, StateRole,
  type ConfChange, type NodeId, type ProposeResult, type Raft, type RaftConfig,
} from '../../../src/raft/index.js';
import { mixSeed } from './chain-hash.js';
import { Checker, ViolationError, type Violation } from './checkers.js';
import { CALM_CONDITIONS, Network, type DropReason, type PacketSink } from './network.js';
import type { Packet } from './packet-queue.js';
import { sortedEvents, type Schedule, type SimEvent, type TimedEvent } from './schedule.js';
import { SimHost, encodeReadId, formatConfState, membersOf, type CompactionPolicy, type CoreTuning, type HostEnv } from './sim-host.js';
import { BOOTSTRAP_STATE_MACHINE, encodeCommand, encodeSnapshot } from './state-machine.js';
import { Trace, formatMessage } from './trace.js';

/**
 * A whole simulated cluster on virtual time, in one thread: hosts, the network, clients and the
 * adversary's schedule. `runCluster` is a pure function of its options: the same seed, size and
 * schedule give the same run, message for message.
 *
 * Time is counted in steps. Every step: the schedule's events for that step fire, every
 * TICK_INTERVAL_STEPS the live nodes tick, due messages arrive, due writes complete, and every
 * host handles what it can. After the schedule, the cluster heals and must elect one leader and
 * converge (liveness).
 */

/** Steps per Raft tick: message latency (1..4 steps) stays around a tick, as on a LAN. */
export const TICK_INTERVAL_STEPS = 4;
/** After healing, a single leader everybody follows must emerge within this many ticks. */
export const LIVENESS_LEADER_TICKS_MAX = 80;
/** ...and then every live member must have applied everything within this many more ticks. */
export const LIVENESS_CONVERGE_TICKS_MAX = 80;
/** Extra node ids beyond the initial members, for add-learner (ids are never reused). */
export const SPARE_NODE_IDS = 6;
/** Voters a removal leaves at least. */
export const VOTERS_AFTER_REMOVAL_MIN = 2;

export const DEFAULT_TUNING: CoreTuning = {
  electionTick: 10,
  heartbeatTick: 2,
  // Small limits so that a few dozen entries already exercise batching and flow control.
  maxSizePerMsg: 256,
  maxInflightMsgs: 4,
  maxCommittedSizePerReady: 512,
  maxUncommittedEntriesSize: 16 * 1024,
  preVote: true,
  checkQuorum: true,
};

export const DEFAULT_COMPACTION: CompactionPolicy = { everyEntries: 24, keepEntries: 6 };

export interface ClusterOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly steps: number;
  readonly schedule: Schedule;
  readonly makeCore?: ((config: RaftConfig) => Raft) | undefined;
  readonly trace?: Trace | undefined;
  readonly tuning?: CoreTuning | undefined;
  readonly compaction?: CompactionPolicy | undefined;
  /** Skip the heal-and-converge phase (the teeth tests look for safety violations only). */
  readonly skipLiveness?: boolean | undefined;
}

export interface ClusterStats {
  readonly steps: number;
  readonly leaders: number;
  readonly committed: number;
  readonly proposalsAccepted: number;
  readonly readsRequested: number;
  readonly readsAnswered: number;
  readonly crashes: number;
  readonly snapshotsSent: number;
  readonly snapshotsInstalled: number;
  readonly confChanges: number;
  readonly jointConfigsApplied: number;
  readonly transfers: number;
  readonly ticksToLeader: number;
}

export interface ClusterOutcome {
  readonly violation: Violation | null;
  readonly stats: ClusterStats;
}

export function runCluster(o: ClusterOptions): ClusterOutcome {
  return new Cluster(o).run();
}

interface AcceptedProposal {
  readonly index: number;
  readonly term: number;
  readonly leader: NodeId;
}

class Cluster implements PacketSink {
  private step = 0;
  private readonly rng: SeededRng;
  private readonly trace: Trace;
  private readonly checker: Checker;
  private readonly network: Network;
  private readonly hosts = new Map<NodeId, SimHost>();
  private readonly env: HostEnv;
  private readonly persistRng: SeededRng;
  private persistStepsMax = 0;
  private nextNodeId: NodeId;
  private readonly nodeIdLimit: NodeId;
  /** Who the clients believe leads (NOT_LEADER hints update it). */
  private leaderGuess: NodeId = NONE;
  private nextProposalId = 1;
  private nextReadId = 1;
  private readonly accepted = new Map<number, AcceptedProposal>();
  /** index → the client command applied there (by any node; the checkers keep them equal). */
  private readonly commandAt = new Map<number, number>();
  private stats = {
    steps: 0, leaders: 0, committed: 0, proposalsAccepted: 0, readsRequested: 0, readsAnswered: 0, crashes: 0, snapshotsSent: 0,
    snapshotsInstalled: 0, confChanges: 0, jointConfigsApplied: 0, transfers: 0, ticksToLeader: -1,
  };

  constructor(private readonly o: ClusterOptions) {
    if (o.nodes < 1) throw new RangeError(`a cluster needs at least one node, got ${o.nodes}`);
    this.rng = new SeededRng(mixSeed(o.seed, 0x6e65_7477)); // "netw"
    this.persistRng = new SeededRng(mixSeed(o.seed, 0x6469_736b)); // "disk"
    this.trace = o.trace ?? new Trace(false);
    this.checker = new Checker(() => this.step);
    this.network = new Network(this.rng, this);
    this.nextNodeId = o.nodes + 1;
    this.nodeIdLimit = o.nodes + SPARE_NODE_IDS;
    this.env = {
      checker: this.checker,
      trace: this.trace,
      tuning: o.tuning ?? DEFAULT_TUNING,
      makeCore: o.makeCore,
      now: () => this.step,
      send: (m, incarnation) => this.network.send(m, this.step, incarnation),
      persistSteps: () => (this.persistStepsMax === 0 ? 0 : this.persistRng.nextInt(this.persistStepsMax + 1)),
      coreSeed: (id, incarnation) => mixSeed(o.seed, id, incarnation),
      count: (what) => { this.stats[what]++; },
      commandApplied: (host, index, proposalId) => {
        // Clients never retry, so a command can only ever sit at the index its leader gave it.
        this.commandAt.set(index, proposalId);
        const p = this.accepted.get(proposalId);
        if (p !== undefined && p.index !== index) {
          this.checker.fail('state-machine-safety', `n${host.id} applied proposal #${proposalId} at ${index}, but n${p.leader} accepted it at ${p.index}@${p.term}`);
        }
      },
    };
    const voters: NodeId[] = [];
    for (let id = 1; id <= o.nodes; id++) voters.push(id);
    const confState = { voters, learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
    for (const id of voters) this.addHost(id, MemoryStorage.bootstrap(confState, encodeSnapshot(BOOTSTRAP_STATE_MACHINE)));
  }

  run(): ClusterOutcome {
    const c = this.o.schedule.conditions;
    this.network.setConditions(c);
    this.persistStepsMax = c.persistStepsMax;
    const events = sortedEvents(this.o.schedule);
    let next = 0;
    try {
      for (const h of this.hosts.values()) h.start();
      for (this.step = 0; this.step < this.o.steps; this.step++) {
        for (; next < events.length && events[next]!.at <= this.step; next++) this.fire(events[next]!);
        this.advance();
      }
      this.stats.steps = this.o.steps;
      if (this.o.skipLiveness !== true) this.healAndConverge();
    } catch (e) {
      if (!(e instanceof ViolationError)) throw e;
      if (this.trace.enabled) this.trace.line(this.step, `VIOLATION ${e.violation.kind}: ${e.violation.message}`);
      this.stats.steps = this.step;
      return { violation: e.violation, stats: this.finalStats() };
    }
    return { violation: null, stats: this.finalStats() };
  }

  private finalStats(): ClusterStats {
    return { ...this.stats, committed: this.checker.highestCommitted, leaders: this.checker.leadersElected, readsAnswered: this.checker.readsAnswered };
  }

  /** One step of the world, without the schedule. */
  private advance(): void {
    if (this.step % TICK_INTERVAL_STEPS === 0) for (const h of this.hosts.values()) h.submit({ kind: 'tick' });
    this.network.deliverDue(this.step);
    for (const h of this.hosts.values()) h.pump();
    this.noteLeaders();
  }

  /**
   * A client that knows no leader finds one the way a client library does, by asking around;
   * after that it only follows NOT_LEADER hints (and retargets when its node is down).
   */
  private noteLeaders(): void {
    for (const h of this.hosts.values()) {
      if (h.alive && h.role === StateRole.Leader && this.leaderGuess === NONE) this.leaderGuess = h.id;
    }
  }

  // --- the network's deliveries ---------------------------------------------------------------------

  deliver(p: Packet): void {
    const m = p.message;
    const to = this.hosts.get(m.to);
    if (to === undefined || !to.receive(m)) return this.dropped(p, 'receiver-down');
    if (this.trace.enabled) this.trace.line(this.step, `n${m.from} → n${m.to} ${formatMessage(m)}${p.duplicate ? ' (dup)' : ''}`);
    if (m.type === MessageType.Snap && !p.duplicate) {
      this.stats.snapshotsSent++;
      this.report(p, { kind: 'report-snapshot', to: m.to, ok: true });
    }
  }

  dropped(p: Packet, reason: DropReason): void {
    const m = p.message;
    if (this.trace.enabled) this.trace.line(this.step, `n${m.from} ✗ n${m.to} ${formatMessage(m)} (${reason}${p.duplicate ? ', dup' : ''})`);
    if (p.duplicate) return;
    // What a real transport learns: a snapshot stream failed, or the peer refused the connection.
    if (m.type === MessageType.Snap) this.report(p, { kind: 'report-snapshot', to: m.to, ok: false });
    else if (reason === 'receiver-down') this.report(p, { kind: 'report-unreachable', to: m.to });
  }

  private report(p: Packet, input: { kind: 'report-snapshot'; to: NodeId; ok: boolean } | { kind: 'report-unreachable'; to: NodeId }): void {
    const sender = this.hosts.get(p.message.from);
    if (sender !== undefined && sender.alive && sender.incarnation === p.senderIncarnation) sender.submit(input);
  }

  // --- the schedule's events ----------------------------------------------------------------------

  private fire(te: TimedEvent): void {
    const ev = te.event;
    const act = (text: string): void => this.trace.action(this.step, text);
    switch (ev.kind) {
      case 'tick':
        for (const h of this.hosts.values()) h.submit({ kind: 'tick' });
        act('tick all');
        return;
      case 'deliver': {
        const ps = this.network.deliverNow(ev.count, ev.pick);
        act(`deliver early ${ps.map(describePacket).join(', ') || '(none in flight)'}`);
        return;
      }
      case 'drop': {
        const ps = this.network.dropRandom(ev.count, ev.pick);
        act(`drop ${ps.map(describePacket).join(', ') || '(none in flight)'}`);
        return;
      }
      case 'duplicate': {
        const ps = this.network.duplicateRandom(ev.count, ev.pick, this.step);
        act(`duplicate ${ps.map(describePacket).join(', ') || '(none in flight)'}`);
        return;
      }
      case 'delay': {
        const ps = this.network.delayRandom(ev.count, ev.delaySteps, ev.pick);
        act(`delay by ${ev.delaySteps} ${ps.map(describePacket).join(', ') || '(none in flight)'}`);
        return;
      }
      case 'partition': return this.partition(ev, act);
      case 'clog': {
        const links = this.links();
        const l = links[ev.pick % links.length];
        if (l === undefined) return;
        this.network.clog(l[0], l[1]);
        act(`clog n${l[0]} → n${l[1]}`);
        return;
      }
      case 'unclog': {
        const links = this.network.cloggedLinks();
        const l = links[ev.pick % Math.max(1, links.length)];
        if (l === undefined) return act('unclog (nothing clogged)');
        this.network.unclog(l[0], l[1]);
        act(`unclog n${l[0]} → n${l[1]}`);
        return;
      }
      case 'swizzle': {
        const r = new SeededRng(ev.pick);
        const links = this.links();
        shuffle(links, r);
        const chosen = links.slice(0, Math.min(ev.links, links.length));
        this.network.swizzle(chosen, this.step);
        act(`swizzle ${chosen.map(([a, b]) => `n${a}→n${b}`).join(' ')}`);
        return;
      }
      case 'heal':
        this.network.heal();
        act('heal network');
        return;
      case 'crash': {
        const live = this.liveHosts();
        const leader = this.currentLeader();
        const writing = live.filter((x) => x.writing);
        const h = ev.target === 'leader' ? leader
          : ev.target === 'writing' ? writing[ev.pick % Math.max(1, writing.length)]
          : live[ev.pick % Math.max(1, live.length)];
        if (h === undefined) return;
        const what = `${h === leader ? ' (leader)' : ''}${h.writing ? ` (losing its unwritten Ready: ${h.describeWrite()})` : ''}`;
        h.crash();
        this.stats.crashes++;
        act(`crash n${h.id}${what}`);
        return;
      }
      case 'restart': {
        const down = [...this.hosts.values()].filter((h) => !h.alive);
        const h = down[ev.pick % Math.max(1, down.length)];
        if (h === undefined) return;
        h.start();
        act(`restart n${h.id} (term=${h.term} commit=${h.commit} snapshot=${h.storage.snapshot().metadata.index} last=${h.storage.lastIndex()})`);
        return;
      }
      case 'propose': return this.propose(ev.count, ev.pick, act);
      case 'read': return this.read(ev, act);
      case 'conf-change': return this.confChange(ev, act);
      case 'transfer': {
        const l = this.currentLeader();
        if (l === undefined) return;
        const targets = l.confState.voters.filter((id) => id !== l.id);
        const to = targets[ev.pick % Math.max(1, targets.length)];
        if (to === undefined) return;
        act(`transfer leadership n${l.id} → n${to}`);
        l.submit({
          kind: 'transfer', to,
          done: (r) => {
            if (r.ok) this.stats.transfers++;
            else if (this.trace.enabled) this.trace.line(this.step, `transfer to n${to} refused: ${r.error.code}`);
          },
        });
        return;
      }
      case 'compact': {
        const live = this.liveHosts();
        const h = live[ev.pick % Math.max(1, live.length)];
        if (h !== undefined && h.compactNow()) act(`compact n${h.id} at ${h.appliedIndex}`);
        return;
      }
      case 'campaign': {
        const live = this.liveHosts();
        const h = live[ev.pick % Math.max(1, live.length)];
        if (h === undefined) return;
        h.submit({ kind: 'campaign' });
        act(`campaign n${h.id}`);
        return;
      }
    }
  }

  private partition(ev: Extract<SimEvent, { kind: 'partition' }>, act: (t: string) => void): void {
    const ids = [...this.hosts.keys()];
    if (ids.length < 2) return;
    const r = new SeededRng(ev.pick);
    shuffle(ids, r);
    let a: NodeId[];
    let b: NodeId[];
    if (ev.shape === 'isolate-leader') {
      const l = this.currentLeader()?.id ?? ids[0]!;
      a = [l];
      b = ids.filter((id) => id !== l);
    } else {
      const half = 1 + r.nextInt(ids.length - 1);
      a = ids.slice(0, half);
      b = ids.slice(half);
      if (ev.shape === 'bridge') {
        const bridge = a[a.length - 1]!;
        if (a.length === 1) a.push(b.shift()!); // keep both sides more than the bridge itself
        b.push(bridge);
      }
    }
    this.network.partition(a, b, ev.shape === 'one-way');
    const sym = ev.shape === 'one-way' ? '→' : '|';
    act(`partition ${ev.shape} {${a.sort().join(',')}} ${sym} {${b.sort().join(',')}}`);
  }

  private propose(count: number, pick: number, act: (t: string) => void): void {
    const h = this.clientTarget(pick);
    if (h === undefined) return;
    const ids: number[] = [];
    for (let k = 0; k < count; k++) ids.push(this.nextProposalId++);
    act(`client proposes #${ids.join(',#')} to n${h.id}`);
    h.submit({
      kind: 'propose',
      data: ids.map(encodeCommand),
      done: (r: ProposeResult) => {
        if (!r.ok) {
          this.leaderGuess = r.error.code === 'NOT_LEADER' ? r.error.leader : NONE;
          if (this.trace.enabled) this.trace.line(this.step, `n${h.id} refuses #${ids.join(',#')}: ${r.error.code}`);
          return;
        }
        this.stats.proposalsAccepted += ids.length;
        ids.forEach((id, k) => this.accepted.set(id, { index: r.index - (ids.length - 1 - k), term: r.term, leader: h.id }));
        if (this.trace.enabled) this.trace.line(this.step, `n${h.id} accepts #${ids.join(',#')} at ${r.index - ids.length + 1}..${r.index}@${r.term}`);
      },
    });
  }

  private read(ev: Extract<SimEvent, { kind: 'read' }>, act: (t: string) => void): void {
    const h = ev.toLeader ? this.clientTarget(ev.pick) : this.liveHosts()[ev.pick % Math.max(1, this.liveHosts().length)];
    if (h === undefined) return;
    const readId = this.nextReadId++;
    this.checker.readRequested(readId);
    act(`client reads (${ev.mode}) r${readId} at n${h.id}, committed=${this.checker.highestCommitted}`);
    h.submit({
      kind: 'read', context: encodeReadId(readId), mode: ev.mode,
      done: (r) => {
        if (r.ok) this.stats.readsRequested++;
        else if (this.trace.enabled) this.trace.line(this.step, `n${h.id} refuses read r${readId}: ${r.error.code}`);
      },
    });
  }

  private confChange(ev: Extract<SimEvent, { kind: 'conf-change' }>, act: (t: string) => void): void {
    const l = this.currentLeader();
    if (l === undefined) return;
    const cs = l.confState;
    const transition = ev.explicit ? 'explicit' as const : 'auto' as const;
    let cc: ConfChange | null = null;
    let newHost: NodeId = NONE;
    if (cs.votersOutgoing.length > 0) {
      if (!cs.autoLeave) cc = { changes: [] }; // an explicit joint config waits for us to leave it
    } else {
      const learners = cs.learners;
      const others = cs.voters.filter((id) => id !== l.id);
      const canRemove = cs.voters.length > VOTERS_AFTER_REMOVAL_MIN;
      switch (ev.change) {
        case 'add-learner':
          if (this.nextNodeId <= this.nodeIdLimit) {
            newHost = this.nextNodeId++;
            cc = { changes: [{ type: ConfChangeType.AddLearner, nodeId: newHost }], transition };
          }
          break;
        case 'promote-learner': {
          const id = learners[ev.pick % Math.max(1, learners.length)];
          if (id !== undefined) cc = { changes: [{ type: ConfChangeType.AddVoter, nodeId: id }], transition };
          break;
        }
        case 'remove-voter': {
          const id = others[ev.pick % Math.max(1, others.length)];
          if (id !== undefined && canRemove) cc = { changes: [{ type: ConfChangeType.RemoveNode, nodeId: id }], transition };
          break;
        }
        case 'remove-leader':
          if (canRemove) cc = { changes: [{ type: ConfChangeType.RemoveNode, nodeId: l.id }], transition };
          break;
        case 'joint': {
          const add = learners[ev.pick % Math.max(1, learners.length)];
          const remove = cs.voters[ev.pick % cs.voters.length];
          if (add !== undefined && remove !== undefined) {
            cc = {
              changes: [{ type: ConfChangeType.AddVoter, nodeId: add }, { type: ConfChangeType.RemoveNode, nodeId: remove }],
              transition,
            };
          }
          break;
        }
      }
    }
    if (cc === null) return;
    if (newHost !== NONE) {
      // A new server starts empty and waits for the leader to bring it up to date.
      this.addHost(newHost, new MemoryStorage()).start();
    }
    const text = describeConfChange(cc);
    act(`conf change at n${l.id}: ${text} (from ${formatConfState(cs)})`);
    l.submit({
      kind: 'conf-change', change: cc,
      done: (r) => {
        if (r.ok) this.stats.confChanges++;
        if (this.trace.enabled) this.trace.line(this.step, `n${l.id} ${r.ok ? `accepts ${text} at ${r.index}` : `refuses ${text}: ${r.error.code}`}`);
      },
    });
  }

  // --- liveness -----------------------------------------------------------------------------------

  /**
   * The end of the schedule: heal the network, restart crashed members, then require one leader
   * that every live member follows within LIVENESS_LEADER_TICKS_MAX ticks, and full convergence
   * within LIVENESS_CONVERGE_TICKS_MAX more: equal applied indexes covering the leader's whole
   * log, including every proposal accepted by a leader that is still leader of the same term.
   */
  private healAndConverge(): void {
    this.network.heal();
    this.network.setConditions(CALM_CONDITIONS);
    this.trace.action(this.step, 'heal all, restart crashed members');
    const end = this.step + (LIVENESS_LEADER_TICKS_MAX + LIVENESS_CONVERGE_TICKS_MAX) * TICK_INTERVAL_STEPS;
    const leaderBy = this.step + LIVENESS_LEADER_TICKS_MAX * TICK_INTERVAL_STEPS;
    const healedAt = this.step;
    let leader: SimHost | undefined;
    for (; this.step < end; this.step++) {
      this.restartCrashedMembers();
      this.advance();
      leader = this.agreedLeader();
      if (leader === undefined) {
        if (this.step >= leaderBy) {
          this.checker.fail('liveness', `no single leader followed by all live members ${LIVENESS_LEADER_TICKS_MAX} ticks after healing (${this.describeRoles()})`);
        }
        continue;
      }
      if (this.stats.ticksToLeader < 0) this.stats.ticksToLeader = Math.ceil((this.step - healedAt) / TICK_INTERVAL_STEPS);
      if (this.converged(leader)) {
        this.checkAcceptedProposals(leader);
        return;
      }
    }
    this.checker.fail('liveness', `members did not converge ${LIVENESS_CONVERGE_TICKS_MAX} ticks after electing a leader (${this.describeRoles()})`);
  }

  private restartCrashedMembers(): void {
    const members = this.latestMembers();
    for (const h of this.hosts.values()) {
      if (!h.alive && members.has(h.id)) {
        h.start();
        this.trace.action(this.step, `restart n${h.id}`);
      }
    }
  }

  /** Members of the most advanced configuration any node applied. */
  private latestMembers(): Set<NodeId> {
    let best: SimHost | undefined;
    for (const h of this.hosts.values()) if (best === undefined || h.appliedIndex > best.appliedIndex) best = h;
    return best === undefined ? new Set() : membersOf(best.confState);
  }

  /** The one live leader, if every live member of its configuration follows it. */
  private agreedLeader(): SimHost | undefined {
    const leaders = this.liveHosts().filter((h) => h.role === StateRole.Leader);
    if (leaders.length !== 1) return undefined;
    const l = leaders[0]!;
    for (const id of membersOf(l.confState)) {
      const h = this.hosts.get(id);
      if (h === undefined || !h.alive || h.leader !== l.id || h.term !== l.term) return undefined;
    }
    return l;
  }

  private converged(l: SimHost): boolean {
    if (l.commit < l.lastIndex || l.appliedIndex < l.commit) return false;
    for (const id of membersOf(l.confState)) {
      const h = this.hosts.get(id);
      if (h === undefined || !h.alive || h.appliedIndex !== l.commit) return false;
    }
    return true;
  }

  /** Proposals accepted by `l` in its current term must be applied everywhere, as accepted. */
  private checkAcceptedProposals(l: SimHost): void {
    for (const [id, p] of this.accepted) {
      if (p.leader !== l.id || p.term !== l.term) continue;
      if (p.index > l.appliedIndex) {
        this.checker.fail('liveness', `proposal #${id} accepted by n${l.id} at ${p.index}@${p.term} is not applied (applied ${l.appliedIndex})`);
      }
      const applied = this.commandAt.get(p.index);
      if (applied !== id) {
        this.checker.fail('committed-entry-lost', `proposal #${id} accepted by n${l.id} at ${p.index}@${p.term} was lost: ${applied === undefined ? 'nothing' : `#${applied}`} was applied there`);
      }
    }
  }

  private describeRoles(): string {
    return [...this.hosts.values()]
      .map((h) => `n${h.id}:${h.alive ? `${h.role}@${h.term}→n${h.leader} applied=${h.appliedIndex}` : 'down'}`)
      .join(' ');
  }

  // --- helpers ------------------------------------------------------------------------------------

  private addHost(id: NodeId, storage: MemoryStorage): SimHost {
    const h = new SimHost(id, storage, this.env, this.o.compaction ?? DEFAULT_COMPACTION);
    this.hosts.set(id, h);
    return h;
  }

  private liveHosts(): SimHost[] {
    return [...this.hosts.values()].filter((h) => h.alive);
  }

  /** The live leader of the highest term, as an operator's tool would find it. */
  private currentLeader(): SimHost | undefined {
    let best: SimHost | undefined;
    for (const h of this.hosts.values()) {
      if (h.alive && h.role === StateRole.Leader && (best === undefined || h.term > best.term)) best = h;
    }
    return best;
  }

  /** Where a client sends a request: its leader guess if that node is up, else any live node. */
  private clientTarget(pick: number): SimHost | undefined {
    const g = this.hosts.get(this.leaderGuess);
    if (g !== undefined && g.alive) return g;
    const live = this.liveHosts();
    return live[pick % Math.max(1, live.length)];
  }

  /** Directed links between every pair of hosts, in a stable order. */
  private links(): [NodeId, NodeId][] {
    const ids = [...this.hosts.keys()];
    const out: [NodeId, NodeId][] = [];
    for (const a of ids) for (const b of ids) if (a !== b) out.push([a, b]);
    return out;
  }
}

function describePacket(p: Packet): string {
  return `n${p.message.from}→n${p.message.to} ${formatMessage(p.message)}`;
}

function describeConfChange(cc: ConfChange): string {
  if (cc.changes.length === 0) return 'leave joint';
  const names = { [ConfChangeType.AddVoter]: 'add-voter', [ConfChangeType.AddLearner]: 'add-learner', [ConfChangeType.RemoveNode]: 'remove' };
  return `${cc.changes.map((c) => `${names[c.type]} n${c.nodeId}`).join(', ')}${cc.transition === 'explicit' ? ' (explicit)' : ''}`;
}

function shuffle<T>(xs: T[], r: SeededRng): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = r.nextInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}
