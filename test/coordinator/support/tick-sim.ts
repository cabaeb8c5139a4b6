/**
 * A tick simulator for the planner (after CockroachDB's asim): a synthetic cluster on virtual
 * time. Every tick it advances time, finishes operators whose duration (proportional to the
 * group's size) has elapsed, elects leaders the way Raft would, asks the real planner for new
 * operators, checks each against the constraints, and starts them. Events (node failures, new
 * nodes, drains, replication changes, growth) are applied between ticks by the test.
 *
 * Deterministic: no clock, no randomness; a cluster is built from a seed (cluster-builder.ts).
 * Constraint violations are collected as one-line strings naming the tick, the operator and the
 * rule, so a failing property prints what broke.
 */
import { plan } from '../../../src/coordinator/planner/plan.js';
import type { ClusterState, Departure, NodeState, Operator, OperatorReason, PlannerConfig } from '../../../src/coordinator/planner/types.js';

export interface SimNode {
  id: number;
  zone: string;
  state: NodeState;
  downForMs: number;
  /** The process runs (state is the coordinator's view; a failed node is first suspect, then down). */
  running: boolean;
}

export interface SimGroup {
  id: number;
  collection: string;
  voters: number[];
  learners: number[];
  leader: number;
  replicationFactor: number;
  sizeBytes: number;
}

export interface SimOptions {
  readonly planner: PlannerConfig;
  /** Virtual time per tick. */
  readonly tickMs: number;
  /** Bytes a replica catches up per tick: an add or move of S bytes takes 1 + ceil(S / this) ticks. */
  readonly bytesPerTick: number;
  /** Unheard for this long, a failed node turns from suspect to down. */
  readonly suspectMs: number;
}

export const DEFAULT_SIM_OPTIONS: Omit<SimOptions, 'planner'> = { tickMs: 10_000, bytesPerTick: 64 * 1024 * 1024, suspectMs: 20_000 };

interface InFlight {
  readonly op: Operator;
  remainingTicks: number;
}

export interface SimStats {
  /** Operators started, by reason. */
  readonly started: Record<OperatorReason | 'none', number>;
  /** Replica operators (add, remove, move) started. */
  replicaOps: number;
  /** Placements onto a node the group's replica had left before, by reason. */
  readonly returns: Record<OperatorReason | 'none', number>;
  aborted: number;
  planMsTotal: number;
  planMsMax: number;
  plans: number;
}

const zeroByReason = (): Record<OperatorReason | 'none', number> =>
  ({ repair: 0, replication: 0, drain: 0, zone: 0, 'balance-replicas': 0, 'balance-leaders': 0, split: 0, none: 0 });

export class TickSim {
  tick = 0;
  readonly nodes: SimNode[];
  readonly groups: SimGroup[];
  readonly inFlight: InFlight[] = [];
  readonly departures: Departure[] = [];
  readonly violations: string[] = [];
  readonly stats: SimStats = { started: zeroByReason(), replicaOps: 0, returns: zeroByReason(), aborted: 0, planMsTotal: 0, planMsMax: 0, plans: 0 };
  /** The operators the last tick started. */
  lastStarted: Operator[] = [];
  private readonly departed = new Set<string>();
  /** Per group id: the fewest voters it may have (its starting count, or a lowered replication factor). */
  private readonly floor = new Map<number, number>();
  private nextGroupId: number;
  private readonly nodeById = new Map<number, SimNode>();
  private readonly groupById = new Map<number, SimGroup>();
  /** A hook for tests that plant a bug between the planner and the simulator. */
  transform: (ops: Operator[], sim: TickSim) => Operator[] = (ops) => ops;

  constructor(nodes: SimNode[], groups: SimGroup[], readonly options: SimOptions, readonly clock: () => number = () => 0) {
    this.nodes = nodes;
    this.groups = groups;
    for (const g of groups) this.floor.set(g.id, Math.min(g.voters.length, g.replicationFactor));
    for (const n of nodes) this.nodeById.set(n.id, n);
    for (const g of groups) this.groupById.set(g.id, g);
    this.nextGroupId = groups.reduce((m, g) => Math.max(m, g.id), 0) + 1;
  }

  // ---- events -------------------------------------------------------------------------------

