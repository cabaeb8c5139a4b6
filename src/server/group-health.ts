/**
 * Shard health as `cluster status` and the metrics report it: what makes a group unhealthy,
 * judged from the merged reports of the nodes that answered.
 */

/** A follower this many entries behind its leader's last index is lagging. */
export const LAGGING_ENTRIES = 1_000;
/** A follower that has not matched its leader's last index for this long is lagging. */
export const LAGGING_MS = 30_000;

export type GroupProblem = 'leaderless' | 'under-replicated' | 'lagging' | 'pending-operator';

export interface GroupHealthInput {
  /** The leader the best report names (0 = none). */
  readonly leader: number;
  readonly voters: readonly number[];
  /** Voters wanted: the collection's replication factor. */
  readonly replicationFactor: number;
  /** Nodes that answered the status round. */
  readonly up: ReadonlySet<number>;
  /** Per follower: entries behind, and ms since it last matched (from the leader's report). */
  readonly lagEntries: ReadonlyMap<number, number>;
  readonly lagMs: ReadonlyMap<number, number>;
  readonly pendingOperator: boolean;
}

/** The problems of one group, in a fixed order; empty when healthy. */
export function groupProblems(g: GroupHealthInput): GroupProblem[] {
  const out: GroupProblem[] = [];
  if (g.leader === 0 || !g.up.has(g.leader)) out.push('leaderless');
  const liveVoters = g.voters.filter((v) => g.up.has(v)).length;
  if (liveVoters < g.replicationFactor) out.push('under-replicated');
  const lagging = [...g.lagEntries].some(([, n]) => n > LAGGING_ENTRIES) || [...g.lagMs].some(([, ms]) => ms > LAGGING_MS);
  if (lagging) out.push('lagging');
  if (g.pendingOperator) out.push('pending-operator');
  return out;
}
