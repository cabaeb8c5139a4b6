/**
 * The coordinator: what the meta group's leader does besides leading it (DESIGN.md §5). Each
 * tick it asks every node for the status of its replicas (the heartbeat: leader, voters, lag,
 * size per group), judges liveness from the answers, asks the pure planner what to change, and
 * runs each operator step by step, recording every step in the meta group so that the next
 * leader resumes it after a failover.
 *
 * Liveness is observed, not replicated: a new coordinator starts by assuming every node was just
 * heard from, so a failover delays a replacement by at most `--down-after`, never triggers one.
 */
import { plan, DEFAULT_PLANNER_CONFIG, type ClusterState, type Departure, type NodeState, type Operator, type PlannerConfig, type PlannerGroup } from '../coordinator/planner/index.js';
import { StateRole, type NodeId } from '../raft/index.js';
import { ConsistentRing, fromDescription, IdRanges, type ShardingDescription } from '../shard/index.js';
import { encodeCommand } from '../store/vector/command-codec.js';
import { MAX_SCAN_LIMIT } from '../store/vector/schema.js';
import { validateUpsertBatch } from '../store/vector/index.js';
import type { NodeStatusRequest } from '../wire/gen/vstudio/v1/NodeStatusRequest.js';
import type { NodeStatusResponse } from '../wire/gen/vstudio/v1/NodeStatusResponse.js';
import { META_GROUP_ID, retiredGroups, type ClusterOperator, type OperatorSpec } from './cluster-map.js';
import { MAX_META_VOTERS } from './vector-node.js';
import { groupProblems } from './group-health.js';
import { callPeer } from './peer-calls.js';
import type { RequestRouter } from './request-router.js';
import type { VectorNode } from './vector-node.js';

export interface CoordinatorOptions {
  /** How often the coordinator polls the nodes and plans. */
  readonly tickMs: number;
  /** A node unheard for this long is suspect (placed on no more). */
  readonly suspectAfterMs: number;
  /** A node unheard for this long has its replicas replaced elsewhere (`--down-after`). */
  readonly downAfterMs: number;
  /** `--manual-placement`: plan nothing (operators already recorded still run). */
  readonly manualPlacement?: boolean;
  /** `--split-above`: split a shard whose estimated size exceeds this (absent = never by size). */
  readonly splitAboveBytes?: number;
}

export const DEFAULT_COORDINATOR_OPTIONS: CoordinatorOptions = { tickMs: 1_000, suspectAfterMs: 5_000, downAfterMs: 60_000 };

/** How long a learner may take to catch up (a snapshot of a large shard) before its operator is rolled back. */
const STEP_TIMEOUT_MS = 120_000;
/**
 * The deadline of one membership call (add, promote, remove, transfer): quick when the group has
 * a leader. A call that fails fails its operator, which rolls back; the next tick plans again.
 */
