/**
 * One planner tick's working state: the input indexed by position, the load each node will carry
 * once the running operators finish (so a tick never re-plans work already in flight), per-node
 * concurrency counters, and the operators chosen so far. Built once per `plan` call and thrown
 * away: the planner keeps nothing between calls.
 */
import type { ClusterState, Operator, OperatorReason, PlannerConfig, PlannerGroup, PlannerNode } from './types.js';
import { groupWeights } from './weights.js';

/** Reasons whose operators must finish before the balance rules run (see `plan`). */
const HIGHER_PRIORITY: ReadonlySet<OperatorReason> = new Set(['repair', 'replication', 'drain', 'zone']);

export class PlanContext {
  readonly config: PlannerConfig;
  readonly nodes: readonly PlannerNode[];
  readonly groups: readonly PlannerGroup[];
  /** Per node position: state is 'up' — the only nodes that receive replicas or leadership. */
  readonly up: Uint8Array;
  /** Per node position: gone for good — removed, or unheard for at least downAfterMs. */
  readonly dead: Uint8Array;
  /** Per node position: a small integer per distinct zone name. */
  readonly zone: Int32Array;
  /** Per node position: replica operators touching it (running and chosen this tick). */
  readonly busy: Int32Array;
  readonly leaderBusy: Int32Array;
  /** Per node position: replica load once running operators finish (weighted units). */
  readonly load: Float64Array;
  /** Per node position: replica count once running operators finish. */
  readonly count: Int32Array;
  /** Per node position: leaders once running transfers finish. */
  readonly leaders: Int32Array;
  /** Per group position: the balance weight of one replica (1 when unweighted). */
  readonly weight: Float64Array;
  readonly weighted: boolean;
  /** Per group position: has an operator (running or chosen this tick). */
  readonly groupBusy: Uint8Array;
  readonly out: Operator[] = [];
  /** Higher-priority work is running, was chosen, or waits for capacity: balance holds off. */
  higherPriorityPending = false;

  private readonly nodePos = new Map<number, number>();
  private readonly groupPos = new Map<number, number>();
  private readonly departed = new Map<number, Set<number>>();

  constructor(state: ClusterState) {
    this.config = state.config;
    this.nodes = state.nodes;
    this.groups = state.groups;
    const n = state.nodes.length;
    this.up = new Uint8Array(n);
    this.dead = new Uint8Array(n);
    this.zone = new Int32Array(n);
    this.busy = new Int32Array(n);
    this.leaderBusy = new Int32Array(n);
    this.load = new Float64Array(n);
    this.count = new Int32Array(n);
    this.leaders = new Int32Array(n);
    const zoneIds = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const node = state.nodes[i]!;
      this.nodePos.set(node.id, i);
      this.up[i] = node.state === 'up' ? 1 : 0;
      this.dead[i] = node.state === 'removed' || (node.state !== 'up' && node.downForMs >= state.config.downAfterMs) ? 1 : 0;
      let z = zoneIds.get(node.zone);
      if (z === undefined) zoneIds.set(node.zone, (z = zoneIds.size));
      this.zone[i] = z;
    }
    for (let g = 0; g < state.groups.length; g++) this.groupPos.set(state.groups[g]!.id, g);
    for (const d of state.departures ?? []) {
      let s = this.departed.get(d.group);
      if (s === undefined) this.departed.set(d.group, (s = new Set()));
      s.add(d.node);
    }

    const w = groupWeights(state.groups, state.config.sizeSkewRatio);
    this.weight = w.weight;
    this.weighted = w.weighted;
    this.groupBusy = new Uint8Array(state.groups.length);

