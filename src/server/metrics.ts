import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What became of a proposal: committed and applied, refused by Raft, or unknown (timeout, leader lost). */
export type ProposalOutcome = 'ok' | 'refused' | 'unknown';
export const PROPOSAL_OUTCOMES: readonly ProposalOutcome[] = ['ok', 'refused', 'unknown'];

/** A Raft group's state as this replica sees it. */
export interface GroupMetricsState {
  readonly term: number;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly isLeader: boolean;
  /** Elements in the group's HNSW index; left unchanged when omitted (e.g. the meta group has none). */
  readonly hnswSize?: number;
}

/**
 * Buckets for local disk and apply work: 0.1 ms (an apply of one small entry, an fsync on a fast
 * NVMe) up to 1 s (a disk in trouble), about three per decade.
 */
export const LOCAL_LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];

/**
 * Buckets for RPCs: from 0.25 ms (a lease read on loopback) up to 10 s, because an RPC includes
 * network, Raft round trips and elections, and client deadlines are seconds.
 */
export const RPC_LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * A node's Prometheus metrics. Each instance owns its own {@link Registry} (never prom-client's
 * global one), so several nodes can run in one process, as tests do, without their series
 * colliding. The registry holds Node.js's default process metrics (`process_*`, `nodejs_*`,
 * unprefixed so that standard dashboards work) and the `vstudio_*` metrics set through the
 * methods below. Group and follower ids are label values; {@link removeGroup} drops a group's
 * series when its replica leaves this node, so that a moved shard does not report frozen values.
 */
export class NodeMetrics {
  /** The registry to scrape; exposed for tests and for callers that add their own collectors. */
  readonly registry: Registry;
  /** The Content-Type of {@link metricsText}'s output (Prometheus text format 0.0.4). */
  readonly contentType: string;

  private readonly term: Gauge<'group'>;
  private readonly commitIndex: Gauge<'group'>;
  private readonly appliedIndex: Gauge<'group'>;
  private readonly isLeader: Gauge<'group'>;
  private readonly hnswSize: Gauge<'group'>;
  private readonly leaderChanges: Counter<'group'>;
  private readonly proposals: Counter<'group' | 'outcome'>;
  private readonly applyLatency: Histogram<'group'>;
  private readonly fsyncLatency: Histogram;
  private readonly lagEntries: Gauge<'group' | 'follower'>;
  private readonly lagSeconds: Gauge<'group' | 'follower'>;
  private readonly rpcLatency: Histogram<'method' | 'code'>;
  private readonly groupProblems: Gauge<'group' | 'problem'>;
  private readonly operators: Gauge;
  /** The `group|problem` series set now, so that a cleared problem's series is removed. */
  private problemSeries = new Set<string>();
  /** Followers with lag series, per group: prom-client removes a series only by its full label set. */
  private readonly followers = new Map<string, Set<string>>();

  constructor() {
    this.registry = new Registry();
    this.contentType = this.registry.contentType;
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    const group = ['group'] as const;
    this.term = new Gauge({ name: 'vstudio_raft_term', help: 'Current Raft term of the group on this replica.', labelNames: group, registers });
    this.commitIndex = new Gauge({ name: 'vstudio_raft_commit_index', help: 'Highest log index known committed.', labelNames: group, registers });
    this.appliedIndex = new Gauge({ name: 'vstudio_raft_applied_index', help: 'Highest log index applied to the state machine.', labelNames: group, registers });
    this.isLeader = new Gauge({ name: 'vstudio_raft_is_leader', help: '1 while this replica leads the group, else 0.', labelNames: group, registers });
    this.hnswSize = new Gauge({ name: 'vstudio_hnsw_elements', help: 'Elements in the group\'s HNSW index.', labelNames: group, registers });
    this.leaderChanges = new Counter({ name: 'vstudio_raft_leader_changes_total', help: 'Leader changes this replica observed.', labelNames: group, registers });
    this.proposals = new Counter({
      name: 'vstudio_raft_proposals_total',
      help: 'Proposals by outcome: ok (applied), refused (by Raft, e.g. not leader), unknown (timeout or leader lost).',
      labelNames: ['group', 'outcome'] as const,
      registers,
    });
    this.applyLatency = new Histogram({
      name: 'vstudio_raft_apply_duration_seconds',
      help: 'Time to apply one batch of committed entries to the state machine.',
      labelNames: group,
      buckets: [...LOCAL_LATENCY_BUCKETS_SECONDS],
      registers,
    });
    this.fsyncLatency = new Histogram({
      name: 'vstudio_log_fsync_duration_seconds',
      help: 'Time of one synced group-commit write of the Raft log (all groups of the node).',
      buckets: [...LOCAL_LATENCY_BUCKETS_SECONDS],
      registers,
    });
    this.lagEntries = new Gauge({
      name: 'vstudio_raft_replication_lag_entries',
      help: 'Leader only: entries the follower is behind the leader\'s last index.',
      labelNames: ['group', 'follower'] as const,
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'vstudio_raft_replication_lag_seconds',
      help: 'Leader only: time since the follower last matched the leader\'s last index.',
      labelNames: ['group', 'follower'] as const,
      registers,
    });
    this.groupProblems = new Gauge({
      name: 'vstudio_group_unhealthy', help: 'Set to 1 per group and problem (leaderless, under-replicated, lagging, pending-operator), by the coordinator only.',
      labelNames: ['group', 'problem'], registers,
    });
    this.operators = new Gauge({ name: 'vstudio_coordinator_operators', help: 'Operators (replica moves, leadership transfers) the coordinator has under way.', registers });
    this.rpcLatency = new Histogram({
      name: 'vstudio_grpc_server_handling_seconds',
      help: 'Time from receiving a gRPC call to sending its status, by method and status code.',
      labelNames: ['method', 'code'] as const,
      buckets: [...RPC_LATENCY_BUCKETS_SECONDS],
      registers,
    });
  }

