// Specification of a follower's progress as the leader tracks it: src/raft/tracker/progress.ts.
// After etcd-io/raft tracker/progress_test.go (TestProgressIsPaused, TestProgressResume,
// TestProgressBecomeProbe, TestProgressBecomeReplicate, TestProgressBecomeSnapshot,
// TestProgressUpdate, TestProgressMaybeDecr) and etcd's design doc on progress states.
import { describe, expect, it } from 'vitest';
import { Progress, ProgressState } from '../../../src/raft/tracker/progress.js';

function progress(f: { state?: ProgressState; match?: number; next?: number; pendingSnapshot?: number; maxInflight?: number }): Progress {
  const pr = new Progress(f.next ?? 1, f.maxInflight ?? 256, 0, false);
  pr.match = f.match ?? 0;
  if (f.state === ProgressState.Replicate) pr.becomeReplicate();
  if (f.state === ProgressState.Snapshot) pr.becomeSnapshot(f.pendingSnapshot ?? 0);
  // becomeReplicate() resets next to match+1; put back the next the test asks for.
  pr.next = f.next ?? pr.next;
  return pr;
}

describe('Progress transitions', () => {
  it('a new progress probes from the given next index with nothing matched', () => {
    const pr = new Progress(5, 10, 0, false);
    expect([pr.state, pr.match, pr.next, pr.isPaused()]).toEqual([ProgressState.Probe, 0, 5, false]);
  });

  it('becomeReplicate sends from match+1 and empties the inflight window', () => {
    const pr = progress({ match: 1, next: 5 });
    pr.inflights.add(4, 10);
    pr.becomeReplicate();
    expect([pr.state, pr.next, pr.inflights.size()]).toEqual([ProgressState.Replicate, 2, 0]);
  });

  it('becomeProbe from replicate probes from match+1', () => {
    const pr = progress({ state: ProgressState.Replicate, match: 1, next: 5 });
    pr.becomeProbe();
    expect([pr.state, pr.next, pr.probeSent]).toEqual([ProgressState.Probe, 2, false]);
  });

  it('becomeProbe from probe probes from match+1', () => {
    const pr = progress({ match: 1, next: 5 });
    pr.becomeProbe();
    expect([pr.state, pr.next]).toEqual([ProgressState.Probe, 2]);
  });

  // etcd TestProgressBecomeProbe: after a snapshot the follower has at least the snapshot's
  // entries, so probing resumes after the larger of match and the pending snapshot.
  it.each([
    { name: 'the pending snapshot is ahead of match: next = pendingSnapshot+1', match: 1, pending: 10, want: 11 },
    { name: 'match is ahead of the pending snapshot: next = match+1', match: 11, pending: 10, want: 12 },
  ])('becomeProbe from snapshot: $name', ({ match, pending, want }) => {
    const pr = progress({ state: ProgressState.Snapshot, match, next: 5, pendingSnapshot: pending });
    pr.becomeProbe();
    expect([pr.state, pr.next, pr.pendingSnapshot]).toEqual([ProgressState.Probe, want, 0]);
  });

  it('becomeSnapshot records the snapshot index and pauses the follower', () => {
    const pr = progress({ match: 1, next: 5 });
    pr.becomeSnapshot(10);
    expect([pr.state, pr.pendingSnapshot, pr.match, pr.isPaused()]).toEqual([ProgressState.Snapshot, 10, 1, true]);
  });
});

describe('Progress.maybeUpdate', () => {
  // etcd TestProgressUpdate: match 3, next 5.
  it.each([
    { name: 'an ack below match is stale', n: 2, updated: false, match: 3, next: 5 },
    { name: 'an ack equal to match is stale', n: 3, updated: false, match: 3, next: 5 },
    { name: 'an ack between match and next raises match only', n: 4, updated: true, match: 4, next: 5 },
    { name: 'an ack of next raises match and next', n: 5, updated: true, match: 5, next: 6 },
    { name: 'an ack beyond next raises match and next', n: 6, updated: true, match: 6, next: 7 },
  ])('$name', ({ n, updated, match, next }) => {
    const pr = progress({ match: 3, next: 5 });
    expect(pr.maybeUpdate(n)).toBe(updated);
    expect([pr.match, pr.next]).toEqual([match, next]);
  });

  it('a fresh ack in probe state unpauses the follower', () => {
    const pr = progress({ match: 3, next: 5 });
    pr.sentEntries(5, 1, 10);
    expect(pr.isPaused()).toBe(true);
    pr.maybeUpdate(5);
    expect(pr.isPaused()).toBe(false);
  });
});