    for (let g = 0; g < state.groups.length; g++) {
      const group = state.groups[g]!;
      const wg = this.weight[g]!;
      for (const v of group.voters) this.addLoad(v, wg, 1);
      for (const l of group.learners) this.addLoad(l, wg, 1);
      if (this.leaderValid(group)) this.leaders[this.pos(group.leader)]!++;
    }
    for (const op of state.running) this.applyRunning(op);
  }

  /** Node position, or -1 for an id the map does not know (treated as dead). */
  pos(nodeId: number): number {
    return this.nodePos.get(nodeId) ?? -1;
  }

  isDead(nodeId: number): boolean {
    const p = this.pos(nodeId);
    return p < 0 || this.dead[p] === 1;
  }

  isUp(nodeId: number): boolean {
    const p = this.pos(nodeId);
    return p >= 0 && this.up[p] === 1;
  }

  groupIndex(groupId: number): number {
    return this.groupPos.get(groupId) ?? -1;
  }

  wasDeparted(groupId: number, nodeId: number): boolean {
    return this.departed.get(groupId)?.has(nodeId) ?? false;
  }

  /**
   * A leader the planner can work with: reported, a voter, on a node that still runs. Without
   * one a group cannot change membership, so the planner waits for Raft to elect one.
   */
  leaderValid(group: PlannerGroup): boolean {
    if (group.leader === 0 || !group.voters.includes(group.leader)) return false;
    const p = this.pos(group.leader);
    if (p < 0) return false;
    const s = this.nodes[p]!.state;
    return s === 'up' || s === 'draining' || s === 'suspect';
  }

  /** Room for one more replica operator on this node (dead nodes do no work: always room). */
  hasCapacity(p: number): boolean {
    return this.dead[p] === 1 || this.busy[p]! < this.config.maxMovesPerNode;
  }

  hasLeaderCapacity(p: number): boolean {
    return this.leaderBusy[p]! < this.config.maxLeaderTransfersPerNode;
  }

  full(): boolean {
    return this.out.length >= this.config.maxNewOperatorsPerTick;
  }

  /** Records an operator chosen this tick and its projected effect. */
  emit(op: Operator): void {
    this.out.push(op);
    if (op.reason !== undefined && HIGHER_PRIORITY.has(op.reason)) this.higherPriorityPending = true;
    this.applyRunning(op);
  }

  private addLoad(nodeId: number, w: number, c: number): void {
    const p = this.pos(nodeId);
    if (p < 0) return;
    this.load[p]! += w;
    this.count[p]! += c;
  }

  private touch(nodeId: number): void {
    const p = this.pos(nodeId);
    if (p >= 0) this.busy[p]!++;
  }

  /**
   * Counts an operator against the node bounds and projects its effect on loads. The group
   * state may already show part of it (a learner added, a voter removed), so only what is not
   * yet visible is projected.
   */
  private applyRunning(op: Operator): void {
    if (op.reason !== undefined && HIGHER_PRIORITY.has(op.reason) && op.kind !== 'transfer-leader') this.higherPriorityPending = true;
    const g = this.groupIndex(op.group);
    if (g >= 0) this.groupBusy[g] = 1;
    const group = g >= 0 ? this.groups[g] : undefined;
    const w = g >= 0 ? this.weight[g]! : 1;
    const holds = (node: number): boolean => group !== undefined && (group.voters.includes(node) || group.learners.includes(node));
    switch (op.kind) {
      case 'add-replica':
        this.touch(op.node);
        if (!holds(op.node)) this.addLoad(op.node, w, 1);
        break;
      case 'remove-replica':
        this.touch(op.node);
        if (holds(op.node)) this.addLoad(op.node, -w, -1);
        break;
      case 'move-replica':
        this.touch(op.from);
        this.touch(op.to);
        if (!holds(op.to)) this.addLoad(op.to, w, 1);
        if (holds(op.from)) this.addLoad(op.from, -w, -1);
        // A single voter's leadership travels with its replica.
        if (group !== undefined && group.leader === op.from && group.voters.length === 1) this.moveLeader(op.from, op.to);
        break;
      case 'transfer-leader': {
        const pf = this.pos(op.from), pt = this.pos(op.to);
        if (pf >= 0) this.leaderBusy[pf]!++;
        if (pt >= 0) this.leaderBusy[pt]!++;
        if (group !== undefined && group.leader === op.from && this.leaderValid(group)) this.moveLeader(op.from, op.to);
        break;
      }
      case 'split':
        if (group === undefined) break;
        for (const v of group.voters) {
          this.touch(v);
          // The child starts on the same replicas. Two halves outweigh the parent by exactly ½ under
          // weights.ts ((1 + s/2m) − (1 + s/m)/2), and by 1 replica when unweighted.
          this.addLoad(v, this.weighted ? 0.5 : 1, 1);
        }
        break;
    }
  }

  private moveLeader(from: number, to: number): void {
    const pf = this.pos(from), pt = this.pos(to);
    if (pf >= 0) this.leaders[pf]!--;
    if (pt >= 0) this.leaders[pt]!++;
  }
}
