// Specification of configuration checking: src/raft/config.ts (resolveConfig).
// After etcd-io/raft raft.go Config.validate: a configuration the core cannot run safely is
// rejected up front, with a message naming the offending field.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig, type RaftConfig } from '../../../src/raft/config.js';
import { SeededRng } from '../../../src/raft/rng.js';
import { MemoryStorage } from '../../../src/raft/storage.js';

function base(): RaftConfig {
  return { id: 1, storage: new MemoryStorage(), rng: new SeededRng(1) };
}
function rejection(overrides: Partial<Record<keyof RaftConfig, unknown>>): string {
  try {
    resolveConfig({ ...base(), ...overrides } as RaftConfig);
  } catch (err) {
    expect(err).toBeInstanceOf(RangeError);
    return (err as Error).message;
  }
  const shown = Object.entries(overrides).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  throw new Error(`expected ${shown} to be rejected, but resolveConfig accepted it`);
}

describe('resolveConfig', () => {
  it('fills every default', () => {
    const c = base();
    expect(resolveConfig(c)).toEqual({ ...DEFAULTS, ...c });
  });

  it('keeps given values', () => {
    const r = resolveConfig({ ...base(), electionTick: 20, heartbeatTick: 2, preVote: false, maxInflightMsgs: 4 });
    expect([r.electionTick, r.heartbeatTick, r.preVote, r.maxInflightMsgs]).toEqual([20, 2, false, 4]);
  });

  it('an explicitly undefined field takes the default', () => {
    expect(resolveConfig({ ...base(), electionTick: undefined }).electionTick).toBe(DEFAULTS.electionTick);
  });

  it('the smallest valid timing is accepted (electionTick = heartbeatTick + 1, margin 0)', () => {
    expect(() => resolveConfig({ ...base(), heartbeatTick: 1, electionTick: 2, leaseMarginTicks: 0 })).not.toThrow();
  });

  it.each([
    { name: 'id 0 (NONE)', o: { id: 0 }, field: 'id' },
    { name: 'a negative id', o: { id: -3 }, field: 'id' },
    { name: 'a fractional id', o: { id: 1.5 }, field: 'id' },
    { name: 'heartbeatTick 0', o: { heartbeatTick: 0 }, field: 'heartbeatTick' },
    { name: 'a negative heartbeatTick', o: { heartbeatTick: -1 }, field: 'heartbeatTick' },
    { name: 'electionTick equal to heartbeatTick', o: { electionTick: 3, heartbeatTick: 3 }, field: 'electionTick' },
    { name: 'electionTick below heartbeatTick', o: { electionTick: 2, heartbeatTick: 3 }, field: 'electionTick' },
    { name: 'maxInflightMsgs 0', o: { maxInflightMsgs: 0 }, field: 'maxInflightMsgs' },
    { name: 'a negative maxInflightMsgs', o: { maxInflightMsgs: -1 }, field: 'maxInflightMsgs' },
    { name: 'maxSizePerMsg 0', o: { maxSizePerMsg: 0 }, field: 'maxSizePerMsg' },
    { name: 'a negative leaseMarginTicks', o: { leaseMarginTicks: -1 }, field: 'leaseMarginTicks' },
    { name: 'leaseMarginTicks equal to electionTick (no lease left)', o: { leaseMarginTicks: 10, electionTick: 10 }, field: 'leaseMarginTicks' },
  ])('rejects $name, naming the field', ({ o, field }) => {
    expect(rejection(o)).toContain(`config.${field}`);
  });

  // Values a TypeScript caller can pass (a number field read from a flag or a file) that the
  // core cannot run with. Observed today: electionTick NaN → accepted, then RawNode's constructor
  // throws "nextInt needs n > 0, got NaN"; heartbeatTick NaN → accepted, a leader never
  // heartbeats (heartbeatElapsed >= NaN is never true); electionTick Infinity → accepted, a
  // follower never campaigns; maxInflightMsgs 1.5 or NaN → accepted, then Progress construction
  // throws "Invalid array length"; maxSizePerMsg NaN → no limit at all (size > NaN is never true);
  // a negative maxInflightBytes silently means "no limit"; other negative byte limits are accepted.
  it.each([
    { name: 'electionTick NaN', o: { electionTick: Number.NaN }, field: 'electionTick' },
    { name: 'electionTick Infinity', o: { electionTick: Number.POSITIVE_INFINITY }, field: 'electionTick' },
    { name: 'heartbeatTick NaN', o: { heartbeatTick: Number.NaN }, field: 'heartbeatTick' },
    { name: 'maxInflightMsgs NaN', o: { maxInflightMsgs: Number.NaN }, field: 'maxInflightMsgs' },
    { name: 'a fractional maxInflightMsgs', o: { maxInflightMsgs: 1.5 }, field: 'maxInflightMsgs' },
    { name: 'maxSizePerMsg NaN', o: { maxSizePerMsg: Number.NaN }, field: 'maxSizePerMsg' },
    { name: 'a negative maxInflightBytes', o: { maxInflightBytes: -1 }, field: 'maxInflightBytes' },
    { name: 'a negative maxUncommittedEntriesSize', o: { maxUncommittedEntriesSize: -1 }, field: 'maxUncommittedEntriesSize' },
    { name: 'a negative maxCommittedSizePerReady', o: { maxCommittedSizePerReady: -1 }, field: 'maxCommittedSizePerReady' },
  ])('rejects $name, naming the field', ({ o, field }) => {
    expect(rejection(o)).toContain(`config.${field}`);
  });
});
