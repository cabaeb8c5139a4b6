import type { Rng } from './rng.js';
import type { Storage } from './storage.js';
import type { NodeId } from './types.js';

export interface RaftConfig {
  readonly id: NodeId;
  readonly storage: Storage;
  readonly rng: Rng;
  /** Ticks without hearing from a leader before a follower campaigns; randomized in [e, 2e). */
  readonly electionTick?: number;
  /** Ticks between a leader's heartbeats. */
  readonly heartbeatTick?: number;
  /** The host's applied index at (re)start. */
  readonly applied?: number;
  /** Bytes of entries in one App message. */
  readonly maxSizePerMsg?: number;
  /** App messages in flight to one follower in replicate state. */
  readonly maxInflightMsgs?: number;
  /** Bytes of entries in flight to one follower in replicate state. */
  readonly maxInflightBytes?: number;
  /** Bytes of uncommitted entries a leader accepts before refusing proposals. */
  readonly maxUncommittedEntriesSize?: number;
  /** Bytes of committed entries handed to the host in one Ready. */
  readonly maxCommittedSizePerReady?: number;
  readonly preVote?: boolean;
  /** A leader steps down without a quorum for an election timeout; followers honour leases. */
  readonly checkQuorum?: boolean;
  /** Ticks by which a lease is cut short to absorb clock-rate drift between nodes. */
  readonly leaseMarginTicks?: number;
}

export type ResolvedConfig = Required<RaftConfig>;

export const DEFAULTS = {
  electionTick: 10,
  heartbeatTick: 1,
  applied: 0,
  maxSizePerMsg: 1024 * 1024,
  maxInflightMsgs: 256,
  maxInflightBytes: 32 * 1024 * 1024,
  maxUncommittedEntriesSize: 64 * 1024 * 1024,
  maxCommittedSizePerReady: 16 * 1024 * 1024,
  preVote: true,
  checkQuorum: true,
  leaseMarginTicks: 1,
} as const;

/** Fills defaults and rejects configurations the core cannot run safely. */
export function resolveConfig(c: RaftConfig): ResolvedConfig {
  const r: ResolvedConfig = { ...DEFAULTS, ...stripUndefined(c) } as ResolvedConfig;
  if (!Number.isInteger(r.id) || r.id <= 0) throw new RangeError(`config.id must be a positive integer, got ${r.id}`);
  if (r.heartbeatTick <= 0) throw new RangeError(`config.heartbeatTick must be > 0, got ${r.heartbeatTick}`);
  if (r.electionTick <= r.heartbeatTick) {
    throw new RangeError(`config.electionTick (${r.electionTick}) must be greater than heartbeatTick (${r.heartbeatTick})`);
  }
  if (r.maxInflightMsgs <= 0) throw new RangeError(`config.maxInflightMsgs must be > 0, got ${r.maxInflightMsgs}`);
  if (r.maxSizePerMsg <= 0) throw new RangeError(`config.maxSizePerMsg must be > 0, got ${r.maxSizePerMsg}`);
  if (r.leaseMarginTicks < 0 || r.leaseMarginTicks >= r.electionTick) {
    throw new RangeError(`config.leaseMarginTicks must be in [0, electionTick), got ${r.leaseMarginTicks}`);
  }
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