const MEMBERSHIP_CALL_MS = 15_000;
/** Records per page when a reshard copies a retired group. */
const COPY_PAGE_RECORDS = 256;
/** A learner this close to its leader's last index is promoted (the promotion itself waits for the rest). */
const CAUGHT_UP_ENTRIES = 64;
/** How long departures are remembered (the planner never moves a replica back to where it just left). */
const DEPARTURE_MEMORY_MS = 3_600_000;
/** A status poll's budget per node. */
const POLL_TIMEOUT_MS = 1_500;
/** Bytes a record weighs besides its vector, for the planner's size estimate. */
const RECORD_OVERHEAD_BYTES = 64;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Coordinator {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closed = false;
  /** Set while this node leads the meta group: when it took over (ms). */
  private leadingSince: number | null = null;
  private readonly lastHeard = new Map<NodeId, number>();
  private readonly reports = new Map<NodeId, NodeStatusResponse>();
  private readonly executing = new Map<number, Promise<void>>();
  private departures: (Departure & { atMs: number })[] = [];
  /** Operators the last tick's plan proposed (0 once the cluster is balanced and whole). */
  private lastPlanned = 0;
  private readonly config: PlannerConfig;

  constructor(
    private readonly node: VectorNode,
    private readonly router: RequestRouter,
    private readonly options: CoordinatorOptions = DEFAULT_COORDINATOR_OPTIONS,
  ) {
    // Size-triggered splits are opt-in (`--split-above`): a reshard copies the shard through Raft
    // and pauses its writes meanwhile, which a large default threshold would make long.
    this.config = { ...DEFAULT_PLANNER_CONFIG, downAfterMs: options.downAfterMs, splitThresholdBytes: options.splitAboveBytes ?? Number.MAX_SAFE_INTEGER };
  }

  start(): void {
    this.timer = setInterval(() => { void this.tickNow(); }, this.options.tickMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.ticking;
  }

  /** Runs one tick now (or waits for the one under way). */
  tickNow(): Promise<void> {
    this.ticking ??= this.tick().catch((e: unknown) => {
      this.node.logger.warn({ event: 'coordinator_tick_failed', err: errorText(e) }, 'coordinator tick failed');
    }).finally(() => { this.ticking = null; });
    return this.ticking;
  }

  private isMetaLeader(): boolean {
    const r = this.node.replica(META_GROUP_ID);
    return r !== undefined && r.raft.node.status().softState.role === StateRole.Leader;
  }

  /** The liveness of every node as this coordinator sees it (only meaningful on the meta leader). */
  nodeState(id: NodeId, now = Date.now()): NodeState {
    const n = this.node.map.nodes.get(id);
    if (n?.state === 'removed') return 'removed';
    if (n?.state === 'draining') return 'draining';
    const heard = this.lastHeard.get(id) ?? this.leadingSince ?? now;
    const silent = now - heard;
    return silent >= this.options.downAfterMs ? 'down' : silent >= this.options.suspectAfterMs ? 'suspect' : 'up';
  }

  /** Operators under way, and how many the last plan proposed. */
  progress(): { operators: ClusterOperator[]; lastPlanned: number; leading: boolean } {
    return { operators: [...this.node.map.operators.values()], lastPlanned: this.lastPlanned, leading: this.leadingSince !== null };
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    if (!this.isMetaLeader()) {
      if (this.leadingSince !== null) {
        this.node.metrics.setGroupProblems(new Map());
        this.node.metrics.setOperators(0);
      }
      this.leadingSince = null;
      return;
    }
    const now = Date.now();
    if (this.leadingSince === null) {
      this.leadingSince = now;
      this.lastHeard.clear();
      this.node.logger.info({ event: 'coordinator_started' }, 'coordinating the cluster');
    }
    await this.poll();
    await this.maintainMeta().catch((e: unknown) => this.node.logger.warn({ event: 'meta_membership_failed', err: errorText(e) }, 'could not adjust the meta group'));
    // Operators recorded by an earlier coordinator (or by this one) that are not running here.
    for (const o of this.node.map.operators.values()) if (!this.executing.has(o.id)) this.run(o);
    const state = this.clusterState(Date.now());
    this.publishHealth(state);
    const planned = this.options.manualPlacement === true ? [] : plan(state);
    this.lastPlanned = planned.length;
    for (const op of planned) {
      if (this.closed || !this.isMetaLeader()) return;
      const spec = op.kind === 'split' ? await this.splitSpec(op.group).catch((e: unknown) => {
        this.node.logger.warn({ event: 'split_not_planned', group: op.group, err: errorText(e) }, 'could not plan a split');
        return null;
      }) : specOf(op);
      if (spec === null) continue;
      const res = await this.node.proposeMetaLocally({ op: 'startOperator', spec, startedAtMs: Date.now() }).catch((e: unknown) => {
        this.node.logger.warn({ event: 'operator_not_started', operator: spec, err: errorText(e) }, 'could not record an operator');
        return null;
      });
      if (res === null || !res.ok || res.operatorId === undefined) continue;
      this.node.logger.info({ event: 'operator_started', id: res.operatorId, operator: spec, reason: op.reason }, 'operator started');
      const o = this.node.map.operators.get(res.operatorId);
      if (o !== undefined) this.run(o);
    }
  }

  /**
   * The meta group's own membership: nodes that joined are learners until caught up, then
   * voters while there are fewer than five; removed nodes leave it. One change per tick.
   */
  private async maintainMeta(): Promise<void> {
    const st = this.node.metaRaft().node.status();
    const { voters, learners } = st.confState;
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    const retired = [...voters, ...learners].find((id) => id !== this.node.id && this.node.map.nodes.get(id)?.state === 'removed');
    if (retired !== undefined) {
      await this.router.removeNodeFromGroup(META_GROUP_ID, retired, deadline);
      this.node.logger.info({ event: 'meta_member_removed', node: retired }, 'a removed node left the meta group');
      return;
    }
    if (voters.length >= MAX_META_VOTERS) return;
    const ready = learners.find((id) => this.nodeState(id) === 'up' && (st.progress.get(id)?.match ?? 0) >= st.commit);
    if (ready === undefined) return;
    await this.router.addNodeToGroup(META_GROUP_ID, ready, false, deadline);
    this.node.logger.info({ event: 'meta_voter_added', node: ready }, 'a caught-up learner became a voter of the meta group');
  }

  /** The heartbeat round: every node's status, each with a short deadline. */
  private async poll(): Promise<void> {
    const self = this.node.id;
    this.reports.set(self, this.router.nodeStatus());
    this.lastHeard.set(self, Date.now());
    await Promise.all([...this.node.map.nodes.keys()].filter((id) => id !== self).map(async (id) => {
      const client = this.node.transport.client(id);
      if (client === null) return;
      try {
        const rep = await callPeer<NodeStatusRequest, NodeStatusResponse>((q, md, o, cb) => client.NodeStatus(q, md, o, cb), {}, Date.now() + POLL_TIMEOUT_MS, id, false);
        this.reports.set(id, rep);
        this.lastHeard.set(id, Date.now());
      } catch {
        // Silence is what liveness is judged by.
      }
    }));
  }

  /** What the planner sees: nodes with their liveness, groups as their leaders (or the map) report them. */
  private clusterState(now: number): ClusterState {
    const map = this.node.map;
    const nodes = [...map.nodes.values()].map((n) => {
      const state = this.nodeState(n.id, now);
      const heard = this.lastHeard.get(n.id) ?? this.leadingSince ?? now;
      return { id: n.id, zone: n.zone, state, downForMs: state === 'up' ? 0 : now - heard };
    });
    const best = this.bestReports(now);
    const groups: PlannerGroup[] = [];
    // A reshard's new groups and the groups it retires are its own: the planner leaves them alone.
    const resharding = new Set([...map.operators.values()].flatMap((o) => (o.spec.kind === 'reshard' ? o.spec.groups : [])));
    for (const g of map.groups.values()) {
      if (g.pending === true) continue;
      const c = map.collections.get(g.collection);
      const rep = best.get(g.id);
      const dimension = c?.schema.dimension ?? 0;
      groups.push({
        id: g.id, collection: g.collection,
        voters: rep === undefined ? [...g.replicas] : (rep.voters ?? []).map(Number),
        learners: rep === undefined ? [] : (rep.learners ?? []).map(Number),
        leader: rep === undefined ? 0 : Number(rep.leader ?? 0),
        replicationFactor: c?.replicas ?? g.replicas.length,
        sizeBytes: Number(rep?.records ?? 0) * (dimension * 4 + RECORD_OVERHEAD_BYTES),
      });
    }
    this.departures = this.departures.filter((d) => now - d.atMs < DEPARTURE_MEMORY_MS);
    return {
      nodes, groups,
      running: [...map.operators.values()].flatMap((o): Operator[] => (o.spec.kind === 'reshard'
        ? [...resharding].filter((g) => o.spec.kind === 'reshard' && o.spec.groups.includes(g)).map((g) => ({ kind: 'split', group: g, reason: 'split' }))
        : [o.spec])),
      config: this.config,
      departures: this.departures.map(({ group, node }) => ({ group, node })),
    };
  }

  /**
   * A size-triggered split (`--split-above`) as a reshard: a `range` shard splits at its median
   * id (read by scanning half of it), a `consistent` collection grows by one shard; `hash`
   * collections cannot split (null).
   */
  private async splitSpec(groupId: number): Promise<OperatorSpec | null> {
    const g = this.node.map.groups.get(groupId);
    const col = g === undefined ? undefined : this.node.map.collections.get(g.collection);
    if (g === undefined || col === undefined || col.reshard !== undefined) return null;
    const strategy = fromDescription(col.description);
    let next: ShardingDescription;
    if (strategy instanceof IdRanges) {
      const records = Number(this.bestReports().get(groupId)?.records ?? 0);
      if (records < 2) return null;
      let token = '';
      let seen = 0;
      let key: string | undefined;
      while (key === undefined) {
        const page = await this.router.scanGroup(groupId, token, MAX_SCAN_LIMIT, Date.now() + MEMBERSHIP_CALL_MS);
        const mid = Math.floor(records / 2) - seen;
        if (mid < page.records.length) key = page.records[Math.max(1, mid)]?.id;
        seen += page.records.length;
        if (page.nextPageToken === '') break;
        token = page.nextPageToken;
      }
      if (key === undefined) return null;
      next = strategy.split(g.range, key);
    } else if (strategy instanceof ConsistentRing) {
      next = strategy.addShard();
    } else {
      return null;
    }
    const groups = retiredGroups(col, next);
    if (groups.length === 0) return null;
    return { kind: 'reshard', group: groups[0]!, groups, collection: col.name, description: next, reason: 'split' };
  }

  /** Shard health for the metrics, from the same view the planner gets. */
  private publishHealth(state: ClusterState): void {
    const up = new Set(state.nodes.filter((n) => n.state === 'up' || n.state === 'draining').map((n) => n.id));
    const best = this.bestReports();
    const problems = new Map<number, string[]>();
    for (const g of state.groups) {
      const rep = best.get(g.id);
      const lag = (m: Record<string, unknown> | undefined): Map<number, number> => new Map(Object.entries(m ?? {}).map(([k, v]) => [Number(k), Number(v)]));
      problems.set(g.id, groupProblems({
        leader: g.leader, voters: g.voters, replicationFactor: g.replicationFactor, up,
        lagEntries: lag(rep?.lagEntries as Record<string, unknown> | undefined), lagMs: lag(rep?.lagMs as Record<string, unknown> | undefined),
        pendingOperator: state.running.some((o) => o.group === g.id),
      }));
    }
    this.node.metrics.setGroupProblems(problems);
    this.node.metrics.setOperators(state.running.length);
  }

  /** Per group, the report of its leader (or of any replica that answered), skipping nodes judged down. */
  private bestReports(now = Date.now()): Map<number, NonNullable<NodeStatusResponse['groups']>[number]> {
    const best = new Map<number, NonNullable<NodeStatusResponse['groups']>[number]>();
    for (const [nodeId, rep] of this.reports) {
      if (this.nodeState(nodeId, now) === 'down') continue;
      for (const g of rep.groups ?? []) {
        const id = Number(g.id);
        if (!best.has(id) || Number(g.leader) === nodeId) best.set(id, g);
      }
    }
    return best;
  }

  private run(o: ClusterOperator): void {
    const p = this.execute(o).finally(() => this.executing.delete(o.id));
    this.executing.set(o.id, p);
  }

  private async step(o: ClusterOperator, step: string): Promise<void> {
    if (o.step === step) return;
    const r = await this.node.proposeMetaLocally({ op: 'operatorStep', id: o.id, step });
    if (!r.ok) throw new Error(r.message);
    this.node.logger.info({ event: 'operator_step', id: o.id, step }, 'operator step');
  }

  /** Runs an operator from the step it is at to its end; a failed step rolls back what it added. */
  private async execute(o: ClusterOperator): Promise<void> {
    const s = o.spec;
    const deadline = (): number => Date.now() + STEP_TIMEOUT_MS;
    const log = this.node.logger;
    try {
      switch (s.kind) {
        case 'add-replica':
          await this.step(o, 'adding');
          await this.addReplica(s.group, s.node, deadline());
          break;
        case 'remove-replica':
          await this.step(o, 'removing');
          await this.removeReplica(s.group, s.node, deadline(), s.reason);
          break;
        case 'move-replica':
          // Add before remove: the group never has fewer voters than when the move began.
          if (o.step !== 'removing') {
            await this.step(o, 'adding');
            await this.addReplica(s.group, s.to, deadline());
          }
          await this.step({ ...o, step: 'adding' }, 'removing');
          await this.removeReplica(s.group, s.from, deadline(), s.reason);
          break;
        case 'transfer-leader':
          await this.step(o, 'transferring');
          await this.router.transferLeader(s.group, s.to, Date.now() + MEMBERSHIP_CALL_MS);
          break;
        case 'split':
          log.warn({ event: 'operator_unsupported', id: o.id, operator: s }, 'size-triggered splits are not executed; operator dropped (use shard split)');
          break;
        case 'reshard':
          await this.reshard(o, s);
          break;
      }
      await this.node.proposeMetaLocally({ op: 'finishOperator', id: o.id });
      log.info({ event: 'operator_finished', id: o.id, operator: s }, 'operator finished');
    } catch (e) {
      if (this.closed || !this.isMetaLeader()) return; // The next coordinator resumes it from its recorded step.
      log.warn({ event: 'operator_failed', id: o.id, operator: s, err: errorText(e) }, 'operator failed; rolling back');
      const rolledBack = await this.rollBack(o).then(() => true, (err: unknown) => {
        log.warn({ event: 'rollback_failed', id: o.id, err: errorText(err) }, 'rollback failed; the planner will repair');
        return false;
      });
      // A reshard whose abort did not commit stays recorded (its groups stay frozen): the next tick resumes it.
      if (s.kind === 'reshard' && !rolledBack) return;
      await this.node.proposeMetaLocally({ op: 'finishOperator', id: o.id }).catch(() => undefined);
    }
  }

  /** The group's leader, voters and learners as the latest heartbeats report them. */
  private members(group: number): { leader: NodeId; voters: NodeId[]; learners: NodeId[] } {
    const best = this.bestReports().get(group);
    if (best === undefined) return { leader: 0, voters: [...(this.node.map.groups.get(group)?.replicas ?? [])], learners: [] };
    return { leader: Number(best.leader ?? 0), voters: (best.voters ?? []).map(Number), learners: (best.learners ?? []).map(Number) };
  }

  /**
   * A reshard, step by step (each step idempotent, so a new coordinator resumes at the recorded
   * one): `creating` the new groups (pending: not routed) on the replicas of the group they take
   * ids from → `freezing` the retired groups (writes refused from that log position on) →
   * `copying` their records, page by page, into the new groups → `retiring` them (reads refused
   * too) → `committing`: the collection is routed by the new description and the retired groups
   * leave the map. Writes to the moving ids fail over (retried inside their deadline) from the
   * freeze to the commit; reads are served throughout, by the retired groups until they retire.
   */
  private async reshard(o: ClusterOperator, s: Extract<OperatorSpec, { kind: 'reshard' }>): Promise<void> {
    const map = this.node.map;
    if (o.step === 'unfreezing') {
      // An abort was committed: the retired groups take writes again, then the operator ends.
      await this.unfreeze(s.groups);
      return;
    }
    const col = map.collections.get(s.collection);
    if (col === undefined) return;
    const order = ['start', 'creating', 'freezing', 'copying', 'retiring', 'committing'];
    const at = (step: string): boolean => order.indexOf(o.step) <= order.indexOf(step);
    const deadline = (): number => Date.now() + MEMBERSHIP_CALL_MS;
    if (at('creating')) {
      await this.step(o, 'creating');
      const next = fromDescription(s.description);
      const before = new Map(col.description.ranges.map((r, i) => [r.id, { epoch: r.epoch, group: col.groupIds[i]! }]));
      const placements: Record<string, number[]> = {};
      for (const r of next.ranges()) {
        const cur = before.get(r.id);
        if (cur !== undefined && cur.epoch === r.epoch) continue;
        // One donor (a split): the child starts on the parent's replicas. Several (a ring that grows): placed by load.
        const donor = s.groups.length === 1 ? map.groups.get(s.groups[0]!) : cur !== undefined ? map.groups.get(cur.group) : undefined;
        placements[String(r.id)] = donor !== undefined ? [...donor.replicas] : map.place(col.replicas, 1)[0]!;
      }
      const res = await this.node.proposeMetaLocally({ op: 'beginReshard', collection: s.collection, description: s.description, placements });
      if (!res.ok) throw new Error(res.message);
    }
    const target = this.node.map.collections.get(s.collection)?.reshard;
    if (target === undefined) throw new Error(`collection "${s.collection}" has no reshard under way`);
    const fresh = target.groupIds.filter((g) => this.node.map.groups.get(g)?.pending === true);
    if (at('freezing')) {
      await this.step(o, 'freezing');
      for (const g of s.groups) await this.router.proposeToGroup(g, encodeCommand({ kind: 'freeze', items: [] }), 0, deadline());
    }
    if (at('copying')) {
      await this.step(o, 'copying');
      const strategy = fromDescription(s.description);
      const groupOfRange = new Map(strategy.ranges().map((r, i) => [r.id, target.groupIds[i]!]));
      let copied = 0;
      for (const g of s.groups) {
        let token = '';
        do {
          if (this.closed || !this.isMetaLeader()) throw new Error('this node no longer coordinates');
          const page = await this.router.scanGroup(g, token, COPY_PAGE_RECORDS, deadline());
          const byGroup = new Map<number, typeof page.records>();
          for (const r of page.records) {
            const to = groupOfRange.get(strategy.rangeOf(r.id))!;
            byGroup.set(to, [...(byGroup.get(to) ?? []), r]);
          }
          for (const [to, records] of byGroup) {
            // "Must not exist yet": a page copied late by a coordinator deposed mid-copy can never
            // overwrite what clients wrote into the new group after a successor committed.
            const bytes = validateUpsertBatch(col.schema, records.map((r) => ({ id: r.id, vector: r.vector, payload: r.payload, ifVersion: 0 }))).bytes;
            await this.router.proposeToGroup(to, bytes, records.length, deadline());
          }
          copied += page.records.length;
          token = page.nextPageToken;
        } while (token !== '');
      }
      this.node.logger.info({ event: 'reshard_copied', id: o.id, collection: s.collection, records: copied, into: fresh }, 'reshard: records copied');
    }
    if (at('retiring')) {
      await this.step(o, 'retiring');
      for (const g of s.groups) await this.router.proposeToGroup(g, encodeCommand({ kind: 'retire', items: [] }), 0, deadline());
    }
    await this.step(o, 'committing');
    const done = await this.node.proposeMetaLocally({ op: 'commitReshard', collection: s.collection });
    if (!done.ok) throw new Error(done.message);
  }

  /** Undoes an add that did not complete: the learner it added goes (a promoted voter stays; the planner balances). */
  private async rollBack(o: ClusterOperator): Promise<void> {
    const s = o.spec;
    if (s.kind === 'reshard') {
      // First the abort, committed in the meta group; only then may the retired groups take writes
      // again. A coordinator that cannot commit the abort (deposed) unfreezes nothing.
      const res = await this.node.proposeMetaLocally({ op: 'abortReshard', collection: s.collection, operatorId: o.id });
      if (!res.ok) throw new Error(res.message);
      if (res.aborted === true) await this.unfreeze(s.groups);
      return;
    }
    const added = s.kind === 'add-replica' ? s.node : s.kind === 'move-replica' ? s.to : null;
    if (added === null) return;
    await this.poll();
    if (this.members(s.group).learners.includes(added)) await this.router.removeNodeFromGroup(s.group, added, Date.now() + MEMBERSHIP_CALL_MS);
  }

  /**
   * Adds `node` to the group: as a learner, caught up (by snapshot and log, while writes go on),
   * then promoted. Gives up, for a rollback, if the node stops answering or this node stops
   * coordinating: a learner that never catches up must not become a voter.
   */
  private async addReplica(group: number, node: NodeId, deadlineMs: number): Promise<void> {
    const refuse = (why: string): never => { throw new Error(`adding node ${node} to group ${group}: ${why}`); };
    if (this.nodeState(node) !== 'up') refuse(`the node is ${this.nodeState(node)}`);
    await this.router.addNodeToGroup(group, node, true, Date.now() + MEMBERSHIP_CALL_MS);
    this.node.logger.info({ event: 'learner_added', group, node }, 'learner added; catching up');
    for (;;) {
      if (this.closed || !this.isMetaLeader()) refuse('this node no longer coordinates');
      const state = this.nodeState(node);
      if (state !== 'up') refuse(`the node went ${state} while catching up`);
      // Whether it is a voter already is the group leader's to say (the promotion below is a
      // no-op then): a report of another replica may still list a replica removed since.
      const behind = this.lagOf(group, node);
      if (behind !== undefined && behind <= CAUGHT_UP_ENTRIES) break;
      if (Date.now() > deadlineMs) refuse(`it did not catch up within ${STEP_TIMEOUT_MS / 1000} s`);
      // The heartbeat round of each tick refreshes the leader's report of the learner's progress.
      await new Promise((r) => setTimeout(r, this.options.tickMs / 2));
    }
    await this.router.addNodeToGroup(group, node, false, Date.now() + MEMBERSHIP_CALL_MS);
  }

  /** Entries `node` is behind its group's leader, per the leader's last heartbeat (undefined = unknown). */
  private lagOf(group: number, node: NodeId): number | undefined {
    for (const [nodeId, rep] of this.reports) {
      for (const g of rep.groups ?? []) {
        if (Number(g.id) !== group || Number(g.leader) !== nodeId) continue;
        const behind = (g.lagEntries as Record<string, number | string> | undefined)?.[String(node)];
        return behind === undefined ? undefined : Number(behind);
      }
    }
    return undefined;
  }

  /** Unfreezes the groups of an aborted reshard. */
  private async unfreeze(groups: readonly number[]): Promise<void> {
    for (const g of groups) await this.router.proposeToGroup(g, encodeCommand({ kind: 'unfreeze', items: [] }), 0, Date.now() + MEMBERSHIP_CALL_MS);
  }

  /** Removes `node` from the group, handing its leadership to another voter first. */
  private async removeReplica(group: number, node: NodeId, deadlineMs: number, reason?: string): Promise<void> {
    await this.poll();
    const members = this.members(group);
    if (!members.voters.includes(node) && !members.learners.includes(node)) return;
    if (members.leader === node) {
      const to = members.voters.find((v) => v !== node && this.nodeState(v) === 'up');
      if (to !== undefined) await this.router.transferLeader(group, to, Math.min(deadlineMs, Date.now() + MEMBERSHIP_CALL_MS));
    }
    await this.router.removeNodeFromGroup(group, node, Math.min(deadlineMs, Date.now() + MEMBERSHIP_CALL_MS));
    if (reason !== undefined && FREE_MOVE_REASONS.has(reason)) this.departures.push({ group, node, atMs: Date.now() });
  }
}

/** The operator as recorded in the meta group, with the planner's reason (it reads it back to order its rules). */
function specOf(op: Operator): OperatorSpec {
  const reason = op.reason !== undefined ? { reason: op.reason } : {};
  switch (op.kind) {
    case 'add-replica': return { kind: op.kind, group: op.group, node: op.node, ...reason };
    case 'remove-replica': return { kind: op.kind, group: op.group, node: op.node, ...reason };
    case 'move-replica': return { kind: op.kind, group: op.group, from: op.from, to: op.to, ...reason };
    case 'transfer-leader': return { kind: op.kind, group: op.group, from: op.from, to: op.to, ...reason };
    case 'split': return { kind: op.kind, group: op.group, ...reason };
  }
}

/** Moves the planner chose freely: the replica must not be rebalanced back where it came from. */
const FREE_MOVE_REASONS = new Set(['balance-replicas', 'zone', 'replication']);
