// Specification of the quorum math: src/raft/quorum/majority.ts and joint.ts.
// After etcd-io/raft quorum/quorum_test.go and quorum/testdata/{majority,joint}_{commit,vote}.txt.
// Reference: Raft paper §5.3 (an entry is committed once a majority has it) and §6 (joint
// consensus needs separate majorities of C_old and C_new).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JointConfig } from '../../../src/raft/quorum/joint.js';
import { MajorityConfig, VoteResult, type AckedIndexer } from '../../../src/raft/quorum/majority.js';
import type { NodeId } from '../../../src/raft/types.js';

/** `acks[i]` is the acknowledged index of voter i+1; `undefined` = that voter never answered. */
function indexer(acks: readonly (number | undefined)[]): AckedIndexer {
  return (id: NodeId) => acks[id - 1];
}
function voters(n: number): MajorityConfig {
  return new MajorityConfig(Array.from({ length: n }, (_, i) => i + 1));
}
/** Votes of voters 1..n: 'y' granted, 'n' rejected, '_' not answered yet. */
function votes(s: string): Map<NodeId, boolean> {
  const m = new Map<NodeId, boolean>();
  [...s].forEach((c, i) => {
    if (c === 'y') m.set(i + 1, true);
    else if (c === 'n') m.set(i + 1, false);
  });
  return m;
}

/** The definition: the largest index that at least a majority of `ids` has acknowledged. */
function bruteForceCommitted(ids: readonly NodeId[], acked: AckedIndexer): number {
  if (ids.length === 0) return Number.POSITIVE_INFINITY;
  const quorum = Math.floor(ids.length / 2) + 1;
  const candidates = [0, ...ids.map((id) => acked(id) ?? 0)];
  let best = 0;
  for (const c of candidates) {
    const have = ids.filter((id) => (acked(id) ?? 0) >= c).length;
    if (have >= quorum && c > best) best = c;
  }
  return best;
}

describe('MajorityConfig.committedIndex', () => {
  it.each([
    { name: 'a single voter commits what it acked', acks: [12], want: 12 },
    { name: 'a single voter that never acked commits nothing', acks: [undefined], want: 0 },
    { name: 'two voters need both (the smaller ack)', acks: [12, 5], want: 5 },
    { name: 'two voters, one missing ack, commit nothing', acks: [12, undefined], want: 0 },
    { name: 'three voters commit the middle ack', acks: [12, 5, 4], want: 5 },
    { name: 'three voters, order of acks does not matter', acks: [4, 12, 5], want: 5 },
    { name: 'three voters with two missing acks commit nothing', acks: [12, undefined, undefined], want: 0 },
    { name: 'three voters with one missing ack commit the smaller of the other two', acks: [12, 5, undefined], want: 5 },
    { name: 'four voters need three (the third largest ack)', acks: [101, 103, 102, 100], want: 101 },
    { name: 'four voters with two missing acks commit nothing', acks: [101, 103, undefined, undefined], want: 0 },
    { name: 'four voters where two agree on the top are still not a majority', acks: [100, 100, 1, 1], want: 1 },
    { name: 'five voters commit the median', acks: [101, 102, 103, 104, 105], want: 103 },
    { name: 'five voters, missing acks count as 0', acks: [101, undefined, 103, undefined, 105], want: 101 },
    { name: 'five voters all equal', acks: [7, 7, 7, 7, 7], want: 7 },
  ])('$name', ({ acks, want }) => {
    expect(voters(acks.length).committedIndex(indexer(acks))).toBe(want);
  });

  it('an empty config commits +Infinity so that it never holds back the other half of a joint config', () => {
    expect(new MajorityConfig().committedIndex(() => 5)).toBe(Number.POSITIVE_INFINITY);
  });

  it('only asks about its own voters', () => {
    const asked: NodeId[] = [];
    new MajorityConfig([2, 4]).committedIndex((id) => { asked.push(id); return 1; });
    expect(asked.sort()).toEqual([2, 4]);
  });

  it('property: equals the largest index acknowledged by a majority (brute force)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 0, maxLength: 9 }),
      fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), { minLength: 12, maxLength: 12 }),
      (ids, acks) => {
        const acked = indexer(acks);
        expect(new MajorityConfig(ids).committedIndex(acked)).toBe(bruteForceCommitted(ids, acked));
      },
    ));
  });
});

