// Specification of membership changes: src/raft/confchange/changer.ts (applyChange).
// After etcd-io/raft confchange/testdata (simple_voters.txt, simple_learners_safety.txt,
// joint_autoleave.txt, joint_learners_next.txt, joint_safety.txt) and confchange/quick_test.go.
// Reference: Raft paper §6 and Ongaro's thesis §4.3 (joint consensus); §4.2.1 for learners
// ("non-voting members").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, entersJoint, leavesJoint } from '../../../src/raft/confchange/changer.js';
import { confStateOf, membershipFromConfState, type MembershipConfig } from '../../../src/raft/tracker/tracker.js';
import { ConfChangeType, NONE, type ConfChange, type ConfChangeSingle, type ConfState, type NodeId } from '../../../src/raft/types.js';

const v = (nodeId: NodeId): ConfChangeSingle => ({ type: ConfChangeType.AddVoter, nodeId });
const l = (nodeId: NodeId): ConfChangeSingle => ({ type: ConfChangeType.AddLearner, nodeId });
const r = (nodeId: NodeId): ConfChangeSingle => ({ type: ConfChangeType.RemoveNode, nodeId });

function conf(f: Partial<ConfState>): MembershipConfig {
  return membershipFromConfState({
    voters: f.voters ?? [], learners: f.learners ?? [], votersOutgoing: f.votersOutgoing ?? [],
    learnersNext: f.learnersNext ?? [], autoLeave: f.autoLeave ?? false,
  });
}
function cs(f: Partial<ConfState>): ConfState {
  return confStateOf(conf(f));
}
/** Applies `cc` and returns the resulting ConfState; fails the test if it is refused. */
function accepted(current: MembershipConfig, cc: ConfChange): ConfState {
  const res = applyChange(current, cc);
  if (!res.ok) throw new Error(`expected the change to be accepted, refused: ${res.reason}`);
  return confStateOf(res.config);
}
function refusal(current: MembershipConfig, cc: ConfChange): string {
  const res = applyChange(current, cc);
  if (res.ok) throw new Error(`expected a refusal, got ${JSON.stringify(confStateOf(res.config))}`);
  return res.reason;
}

describe('simple changes (one voter at a time, no joint config)', () => {
  it.each([
    { name: 'add a voter', from: { voters: [1] }, changes: [v(2)], want: { voters: [1, 2] } },
    { name: 'add a voter that already is one: no change', from: { voters: [1, 2] }, changes: [v(2)], want: { voters: [1, 2] } },
    { name: 'remove a voter', from: { voters: [1, 2, 3] }, changes: [r(3)], want: { voters: [1, 2] } },
    { name: 'remove a node that is not a member: no change', from: { voters: [1, 2] }, changes: [r(9)], want: { voters: [1, 2] } },
    { name: 'add a learner', from: { voters: [1] }, changes: [l(2)], want: { voters: [1], learners: [2] } },
    { name: 'add a learner that already is one: no change', from: { voters: [1], learners: [2] }, changes: [l(2)], want: { voters: [1], learners: [2] } },
    { name: 'remove a learner', from: { voters: [1], learners: [2, 3] }, changes: [r(2)], want: { voters: [1], learners: [3] } },
    { name: 'promote a learner to voter', from: { voters: [1], learners: [2] }, changes: [v(2)], want: { voters: [1, 2] } },
    { name: 'demote a voter to learner', from: { voters: [1, 2] }, changes: [l(2)], want: { voters: [1], learners: [2] } },
    { name: 'a change for node NONE (0) is ignored', from: { voters: [1] }, changes: [v(NONE)], want: { voters: [1] } },
  ])('$name', ({ from, changes, want }) => {
    expect(accepted(conf(from), { changes })).toEqual(cs(want));
  });

  it('removing the last voter is refused', () => {
    expect(refusal(conf({ voters: [1] }), { changes: [r(1)] })).toMatch(/all voters/);
  });

  it('demoting the last voter to learner is refused', () => {
    expect(refusal(conf({ voters: [1] }), { changes: [l(1)] })).toMatch(/all voters/);
  });

  it('a negative node id is refused', () => {
    expect(refusal(conf({ voters: [1] }), { changes: [v(-2)] })).toMatch(/invalid node id/);
  });

  it('a fractional node id is refused', () => {
    expect(refusal(conf({ voters: [1] }), { changes: [v(2.5)] })).toMatch(/invalid node id/);
  });

  it('an unknown change type is refused', () => {
    expect(refusal(conf({ voters: [1] }), { changes: [{ type: 7 as ConfChangeType, nodeId: 2 }] })).toMatch(/unknown conf change type/);
  });

  // Thesis §4.3: changing more than one voter at once without a joint config can produce two
  // disjoint majorities. With this API a change of several voters always goes through a joint
  // config instead (etcd's ConfChangeV2 with Transition=Auto and more than one change).
  it('two voter changes in one change are never applied directly: they enter a joint config', () => {
    const res = accepted(conf({ voters: [1, 2, 3] }), { changes: [v(4), r(3)] });
    expect(res.votersOutgoing).toEqual([1, 2, 3]);
    expect(res.voters).toEqual([1, 2, 4]);
  });

  it('does not modify the configuration it is given', () => {
    const current = conf({ voters: [1, 2], learners: [3] });
    const before = confStateOf(current);
    accepted(current, { changes: [v(3)] });
    accepted(current, { changes: [v(4), r(1)] });
    expect(confStateOf(current)).toEqual(before);
  });
});