  /** Records a group's Raft state (and HNSW size when given). */
  setGroupState(group: number, s: GroupMetricsState): void {
    const labels = { group: String(group) };
    this.term.set(labels, s.term);
    this.commitIndex.set(labels, s.commitIndex);
    this.appliedIndex.set(labels, s.appliedIndex);
    this.isLeader.set(labels, s.isLeader ? 1 : 0);
    if (s.hnswSize !== undefined) this.hnswSize.set(labels, s.hnswSize);
  }

  /** Counts one change of the group's leader (including to "no leader"). */
  leaderChanged(group: number): void {
    this.leaderChanges.inc({ group: String(group) });
  }

  /** Counts one proposal by its outcome. */
  proposed(group: number, outcome: ProposalOutcome): void {
    this.proposals.inc({ group: String(group), outcome });
  }

  /** Observes the apply of one batch of committed entries, in seconds. */
  observeApply(group: number, seconds: number): void {
    this.applyLatency.observe({ group: String(group) }, seconds);
  }

  /** Observes one synced log write (group commit), in seconds. */
  observeFsync(seconds: number): void {
    this.fsyncLatency.observe(seconds);
  }

  /**
   * Records how far a follower is behind, as seen by the group's leader. The time is taken in
   * milliseconds, as the host measures it, and exported in seconds, Prometheus's base unit.
   */
  setReplicationLag(group: number, follower: number, entries: number, ms: number): void {
    const g = String(group);
    const labels = { group: g, follower: String(follower) };
    this.lagEntries.set(labels, entries);
    this.lagSeconds.set(labels, ms / 1000);
    let set = this.followers.get(g);
    if (set === undefined) this.followers.set(g, (set = new Set()));
    set.add(labels.follower);
  }

  /** Drops a follower's lag series: it left the group, or this replica stopped leading it. */
  removeReplicationLag(group: number, follower: number): void {
    const g = String(group);
    const labels = { group: g, follower: String(follower) };
    this.lagEntries.remove(labels);
    this.lagSeconds.remove(labels);
    this.followers.get(g)?.delete(labels.follower);
  }

  /** Observes one gRPC call: `method` as `/package.Service/Method` or its short name, `code` as the status name (`OK`, `UNAVAILABLE`). */
  /**
   * Shard health as the coordinator (the meta leader) sees it: one series set to 1 per group and
   * problem (leaderless, under-replicated, lagging, pending-operator); a cleared problem's series
   * goes. Other nodes export none, so an alert sums over the cluster without double counting.
   */
  setGroupProblems(problems: ReadonlyMap<number, readonly string[]>): void {
    const next = new Set<string>();
    for (const [group, list] of problems) for (const problem of list) next.add(`${group}|${problem}`);
    for (const key of this.problemSeries) {
      if (next.has(key)) continue;
      const [group, problem] = key.split('|') as [string, string];
      this.groupProblems.remove({ group, problem });
    }
    for (const key of next) {
      const [group, problem] = key.split('|') as [string, string];
      this.groupProblems.set({ group, problem }, 1);
    }
    this.problemSeries = next;
  }

  /** Operators the coordinator has under way (0 on nodes that do not coordinate). */
  setOperators(n: number): void {
    this.operators.set(n);
  }

  observeRpc(method: string, code: string, seconds: number): void {
    this.rpcLatency.observe({ method, code }, seconds);
  }

  /** Removes every series labelled with this group, from every metric. */
  removeGroup(group: number): void {
    const g = String(group);
    const labels = { group: g };
    for (const m of [this.term, this.commitIndex, this.appliedIndex, this.isLeader, this.hnswSize]) m.remove(labels);
    this.leaderChanges.remove(labels);
    this.applyLatency.remove(labels);
    for (const outcome of PROPOSAL_OUTCOMES) this.proposals.remove({ group: g, outcome });
    for (const follower of this.followers.get(g) ?? []) {
      this.lagEntries.remove({ group: g, follower });
      this.lagSeconds.remove({ group: g, follower });
    }
    this.followers.delete(g);
  }

  /** The registry in Prometheus text format. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }
}