describe('MajorityConfig.voteResult', () => {
  it.each([
    { name: 'an empty config wins every election', n: 0, v: '', want: VoteResult.Won },
    { name: 'one voter, unanswered: pending', n: 1, v: '_', want: VoteResult.Pending },
    { name: 'one voter, granted: won', n: 1, v: 'y', want: VoteResult.Won },
    { name: 'one voter, rejected: lost', n: 1, v: 'n', want: VoteResult.Lost },
    { name: 'two voters, one yes one unanswered: pending', n: 2, v: 'y_', want: VoteResult.Pending },
    { name: 'two voters, one yes one no: lost', n: 2, v: 'yn', want: VoteResult.Lost },
    { name: 'two voters, both yes: won', n: 2, v: 'yy', want: VoteResult.Won },
    { name: 'three voters, one yes: pending', n: 3, v: 'y__', want: VoteResult.Pending },
    { name: 'three voters, one yes one no: pending', n: 3, v: 'yn_', want: VoteResult.Pending },
    { name: 'three voters, two yes: won', n: 3, v: 'yy_', want: VoteResult.Won },
    { name: 'three voters, two no: lost', n: 3, v: 'nn_', want: VoteResult.Lost },
    { name: 'three voters, one yes two no: lost', n: 3, v: 'ynn', want: VoteResult.Lost },
    { name: 'four voters, two yes: pending (three needed)', n: 4, v: 'yy__', want: VoteResult.Pending },
    { name: 'four voters, two yes two no: lost', n: 4, v: 'yynn', want: VoteResult.Lost },
    { name: 'four voters, three yes: won', n: 4, v: 'yyyn', want: VoteResult.Won },
    { name: 'four voters, two no: lost (at most two yes remain)', n: 4, v: 'nn__', want: VoteResult.Lost },
    { name: 'five voters, two yes two no: pending', n: 5, v: 'yynn_', want: VoteResult.Pending },
    { name: 'five voters, three yes: won', n: 5, v: 'yyynn', want: VoteResult.Won },
    { name: 'five voters, three no: lost', n: 5, v: 'nnn__', want: VoteResult.Lost },
  ])('$name', ({ n, v, want }) => {
    expect(voters(n).voteResult(votes(v))).toBe(want);
  });

  it('ignores votes from non-voters', () => {
    const m = new Map<NodeId, boolean>([[1, true], [7, true], [8, true]]);
    expect(voters(3).voteResult(m)).toBe(VoteResult.Pending);
  });

  it('property: won iff a majority granted, lost iff a majority can no longer grant', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom('y', 'n', '_'), { minLength: 1, maxLength: 9 }),
      (vs) => {
        const n = vs.length;
        const q = Math.floor(n / 2) + 1;
        const yes = vs.filter((c) => c === 'y').length;
        const missing = vs.filter((c) => c === '_').length;
        const want = yes >= q ? VoteResult.Won : yes + missing >= q ? VoteResult.Pending : VoteResult.Lost;
        expect(voters(n).voteResult(votes(vs.join('')))).toBe(want);
      },
    ));
  });
});

describe('JointConfig', () => {
  const c = (incoming: NodeId[], outgoing: NodeId[] = []): JointConfig =>
    new JointConfig(new MajorityConfig(incoming), new MajorityConfig(outgoing));

  it('is joint only while the outgoing half has voters', () => {
    expect(c([1, 2, 3]).isJoint()).toBe(false);
    expect(c([1, 2, 3], [1, 2]).isJoint()).toBe(true);
  });

  it('has the voters of both halves', () => {
    const j = c([1, 2], [2, 3]);
    expect([...j.ids()].sort()).toEqual([1, 2, 3]);
    expect([1, 2, 3].map((id) => j.has(id))).toEqual([true, true, true]);
    expect(j.has(4)).toBe(false);
  });

  it.each([
    { name: 'a non-joint config commits like its incoming majority', incoming: [1, 2, 3], outgoing: [], acks: [12, 5, 4], want: 5 },
    { name: 'an empty joint config commits +Infinity', incoming: [], outgoing: [], acks: [], want: Number.POSITIVE_INFINITY },
    {
      name: 'the outgoing half holds back the commit index (min of the halves)',
      incoming: [1, 2, 3], outgoing: [3, 4, 5], acks: [10, 10, 5, 1, 1], want: 1,
    },
    {
      name: 'the incoming half holds back the commit index (min of the halves)',
      incoming: [1, 2, 3], outgoing: [3, 4, 5], acks: [1, 1, 5, 10, 10], want: 1,
    },
    {
      name: 'a voter shared by both halves counts in each',
      incoming: [1, 2], outgoing: [2, 3], acks: [9, 7, 8], want: 7,
    },
    {
      name: 'missing acks count as 0 in each half',
      incoming: [1, 2, 3], outgoing: [4, 5, 6], acks: [9, 9, 9, 9, undefined, undefined], want: 0,
    },
  ])('$name', ({ incoming, outgoing, acks, want }) => {
    expect(c(incoming, outgoing).committedIndex(indexer(acks))).toBe(want);
  });

  it('property: a joint commit index is the minimum of the two majorities', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 7 }),
      fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 7 }),
      fc.array(fc.option(fc.nat(30), { nil: undefined }), { minLength: 9, maxLength: 9 }),
      (inc, out, acks) => {
        const acked = indexer(acks);
        const want = Math.min(bruteForceCommitted(inc, acked), bruteForceCommitted(out, acked));
        expect(c(inc, out).committedIndex(acked)).toBe(want);
      },
    ));
  });

  // Raft §6: "Agreement (for elections and entry commitment) requires separate majorities from
  // both the old and new configurations."
  it.each([
    { name: 'won in both halves: won', incoming: [1, 2, 3], outgoing: [1, 4, 5], v: 'yyyy_', want: VoteResult.Won },
    { name: 'won incoming, pending outgoing: pending', incoming: [1, 2, 3], outgoing: [1, 4, 5], v: 'yy___', want: VoteResult.Pending },
    { name: 'won incoming, lost outgoing: lost', incoming: [1, 2, 3], outgoing: [1, 4, 5], v: 'yynnn', want: VoteResult.Lost },
    { name: 'pending incoming, lost outgoing: lost', incoming: [1, 2, 3], outgoing: [4, 5, 6], v: 'y__nn_', want: VoteResult.Lost },
    { name: 'lost incoming, won outgoing: lost', incoming: [1, 2, 3], outgoing: [4, 5, 6], v: 'nnnyyy', want: VoteResult.Lost },
    { name: 'pending in both halves: pending', incoming: [1, 2, 3], outgoing: [4, 5, 6], v: 'y__y__', want: VoteResult.Pending },
    { name: 'non-joint: the incoming majority decides', incoming: [1, 2, 3], outgoing: [], v: 'yy_', want: VoteResult.Won },
    { name: 'empty in both halves: won', incoming: [], outgoing: [], v: '', want: VoteResult.Won },
  ])('vote: $name', ({ incoming, outgoing, v, want }) => {
    expect(c(incoming, outgoing).voteResult(votes(v))).toBe(want);
  });
});