  addNode(zone: string): number {
    const id = this.nodes.reduce((m, n) => Math.max(m, n.id), 0) + 1;
    const node: SimNode = { id, zone, state: 'up', downForMs: 0, running: true };
    this.nodes.push(node);
    this.nodeById.set(id, node);
    return id;
  }

  failNode(id: number): void {
    const n = this.node(id);
    if (n === undefined || !n.running || n.state === 'removed') return;
    n.running = false;
    n.state = 'suspect';
    n.downForMs = 0;
  }

  recoverNode(id: number, state: 'up' | 'draining' = 'up'): void {
    const n = this.node(id);
    if (n === undefined || n.state === 'removed') return;
    n.running = true;
    n.state = state;
    n.downForMs = 0;
  }

  drainNode(id: number): void {
    const n = this.node(id);
    if (n !== undefined && n.running && n.state === 'up') n.state = 'draining';
  }

  setReplicas(collection: string, rf: number): void {
    for (const g of this.groups) {
      if (g.collection !== collection) continue;
      g.replicationFactor = rf;
      this.floor.set(g.id, Math.min(this.floor.get(g.id) ?? rf, rf));
    }
  }

  setSize(groupId: number, bytes: number): void {
    const g = this.group(groupId);
    if (g !== undefined) g.sizeBytes = bytes;
  }

  // ---- the tick -----------------------------------------------------------------------------

  state(): ClusterState {
    return {
      nodes: this.nodes.map((n) => ({ id: n.id, zone: n.zone, state: n.state, downForMs: n.downForMs })),
      groups: this.groups.map((g) => ({ ...g, voters: [...g.voters], learners: [...g.learners] })),
      running: this.inFlight.map((f) => f.op),
      config: this.options.planner,
      departures: this.departures,
    };
  }

  /** One tick; returns the operators started. */
  step(): Operator[] {
    this.tick++;
    for (const n of this.nodes) {
      if (n.running) continue;
      n.downForMs += this.options.tickMs;
      if (n.state === 'suspect' && n.downForMs >= this.options.suspectMs) n.state = 'down';
    }
    this.progress();
    this.elect();
    this.retireDrained();

    const state = this.state();
    const t0 = this.clock();
    const planned = plan(state);
    const ms = this.clock() - t0;
    this.stats.planMsTotal += ms;
    this.stats.planMsMax = Math.max(this.stats.planMsMax, ms);
    this.stats.plans++;

    const ops = this.transform(planned, this);
    for (const op of ops) this.start(op);
    this.checkConcurrency();
    this.checkFloors();
    this.lastStarted = ops;
    return ops;
  }

  /** Steps until nothing runs and the planner has nothing to add; returns the ticks taken. */
  runUntilQuiet(maxTicks: number): number {
    for (let i = 1; i <= maxTicks; i++) {
      const ops = this.step();
      if (ops.length === 0 && this.inFlight.length === 0) return i;
    }
    throw new Error(`no convergence within ${maxTicks} ticks (tick ${this.tick}: ${this.inFlight.length} operators running, last tick started ${this.lastStarted.length}: ${this.lastStarted.slice(0, 3).map(describe).join('; ')})`);
  }

  // ---- queries ------------------------------------------------------------------------------

  node(id: number): SimNode | undefined {
    return this.nodeById.get(id);
  }

  /** As the planner defines it: removed, or unheard for at least downAfterMs. */
  isDead(id: number): boolean {
    const n = this.node(id);
    return n === undefined || n.state === 'removed' || (n.state !== 'up' && n.downForMs >= this.options.planner.downAfterMs);
  }

  isUp(id: number): boolean {
    return this.node(id)?.state === 'up';
  }

  wasDeparted(group: number, node: number): boolean {
    return this.departed.has(`${group}:${node}`);
  }

  // ---- internals ----------------------------------------------------------------------------

  group(id: number): SimGroup | undefined {
    return this.groupById.get(id);
  }

  private duration(op: Operator, g: SimGroup | undefined): number {
    const size = g?.sizeBytes ?? 0;
    switch (op.kind) {
      case 'add-replica':
      case 'move-replica':
        return 1 + Math.ceil(size / this.options.bytesPerTick);
      case 'split':
        return 1 + Math.ceil(size / this.options.bytesPerTick / 2);
      default:
        return 1;
    }
  }

