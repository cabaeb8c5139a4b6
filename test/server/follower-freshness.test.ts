import { describe, expect, it } from 'vitest';
import { FollowerFreshness } from '../../src/server/follower-freshness.js';

describe('follower freshness', () => {
  it('is unknown (infinitely stale) until a leader commit notice is covered by the applied index', () => {
    const f = new FollowerFreshness();
    expect(f.stalenessMs(1_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it('a notice already covered makes the replica fresh as of its arrival', () => {
    const f = new FollowerFreshness();
    f.observe(100, 5, 5);
    expect(f.stalenessMs(350)).toBe(250);
  });

  it('a notice ahead of the applied index counts only once the replica applies up to it', () => {
    const f = new FollowerFreshness();
    f.observe(100, 10, 5);
    expect(f.stalenessMs(200)).toBe(Number.POSITIVE_INFINITY);
    f.onApplied(9);
    expect(f.stalenessMs(200)).toBe(Number.POSITIVE_INFINITY);
    f.onApplied(10);
    expect(f.stalenessMs(200)).toBe(100);
  });

  it('a later notice never makes the replica look staler than an earlier one did', () => {
    const f = new FollowerFreshness();
    f.observe(300, 5, 5);
    f.observe(200, 4, 5);
    expect(f.stalenessMs(400)).toBe(100);
  });
});
