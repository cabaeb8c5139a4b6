import type { ViolationKind } from './checkers.js';
import { DEFAULT_TUNING } from './cluster.js';
import { DEFAULT_PROFILE, profileWith, type ScheduleProfile } from './schedule.js';
import type { CoreTuning } from './sim-host.js';

/**
 * How the simulator hunts each planted bug of test/raft/planted-bugs.ts: the faults that expose
 * it, weighted up, and the violation it must report. The same configuration must find nothing
 * with the correct core: a configuration that "finds" bugs in correct code proves nothing.
 */
export interface TeethConfig {
  readonly nodes: number;
  readonly steps: number;
  readonly profile: ScheduleProfile;
  readonly tuning: CoreTuning;
  /** The violations that mean "caught it" (a bug may surface through more than one check). */
  readonly expected: readonly ViolationKind[];
  /** Schedules tried at most before giving up. */
  readonly schedulesMax: number;
}

const quiet = { read: 0, 'conf-change': 0, transfer: 0, compact: 0, swizzle: 0, clog: 0, unclog: 0 } as const;

export const TEETH = {
  /** Two leaders in a term as soon as two candidates overlap. */
  doubleVote: {
    nodes: 5, steps: 2000, tuning: DEFAULT_TUNING, expected: ['election-safety'], schedulesMax: 300,
    profile: profileWith(DEFAULT_PROFILE, { weights: { ...quiet, campaign: 6, crash: 4, partition: 4 } }),
  },
  /**
   * A vote that leaves before it is durable is forgotten by a crash inside the write window;
   * after the restart the node votes again in the same term. Needs crashes aimed at nodes whose
   * write is in flight, slow disks (a wide window) and competing candidates.
   */
  voteBeforeDurable: {
    nodes: 3, steps: 2000, tuning: DEFAULT_TUNING, expected: ['election-safety'], schedulesMax: 300,
    profile: profileWith(DEFAULT_PROFILE, {
      weights: { ...quiet, crash: 12, restart: 14, campaign: 8, partition: 3, heal: 3, propose: 4, tick: 6 },
      persistStepsMax: 12,
    }),
  },
  /**
   * Raft figure 8: a leader that commits an entry of an earlier term by counting replicas lets a
   * later leader overwrite it. Needs many elections (3 nodes, frequent crashes, restarts and
   * campaigns, lossy links) and one entry per App message, so that a follower acknowledges the
   * old entry before the new leader's own; then the leader must vanish inside that window.
   */
  commitPreviousTermByCounting: {
    nodes: 3, steps: 8000, expected: ['committed-entry-lost', 'leader-completeness', 'state-machine-safety'], schedulesMax: 300,
    tuning: { ...DEFAULT_TUNING, maxSizePerMsg: 1 },
    profile: profileWith(DEFAULT_PROFILE, {
      weights: { ...quiet, crash: 16, restart: 16, partition: 6, heal: 4, propose: 30, campaign: 10, drop: 6, delay: 6 },
      lossPercentMax: 25,
      eventsPerStep: 0.25,
    }),
  },
  /** A deposed leader that answers reads from its own commit index serves stale reads. */
  readIndexWithoutHeartbeat: {
    nodes: 5, steps: 2000, tuning: DEFAULT_TUNING, expected: ['stale-read'], schedulesMax: 300,
    profile: profileWith(DEFAULT_PROFILE, {
      weights: { ...quiet, read: 16, partition: 6, heal: 3, propose: 20 },
      readModes: ['safe'],
    }),
  },
} as const satisfies Record<string, TeethConfig>;