  private violation(message: string): void {
    this.violations.push(`tick ${this.tick}: ${message}`);
  }

  private start(op: Operator): void {
    const g = this.group(op.group);
    const reason = op.reason ?? 'none';
    if (g === undefined) return this.violation(`${describe(op)}: no such group`);
    if (this.inFlight.some((f) => f.op.group === op.group)) return this.violation(`${describe(op)}: the group already has an operator`);
    this.stats.started[reason]++;
    switch (op.kind) {
      case 'add-replica':
      case 'move-replica': {
        const to = op.kind === 'add-replica' ? op.node : op.to;
        const from = op.kind === 'move-replica' ? op.from : 0;
        if (!this.isUp(to)) this.violation(`${describe(op)}: placement on a node that is ${this.node(to)?.state ?? 'unknown'}`);
        if (g.voters.includes(to) || g.learners.includes(to)) this.violation(`${describe(op)}: the node already holds the group`);
        if (op.kind === 'move-replica' && !g.voters.includes(from)) this.violation(`${describe(op)}: the source holds no voter`);
        if (op.kind === 'move-replica' && from === g.leader && g.voters.length > 1 && !this.isDead(from)) this.violation(`${describe(op)}: moves the leader's replica`);
        this.checkZone(op, g, to, from);
        if (this.wasDeparted(g.id, to)) this.stats.returns[reason]++;
        g.learners.push(to);
        this.stats.replicaOps++;
        break;
      }
      case 'remove-replica': {
        const isVoter = g.voters.includes(op.node);
        if (!isVoter && !g.learners.includes(op.node)) this.violation(`${describe(op)}: the node holds no replica`);
        if (isVoter) {
          const live = g.voters.filter((v) => !this.isDead(v)).length;
          if (g.voters.length - 1 < Math.min(g.replicationFactor, live)) this.violation(`${describe(op)}: leaves ${g.voters.length - 1} voters, below min(rf ${g.replicationFactor}, live ${live})`);
          if (op.node === g.leader) this.violation(`${describe(op)}: removes the leader`);
        }
        this.stats.replicaOps++;
        break;
      }
      case 'transfer-leader':
        if (op.from !== g.leader) this.violation(`${describe(op)}: ${op.from} is not the leader (${g.leader})`);
        if (!g.voters.includes(op.to) || !this.isUp(op.to)) this.violation(`${describe(op)}: the target is not a voter on an up node`);
        break;
      case 'split':
        break;
    }
    this.inFlight.push({ op, remainingTicks: this.duration(op, g) });
  }

  /**
   * The zone rule: while an up node in a zone the group does not use (among its live replicas,
   * the source aside) could take the replica, the target must be in such a zone.
   */
  private checkZone(op: Operator, g: SimGroup, to: number, from: number): void {
    const used = new Set<string>();
    for (const r of [...g.voters, ...g.learners]) if (r !== from && !this.isDead(r)) used.add(this.node(r)!.zone);
    const toZone = this.node(to)?.zone ?? '';
    if (!used.has(toZone)) return;
    const alternative = this.nodes.find((n) => n.state === 'up' && !used.has(n.zone));
    if (alternative !== undefined) this.violation(`${describe(op)}: second replica in zone ${toZone} while zone ${alternative.zone} (node ${alternative.id}) is free`);
  }

  private progress(): void {
    for (let i = this.inFlight.length - 1; i >= 0; i--) {
      const f = this.inFlight[i]!;
      const g = this.group(f.op.group);
      if (g === undefined) {
        this.inFlight.splice(i, 1);
        continue;
      }
      // A target that stops running aborts the operator; the executor rolls the learner back.
      const target = f.op.kind === 'add-replica' ? f.op.node : f.op.kind === 'move-replica' || f.op.kind === 'transfer-leader' ? f.op.to : 0;
      if (target !== 0 && !this.node(target)!.running) {
        g.learners = g.learners.filter((l) => l !== target);
        this.inFlight.splice(i, 1);
        this.stats.aborted++;
        continue;
      }
      if (--f.remainingTicks > 0) continue;
      this.inFlight.splice(i, 1);
      this.complete(f.op, g);
    }
  }

