import { describe, expect, it } from 'vitest';
import { groupProblems, LAGGING_ENTRIES, type GroupHealthInput } from '../../src/server/group-health.js';

const healthy: GroupHealthInput = {
  leader: 1, voters: [1, 2, 3], replicationFactor: 3, up: new Set([1, 2, 3]), lagEntries: new Map([[2, 0], [3, 5]]), lagMs: new Map(), pendingOperator: false,
};

describe('shard health', () => {
  it('finds nothing wrong with a led, fully replicated, caught-up group', () => {
    expect(groupProblems(healthy)).toEqual([]);
  });

  it('a group whose leader is unknown or on a node that did not answer is leaderless', () => {
    expect(groupProblems({ ...healthy, leader: 0 })).toContain('leaderless');
    expect(groupProblems({ ...healthy, up: new Set([2, 3]) })).toContain('leaderless');
  });

  it('fewer live voters than the replication factor is under-replicated', () => {
    expect(groupProblems({ ...healthy, up: new Set([1, 2]) })).toEqual(['under-replicated']);
    expect(groupProblems({ ...healthy, replicationFactor: 4 })).toEqual(['under-replicated']);
  });

  it('a follower more than the threshold behind is lagging', () => {
    expect(groupProblems({ ...healthy, lagEntries: new Map([[2, LAGGING_ENTRIES + 1]]) })).toEqual(['lagging']);
  });

  it('an operator under way is reported', () => {
    expect(groupProblems({ ...healthy, pendingOperator: true })).toEqual(['pending-operator']);
  });
});