describe('joint configurations', () => {
  it('entersJoint / leavesJoint classify a change', () => {
    expect(entersJoint({ changes: [v(1)] })).toBe(false);
    expect(entersJoint({ changes: [v(1)], transition: 'explicit' })).toBe(true);
    expect(entersJoint({ changes: [v(1), v(2)] })).toBe(true);
    expect(entersJoint({ changes: [] })).toBe(false);
    expect(leavesJoint({ changes: [] })).toBe(true);
    expect(leavesJoint({ changes: [v(1)] })).toBe(false);
  });

  it('enter joint (auto): outgoing is the old voter set, incoming the new one, autoLeave set', () => {
    expect(accepted(conf({ voters: [1, 2, 3] }), { changes: [v(4), r(3)] }))
      .toEqual(cs({ voters: [1, 2, 4], votersOutgoing: [1, 2, 3], autoLeave: true }));
  });

  it('enter joint (explicit) with a single change: joint, and autoLeave not set', () => {
    expect(accepted(conf({ voters: [1, 2, 3] }), { changes: [v(4)], transition: 'explicit' }))
      .toEqual(cs({ voters: [1, 2, 3, 4], votersOutgoing: [1, 2, 3], autoLeave: false }));
  });

  it('demote a voter to learner in joint: it stays an outgoing voter and waits in learnersNext', () => {
    expect(accepted(conf({ voters: [1, 2, 3] }), { changes: [l(3), v(4)] }))
      .toEqual(cs({ voters: [1, 2, 4], votersOutgoing: [1, 2, 3], learnersNext: [3], autoLeave: true }));
  });

  it('demote then re-add as voter within one change: back in incoming, not in learnersNext', () => {
    expect(accepted(conf({ voters: [1, 2, 3] }), { changes: [l(3), v(3)], transition: 'explicit' }))
      .toEqual(cs({ voters: [1, 2, 3], votersOutgoing: [1, 2, 3] }));
  });

  it('promote a learner in joint: it leaves the learners at once', () => {
    expect(accepted(conf({ voters: [1, 2], learners: [3] }), { changes: [v(3), r(2)] }))
      .toEqual(cs({ voters: [1, 3], votersOutgoing: [1, 2], autoLeave: true }));
  });

  it('a new node added as learner in joint becomes a learner right away (it is no outgoing voter)', () => {
    expect(accepted(conf({ voters: [1, 2] }), { changes: [l(5), v(3)] }))
      .toEqual(cs({ voters: [1, 2, 3], votersOutgoing: [1, 2], learners: [5], autoLeave: true }));
  });

  it('leave joint: outgoing voters not in incoming drop out, learnersNext become learners, autoLeave cleared', () => {
    const joint = conf({ voters: [1, 2, 4], votersOutgoing: [1, 2, 3, 5], learnersNext: [3], autoLeave: true });
    expect(accepted(joint, { changes: [] })).toEqual(cs({ voters: [1, 2, 4], learners: [3] }));
  });

  it('enter then leave joint round trip: replace a voter', () => {
    const j = accepted(conf({ voters: [1, 2, 3] }), { changes: [r(1), v(4)] });
    expect(accepted(membershipFromConfState(j), { changes: [] })).toEqual(cs({ voters: [2, 3, 4] }));
  });

  it('leave joint when not in a joint config is refused', () => {
    expect(refusal(conf({ voters: [1, 2, 3] }), { changes: [] })).toMatch(/not in one/);
  });

  it('a simple change while joint is refused (leave first)', () => {
    const joint = conf({ voters: [1, 2, 4], votersOutgoing: [1, 2, 3] });
    expect(refusal(joint, { changes: [v(5)] })).toMatch(/joint configuration is in effect/);
  });

  it('entering joint again while joint is refused', () => {
    const joint = conf({ voters: [1, 2, 4], votersOutgoing: [1, 2, 3] });
    expect(refusal(joint, { changes: [v(5), v(6)] })).toMatch(/joint configuration is in effect/);
  });

  it('entering joint from a zero-voter config is refused', () => {
    expect(refusal(conf({ learners: [1] }), { changes: [v(2), v(3)] })).toMatch(/zero-voter/);
  });

  it('entering joint with every incoming voter removed is refused', () => {
    expect(refusal(conf({ voters: [1, 2] }), { changes: [r(1), r(2)] })).toMatch(/all voters/);
  });

  it('entering joint with every incoming voter demoted is refused', () => {
    expect(refusal(conf({ voters: [1, 2] }), { changes: [l(1), l(2)] })).toMatch(/all voters/);
  });
});

