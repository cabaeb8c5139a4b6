import fc from 'fast-check';

/**
 * A fault schedule: what the simulator's adversary does, and when. The world runs on its own
 * between events (nodes tick every TICK_INTERVAL_STEPS, messages arrive after their latency,
 * writes complete after theirs), so removing an event leaves the rest of the run meaningful:
 * that is what lets fast-check shrink a failing schedule down to the few events that matter.
 *
 * Events name their targets by `pick` (an index into the candidates at that moment: live nodes,
 * voters, in-flight messages...) rather than by node id, so that a schedule stays valid whatever
 * the cluster looks like when the event fires.
 */

export type PartitionShape =
  /** Two random halves that cannot talk. */
  | 'halves'
  /** The current leader (or a random node) alone against the rest. */
  | 'isolate-leader'
  /** Two halves sharing one node that talks to both. */
  | 'bridge'
  /** Messages flow from one half to the other but not back. */
  | 'one-way';

/**
 * Whom a crash hits: anyone, the leader, or a node whose Ready is still being written (the
 * window in which durability bugs live; random crashes rarely land in it).
 */
export type CrashTarget = 'any' | 'leader' | 'writing';

export type ConfChangeKind =
  | 'add-learner'
  | 'promote-learner'
  | 'remove-voter'
  | 'remove-leader'
  /** Several voter changes at once (joint consensus): promote a learner and remove a voter. */
  | 'joint';

export type SimEvent =
  | { readonly kind: 'tick' }
  | { readonly kind: 'deliver'; readonly count: number; readonly pick: number }
  | { readonly kind: 'drop'; readonly count: number; readonly pick: number }
  | { readonly kind: 'duplicate'; readonly count: number; readonly pick: number }
  | { readonly kind: 'delay'; readonly count: number; readonly delaySteps: number; readonly pick: number }
  | { readonly kind: 'partition'; readonly shape: PartitionShape; readonly pick: number }
  | { readonly kind: 'clog'; readonly pick: number }
  | { readonly kind: 'unclog'; readonly pick: number }
  | { readonly kind: 'swizzle'; readonly links: number; readonly pick: number }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly target: CrashTarget; readonly pick: number }
  | { readonly kind: 'restart'; readonly pick: number }
  | { readonly kind: 'propose'; readonly count: number; readonly pick: number }
  | { readonly kind: 'read'; readonly mode: 'safe' | 'lease'; readonly toLeader: boolean; readonly pick: number }
  | { readonly kind: 'conf-change'; readonly change: ConfChangeKind; readonly explicit: boolean; readonly pick: number }
  | { readonly kind: 'transfer'; readonly pick: number }
  | { readonly kind: 'compact'; readonly pick: number }
  | { readonly kind: 'campaign'; readonly pick: number };

export type SimEventKind = SimEvent['kind'];

export interface TimedEvent {
  /** The simulated step at which the event fires. */
  readonly at: number;
  readonly event: SimEvent;
}

/** Background conditions of the network and the disks for one whole schedule. */
export interface Conditions {
  readonly lossPercent: number;
  readonly duplicatePercent: number;
  readonly latencyStepsMax: number;
  /** Percent of messages held back by a latency spike (reordering them behind later ones). */
  readonly spikePercent: number;
  /** Upper bound of the time a Ready's write takes to become durable. */
  readonly persistStepsMax: number;
}

export interface Schedule {
  readonly conditions: Conditions;
  /** Sorted by `at` before running; equal `at` keep their order. */
  readonly events: readonly TimedEvent[];
}

/** Relative frequencies of event kinds; 0 disables a kind. */
export type EventWeights = Readonly<Record<SimEventKind, number>>;

export interface ScheduleProfile {
  readonly weights: EventWeights;
  readonly lossPercentMax: number;
  readonly duplicatePercentMax: number;
  readonly latencyStepsMax: number;
  readonly spikePercentMax: number;
  readonly persistStepsMax: number;
  /** Which ReadIndex modes reads use. */
  readonly readModes: readonly ('safe' | 'lease')[];
  /** Events per step on average, before shrinking (the count is drawn uniformly up to twice this). */
  readonly eventsPerStep: number;
}

/** Everything at once: the profile CI and `npm run sim` use. */
export const DEFAULT_PROFILE: ScheduleProfile = {
  weights: {
    tick: 4, deliver: 4, drop: 3, duplicate: 2, delay: 3,
    partition: 2, clog: 2, unclog: 2, swizzle: 1, heal: 2,
    crash: 2, restart: 3,
    propose: 24, read: 8,
    'conf-change': 3, transfer: 2, compact: 2, campaign: 1,
  },
  lossPercentMax: 10,
  duplicatePercentMax: 5,
  latencyStepsMax: 4,
  spikePercentMax: 5,
  persistStepsMax: 4,
  readModes: ['safe', 'lease'],
  eventsPerStep: 0.12,
};

