/**
 * The planner's view of the cluster and the operators it returns. Plain readonly data: the
 * coordinator builds a ClusterState from the cluster map and the heartbeats, and the executor
 * runs the operators step by step (DESIGN.md §5, issue 5 "The scheduler").
 */

export type NodeState = 'up' | 'suspect' | 'down' | 'draining' | 'removed';

export interface PlannerNode {
  readonly id: number;
  readonly zone: string;
  readonly state: NodeState;
  /** How long it has been down/unheard, ms (0 when up). */
  readonly downForMs: number;
}

export interface PlannerGroup {
  readonly id: number;
  readonly collection: string;
  readonly voters: readonly number[];
  readonly learners: readonly number[];
  /** 0 = unknown/leaderless. */
  readonly leader: number;
  /** Desired voters. */
  readonly replicationFactor: number;
  readonly sizeBytes: number;
}

/**
 * Why the planner chose an operator. Optional so that hand-made operators (`shard move`) fit the
 * same type; the planner always sets it, and reads it back from `running` to know whether
 * higher-priority work is still in flight (see `plan`).
 */
export type OperatorReason = 'repair' | 'replication' | 'drain' | 'zone' | 'balance-replicas' | 'balance-leaders' | 'split';

export type Operator =
  /** Add a learner → catch up → promote. */
  | { readonly kind: 'add-replica'; readonly group: number; readonly node: number; readonly reason?: OperatorReason }
  | { readonly kind: 'remove-replica'; readonly group: number; readonly node: number; readonly reason?: OperatorReason }
  /**
   * Add `to` first, then remove `from`. `from` is never the group's leader unless the group has
   * a single voter (then there is nobody to hand leadership to before the move; the executor
   * transfers it to `to` after the promotion).
   */
  | { readonly kind: 'move-replica'; readonly group: number; readonly from: number; readonly to: number; readonly reason?: OperatorReason }
  | { readonly kind: 'transfer-leader'; readonly group: number; readonly from: number; readonly to: number; readonly reason?: OperatorReason }
  | { readonly kind: 'split'; readonly group: number; readonly reason?: OperatorReason };

/**
 * A replica that left a node by a move or removal the planner chose freely (reasons
 * 'balance-replicas', 'balance-leaders', 'zone', 'replication'). Balance never places it back
 * there; repair, drain and zone placement avoid it unless no other node can take the replica.
 * Replicas replaced because their node died or drained are not departures: when the node comes
 * back, placing them there again is not thrashing.
 */
export interface Departure {
  readonly group: number;
  readonly node: number;
}

export interface PlannerConfig {
  /** Replicas on a node unheard for this long are replaced. */
  readonly downAfterMs: number;
  /**
   * Concurrent replica operators (add, remove, move, split) touching a node, running ones
   * included. Protects a live node's disk and network; a dead node does no work for an
   * operator, so it is exempt (otherwise replacing its replicas would crawl at this rate).
   */
  readonly maxMovesPerNode: number;
  /** Concurrent leader transfers touching a node. Kept apart: a transfer moves no data. */
  readonly maxLeaderTransfersPerNode: number;
  /** A group larger than this is split. */
  readonly splitThresholdBytes: number;
  /**
   * Replica balance is weighted by size when the largest group is more than this many times
   * the mean group size ("when sizes differ a lot"). See `weights.ts` for the weight.
   */
  readonly sizeSkewRatio: number;
  /** The balance goal: each up node within ± this many units of the mean (replicas or leaders). */
  readonly balanceBandUnits: number;
  /**
   * Anti-thrash margin: a balance move of weight w from S to T is made only if
   * load(S) − load(T) ≥ w + this, so every move lowers Σ load² by at least 2·w·this.
   */
  readonly minImprovementUnits: number;
  /**
   * The longest chain of leader transfers one balance step may use (see balance-leaders-rule.ts):
   * a bound on the breadth-first search and on the groups that hand leadership on at once.
   */
  readonly maxLeaderChainHops: number;
  /** A bound on the operators one call returns. */
  readonly maxNewOperatorsPerTick: number;
}

export interface ClusterState {
  readonly nodes: readonly PlannerNode[];
  readonly groups: readonly PlannerGroup[];
  readonly running: readonly Operator[];
  readonly config: PlannerConfig;
  /**
   * Recent departures (the coordinator keeps those of the last hour or so). Optional: without
   * it the hysteresis still holds, only the "never back where it came from" guard is off.
   */
  readonly departures?: readonly Departure[];
}

export const DEFAULT_PLANNER_CONFIG: PlannerConfig = Object.freeze({
  downAfterMs: 60_000,
  // Conservative: two snapshots in flight per node. A bound, not a tuned figure; the measured
  // move time (npm run bench:shard) is what should set it.
  maxMovesPerNode: 2,
  maxLeaderTransfersPerNode: 4,
  splitThresholdBytes: 512 * 1024 * 1024,
  sizeSkewRatio: 4,
  balanceBandUnits: 1,
  minImprovementUnits: 1,
  maxLeaderChainHops: 8,
  maxNewOperatorsPerTick: 1000,
});