describe('invariants of every accepted configuration', () => {
  function checkInvariants(c: ConfState): void {
    const voters = new Set([...c.voters, ...c.votersOutgoing]);
    // A learner is never a voter of either half (etcd checkInvariants).
    for (const id of c.learners) expect(voters.has(id), `learner ${id} is a voter`).toBe(false);
    // learnersNext are outgoing voters waiting to become learners, and not learners yet.
    for (const id of c.learnersNext) {
      expect(c.votersOutgoing.includes(id), `learnersNext ${id} not outgoing`).toBe(true);
      expect(c.learners.includes(id), `learnersNext ${id} is already a learner`).toBe(false);
    }
    expect(c.voters.length, 'no voters').toBeGreaterThan(0);
    if (c.votersOutgoing.length === 0) {
      expect(c.learnersNext).toEqual([]);
      expect(c.autoLeave).toBe(false);
    }
  }

  const single = fc.record({
    type: fc.constantFrom(ConfChangeType.AddVoter, ConfChangeType.AddLearner, ConfChangeType.RemoveNode),
    nodeId: fc.integer({ min: 0, max: 7 }),
  });
  const change: fc.Arbitrary<ConfChange> = fc.oneof(
    fc.record({ changes: fc.array(single, { minLength: 0, maxLength: 4 }), transition: fc.constantFrom<'auto' | 'explicit'>('auto', 'explicit') }),
    fc.constant({ changes: [] }),
  );

  it('property: any sequence of accepted changes keeps learners ∩ voters = ∅ and the other invariants', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
      fc.array(change, { minLength: 1, maxLength: 12 }),
      (initialVoters, ccs) => {
        let current = conf({ voters: initialVoters });
        for (const cc of ccs) {
          const res = applyChange(current, cc);
          if (!res.ok) continue;
          checkInvariants(confStateOf(res.config));
          current = res.config;
        }
      },
    ), { numRuns: 500 });
  });

  it('property: a refused change reports why and a simple change alters at most one voter', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
      single,
      (initialVoters, c) => {
        const current = conf({ voters: initialVoters });
        const res = applyChange(current, { changes: [c] });
        if (!res.ok) {
          expect(res.reason.length).toBeGreaterThan(0);
          return;
        }
        const before = new Set(initialVoters);
        const after = res.config.voters.incoming.ids;
        const diff = [...before].filter((id) => !after.has(id)).length + [...after].filter((id) => !before.has(id)).length;
        expect(diff).toBeLessThanOrEqual(1);
        expect(res.config.voters.isJoint()).toBe(false);
      },
    ));
  });
});
