export { plan } from './plan.js';
export { DEFAULT_PLANNER_CONFIG } from './types.js';
export type { ClusterState, Departure, NodeState, Operator, OperatorReason, PlannerConfig, PlannerGroup, PlannerNode } from './types.js';