export function profileWith(base: ScheduleProfile, changes: Partial<Omit<ScheduleProfile, 'weights'>> & {
  readonly weights?: Partial<EventWeights>;
}): ScheduleProfile {
  return { ...base, ...changes, weights: { ...base.weights, ...(changes.weights ?? {}) } };
}

/** A fast-check arbitrary of schedules for `steps` steps. */
export function scheduleArbitrary(steps: number, profile: ScheduleProfile): fc.Arbitrary<Schedule> {
  const pick = fc.nat({ max: 0x3fff_ffff });
  const w = profile.weights;
  const entries: { weight: number; arbitrary: fc.Arbitrary<SimEvent> }[] = [
    { weight: w.tick, arbitrary: fc.constant({ kind: 'tick' as const }) },
    { weight: w.deliver, arbitrary: fc.record({ kind: fc.constant('deliver' as const), count: fc.integer({ min: 1, max: 4 }), pick }) },
    { weight: w.drop, arbitrary: fc.record({ kind: fc.constant('drop' as const), count: fc.integer({ min: 1, max: 4 }), pick }) },
    { weight: w.duplicate, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), count: fc.integer({ min: 1, max: 3 }), pick }) },
    {
      weight: w.delay,
      arbitrary: fc.record({
        kind: fc.constant('delay' as const), count: fc.integer({ min: 1, max: 4 }), delaySteps: fc.integer({ min: 1, max: 40 }), pick,
      }),
    },
    {
      weight: w.partition,
      arbitrary: fc.record({
        kind: fc.constant('partition' as const),
        shape: fc.constantFrom<PartitionShape>('halves', 'isolate-leader', 'bridge', 'one-way'),
        pick,
      }),
    },
    { weight: w.clog, arbitrary: fc.record({ kind: fc.constant('clog' as const), pick }) },
    { weight: w.unclog, arbitrary: fc.record({ kind: fc.constant('unclog' as const), pick }) },
    { weight: w.swizzle, arbitrary: fc.record({ kind: fc.constant('swizzle' as const), links: fc.integer({ min: 2, max: 12 }), pick }) },
    { weight: w.heal, arbitrary: fc.constant({ kind: 'heal' as const }) },
    { weight: w.crash, arbitrary: fc.record({ kind: fc.constant('crash' as const), target: fc.constantFrom<CrashTarget>('any', 'leader', 'writing'), pick }) },
    { weight: w.restart, arbitrary: fc.record({ kind: fc.constant('restart' as const), pick }) },
    { weight: w.propose, arbitrary: fc.record({ kind: fc.constant('propose' as const), count: fc.integer({ min: 1, max: 3 }), pick }) },
    {
      weight: w.read,
      arbitrary: fc.record({
        kind: fc.constant('read' as const), mode: fc.constantFrom(...profile.readModes), toLeader: fc.boolean(), pick,
      }),
    },
    {
      weight: w['conf-change'],
      arbitrary: fc.record({
        kind: fc.constant('conf-change' as const),
        change: fc.constantFrom<ConfChangeKind>('add-learner', 'promote-learner', 'remove-voter', 'remove-leader', 'joint'),
        explicit: fc.boolean(),
        pick,
      }),
    },
    { weight: w.transfer, arbitrary: fc.record({ kind: fc.constant('transfer' as const), pick }) },
    { weight: w.compact, arbitrary: fc.record({ kind: fc.constant('compact' as const), pick }) },
    { weight: w.campaign, arbitrary: fc.record({ kind: fc.constant('campaign' as const), pick }) },
  ];
  const event = fc.oneof(...entries.filter((e) => e.weight > 0));
  const timed = fc.record({ at: fc.integer({ min: 0, max: steps - 1 }), event });
  const eventsMax = Math.max(1, Math.round(2 * profile.eventsPerStep * steps));
  const conditions = fc.record({
    lossPercent: fc.integer({ min: 0, max: profile.lossPercentMax }),
    duplicatePercent: fc.integer({ min: 0, max: profile.duplicatePercentMax }),
    latencyStepsMax: fc.integer({ min: 1, max: profile.latencyStepsMax }),
    spikePercent: fc.integer({ min: 0, max: profile.spikePercentMax }),
    persistStepsMax: fc.integer({ min: 0, max: profile.persistStepsMax }),
  });
  // size 'max': draw the event count uniformly up to eventsMax instead of fast-check's default
  // of a handful; shrinking still removes events one chunk at a time.
  return fc.record({ conditions, events: fc.array(timed, { maxLength: eventsMax, size: 'max' }) });
}

/** Events in firing order (stable for equal steps). */
export function sortedEvents(s: Schedule): TimedEvent[] {
  return s.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}