  private complete(op: Operator, g: SimGroup): void {
    switch (op.kind) {
      case 'add-replica':
        g.learners = g.learners.filter((l) => l !== op.node);
        g.voters.push(op.node);
        break;
      case 'move-replica':
        g.learners = g.learners.filter((l) => l !== op.to);
        g.voters.push(op.to);
        this.dropReplica(g, op.from, op.to, op.reason);
        break;
      case 'remove-replica':
        this.dropReplica(g, op.node, 0, op.reason);
        break;
      case 'transfer-leader':
        if (g.voters.includes(op.to) && this.node(op.to)!.running) g.leader = op.to;
        break;
      case 'split': {
        const half = Math.floor(g.sizeBytes / 2);
        g.sizeBytes -= half;
        const child: SimGroup = { id: this.nextGroupId++, collection: g.collection, voters: [...g.voters], learners: [], leader: g.leader, replicationFactor: g.replicationFactor, sizeBytes: half };
        this.groups.push(child);
        this.groupById.set(child.id, child);
        this.floor.set(child.id, Math.min(child.voters.length, child.replicationFactor));
        break;
      }
    }
  }

  /**
   * Departures are recorded for the moves the planner chose freely (balance, zones, replication
   * changes); a replica replaced because its node died or drained may return when the node does.
   */
  private dropReplica(g: SimGroup, node: number, successor: number, reason: OperatorReason | undefined): void {
    const wasVoter = g.voters.includes(node);
    g.voters = g.voters.filter((v) => v !== node);
    g.learners = g.learners.filter((l) => l !== node);
    if (reason !== 'repair' && reason !== 'drain' && !this.departed.has(`${g.id}:${node}`)) {
      this.departed.add(`${g.id}:${node}`);
      this.departures.push({ group: g.id, node });
    }
    if (wasVoter && g.leader === node) g.leader = successor !== 0 ? successor : 0;
  }

  /** Raft: a group whose leader is gone elects one among its running voters if they are a majority. */
  private elect(): void {
    for (const g of this.groups) {
      if (g.leader !== 0 && this.node(g.leader)?.running === true && g.voters.includes(g.leader)) continue;
      const running = g.voters.filter((v) => this.node(v)?.running === true);
      g.leader = running.length * 2 > g.voters.length ? running.find((v) => this.isUp(v)) ?? running[0]! : 0;
    }
  }

  /** `node remove` once a draining node holds nothing. */
  private retireDrained(): void {
    for (const n of this.nodes) {
      if (n.state !== 'draining') continue;
      if (!this.groups.some((g) => g.voters.includes(n.id) || g.learners.includes(n.id))) n.state = 'removed';
    }
  }

  private checkConcurrency(): void {
    const busy = new Map<number, number>();
    const touch = (id: number): void => {
      busy.set(id, (busy.get(id) ?? 0) + 1);
    };
    for (const { op } of this.inFlight) {
      if (op.kind === 'add-replica' || op.kind === 'remove-replica') touch(op.node);
      else if (op.kind === 'move-replica') {
        touch(op.from);
        touch(op.to);
      } else if (op.kind === 'split') for (const v of this.group(op.group)?.voters ?? []) touch(v);
    }
    for (const [id, n] of busy) {
      if (n > this.options.planner.maxMovesPerNode && !this.isDead(id)) this.violation(`node ${id} has ${n} concurrent replica operators (bound ${this.options.planner.maxMovesPerNode})`);
    }
  }

  private checkFloors(): void {
    for (const g of this.groups) {
      const floor = this.floor.get(g.id) ?? 0;
      if (g.voters.length < floor) this.violation(`group ${g.id} has ${g.voters.length} voters, below its floor ${floor}`);
    }
  }
}

export function describe(op: Operator): string {
  const r = op.reason === undefined ? '' : ` (${op.reason})`;
  switch (op.kind) {
    case 'add-replica':
    case 'remove-replica':
      return `${op.kind} g${op.group} n${op.node}${r}`;
    case 'move-replica':
    case 'transfer-leader':
      return `${op.kind} g${op.group} n${op.from}→n${op.to}${r}`;
    case 'split':
      return `split g${op.group}${r}`;
  }
}