describe('Progress.maybeDecrTo', () => {
  // etcd TestProgressMaybeDecr (the first three rows are in replicate state, the rest in probe).
  it.each([
    { name: 'replicate: a rejection at match is stale', state: ProgressState.Replicate, m: 5, n: 10, rejected: 5, hint: 5, ok: false, next: 10 },
    { name: 'replicate: a rejection below match is stale', state: ProgressState.Replicate, m: 5, n: 10, rejected: 4, hint: 4, ok: false, next: 10 },
    { name: 'replicate: a rejection above match falls back to match+1', state: ProgressState.Replicate, m: 5, n: 10, rejected: 9, hint: 9, ok: true, next: 6 },
    { name: 'probe: a rejection of anything but next-1 is stale (next 0)', state: ProgressState.Probe, m: 0, n: 0, rejected: 0, hint: 0, ok: false, next: 0 },
    { name: 'probe: a rejection of anything but next-1 is stale', state: ProgressState.Probe, m: 0, n: 10, rejected: 5, hint: 5, ok: false, next: 10 },
    { name: 'probe: a fresh rejection without a better hint decrements next', state: ProgressState.Probe, m: 0, n: 10, rejected: 9, hint: 9, ok: true, next: 9 },
    { name: 'probe: decrements next to 1', state: ProgressState.Probe, m: 0, n: 2, rejected: 1, hint: 1, ok: true, next: 1 },
    { name: 'probe: next never goes below 1', state: ProgressState.Probe, m: 0, n: 1, rejected: 0, hint: 0, ok: true, next: 1 },
    { name: 'probe: jumps to hint+1 (fast backtracking)', state: ProgressState.Probe, m: 0, n: 10, rejected: 9, hint: 2, ok: true, next: 3 },
    { name: 'probe: a hint of 0 resets next to 1', state: ProgressState.Probe, m: 0, n: 10, rejected: 9, hint: 0, ok: true, next: 1 },
    { name: 'probe: next never goes below match+1 whatever the hint', state: ProgressState.Probe, m: 5, n: 10, rejected: 9, hint: 2, ok: true, next: 6 },
    { name: 'probe: a hint above the rejected index is capped at the rejected index', state: ProgressState.Probe, m: 0, n: 10, rejected: 9, hint: 20, ok: true, next: 9 },
    { name: 'snapshot: a rejection of anything but next-1 is stale', state: ProgressState.Snapshot, m: 0, n: 10, rejected: 5, hint: 5, ok: false, next: 10 },
    { name: 'snapshot: a rejection of next-1 lowers next', state: ProgressState.Snapshot, m: 0, n: 10, rejected: 9, hint: 3, ok: true, next: 4 },
  ])('$name', ({ state, m, n, rejected, hint, ok, next }) => {
    const pr = progress({ state, match: m, next: n, pendingSnapshot: 20 });
    expect(pr.maybeDecrTo(rejected, hint)).toBe(ok);
    expect([pr.match, pr.next, pr.state]).toEqual([m, next, state]);
  });

  it('a fresh rejection in probe state unpauses the follower (the probe was answered)', () => {
    const pr = progress({ match: 0, next: 10 });
    pr.sentEntries(10, 1, 10);
    expect(pr.isPaused()).toBe(true);
    expect(pr.maybeDecrTo(9, 5)).toBe(true);
    expect(pr.isPaused()).toBe(false);
  });

  it('a stale rejection in probe state leaves the follower paused', () => {
    const pr = progress({ match: 0, next: 10 });
    pr.sentEntries(10, 1, 10);
    expect(pr.maybeDecrTo(5, 5)).toBe(false);
    expect(pr.isPaused()).toBe(true);
  });
});

describe('Progress.isPaused and sentEntries', () => {
  it('probe: not paused until an App is sent, then paused until it is answered', () => {
    const pr = progress({ next: 5 });
    expect(pr.isPaused()).toBe(false);
    pr.sentEntries(5, 1, 10);
    expect(pr.isPaused()).toBe(true);
    expect(pr.next).toBe(5); // probe state does not advance next optimistically
  });

  it('replicate: sending advances next optimistically and records the message in flight', () => {
    const pr = progress({ state: ProgressState.Replicate, match: 4, next: 5 });
    pr.sentEntries(7, 3, 30);
    expect([pr.next, pr.inflights.size(), pr.inflights.sizeBytes()]).toEqual([8, 1, 30]);
  });

  it('replicate: an App with no entries changes nothing', () => {
    const pr = progress({ state: ProgressState.Replicate, match: 4, next: 5 });
    pr.sentEntries(4, 0, 0);
    expect([pr.next, pr.inflights.size()]).toEqual([5, 0]);
  });

  it('replicate: paused exactly when the inflight window is full', () => {
    const pr = progress({ state: ProgressState.Replicate, match: 0, next: 1, maxInflight: 2 });
    pr.sentEntries(1, 1, 10);
    expect(pr.isPaused()).toBe(false);
    pr.sentEntries(2, 1, 10);
    expect(pr.isPaused()).toBe(true);
    pr.inflights.freeLE(1);
    expect(pr.isPaused()).toBe(false);
  });

  it('snapshot: always paused, and sending changes nothing', () => {
    const pr = progress({ state: ProgressState.Snapshot, match: 0, next: 5, pendingSnapshot: 10 });
    pr.sentEntries(9, 3, 30);
    expect([pr.isPaused(), pr.next, pr.inflights.size()]).toEqual([true, 5, 0]);
  });

  it('a state change resets probeSent, so a paused probe resumes after becomeProbe', () => {
    const pr = progress({ next: 5 });
    pr.sentEntries(5, 1, 10);
    pr.becomeProbe();
    expect(pr.isPaused()).toBe(false);
  });
});
