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
  /** Bytes of entries in flight to one follower in replicate state; 0 means no byte limit. */
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
  const int = (field: keyof ResolvedConfig, min: number): void => {
    const v = r[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw new RangeError(`config.${field} must be an integer ≥ ${min}, got ${String(v)}`);
    }
  };
  int('id', 1);
  int('heartbeatTick', 1);
  int('electionTick', 2);
  int('applied', 0);
  int('maxSizePerMsg', 1);
  int('maxInflightMsgs', 1);
  int('maxInflightBytes', 0);
  int('maxUncommittedEntriesSize', 1);
  int('maxCommittedSizePerReady', 1);
  int('leaseMarginTicks', 0);
  if (r.electionTick <= r.heartbeatTick) {
    throw new RangeError(`config.electionTick (${r.electionTick}) must be greater than config.heartbeatTick (${r.heartbeatTick})`);
  }
  if (r.leaseMarginTicks >= r.electionTick) {
    throw new RangeError(`config.leaseMarginTicks must be less than config.electionTick (${r.electionTick}), got ${r.leaseMarginTicks}`);
  }
  if (typeof r.preVote !== 'boolean') throw new RangeError(`config.preVote must be a boolean, got ${String(r.preVote)}`);
  if (typeof r.checkQuorum !== 'boolean') throw new RangeError(`config.checkQuorum must be a boolean, got ${String(r.checkQuorum)}`);
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
