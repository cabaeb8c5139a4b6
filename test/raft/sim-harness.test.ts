import { describe, expect, it } from 'vitest';
import { MessageType, SeededRng, message, type Message } from '../../src/raft/index.js';
import { plantedBugs } from './planted-bugs.js';
import { Checker, ViolationError, type ViolationKind } from './sim/checkers.js';
import { runCluster } from './sim/cluster.js';
import { HashedLog } from './sim/hashed-log.js';
import { Network, type DropReason } from './sim/network.js';
import type { Packet } from './sim/packet-queue.js';
import { describeFailure, replayCommand, runBatch, runSeed } from './sim/simulate.js';
import { TEETH } from './sim/teeth.js';
import { Trace } from './sim/trace.js';

/** Specifications of the simulator itself: if these fail, the simulation proves nothing. */

function collectingNetwork(seed = 1): { net: Network; delivered: Message[]; dropped: [Message, DropReason][] } {
  const delivered: Message[] = [];
  const dropped: [Message, DropReason][] = [];
  const net = new Network(new SeededRng(seed), {
    deliver: (p: Packet) => { delivered.push(p.message); },
    dropped: (p: Packet, reason: DropReason) => { dropped.push([p.message, reason]); },
  });
  return { net, delivered, dropped };
}

const hb = (from: number, to: number): Message => message({ type: MessageType.Heartbeat, from, to, term: 1 });

function expectViolation(kind: ViolationKind, f: () => void): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ViolationError);
    expect((e as ViolationError).violation.kind).toBe(kind);
    return;
  }
  expect.fail(`expected a ${kind} violation`);
}

describe('the simulated network', () => {
  it('blocks both directions between the halves of a partition and nothing inside a half', () => {
    const { net, delivered, dropped } = collectingNetwork();
    net.partition([1, 2], [3], false);
    for (const [a, b] of [[1, 3], [3, 1], [1, 2], [2, 1]] as const) net.send(hb(a, b), 0, 1);
    net.deliverDue(100);
    expect(delivered.map((m) => `${m.from}>${m.to}`).sort()).toEqual(['1>2', '2>1']);
    expect(dropped.map(([m, r]) => `${m.from}>${m.to}:${r}`).sort()).toEqual(['1>3:partition', '3>1:partition']);
  });

  it('lets messages flow one way only under a one-way partition', () => {
    const { net, delivered } = collectingNetwork();
    net.partition([1], [2], true);
    net.send(hb(1, 2), 0, 1);
    net.send(hb(2, 1), 0, 1);
    net.deliverDue(100);
    expect(delivered.map((m) => `${m.from}>${m.to}`)).toEqual(['2>1']);
  });

  it('lets the bridge node of a bridge partition talk to both sides', () => {
    const { net } = collectingNetwork();
    net.partition([1, 2], [2, 3], false);
    expect(net.blocked(1, 3)).toBe(true);
    expect(net.blocked(2, 1) || net.blocked(2, 3) || net.blocked(1, 2) || net.blocked(3, 2)).toBe(false);
  });

  it('drops a message that is in flight when a partition starts', () => {
    const { net, delivered, dropped } = collectingNetwork();
    net.send(hb(1, 2), 0, 1);
    net.partition([1], [2], false);
    net.deliverDue(100);
    expect(delivered).toEqual([]);
    expect(dropped.map(([, r]) => r)).toEqual(['partition']);
  });

  it('swizzle-clogs links one at a time and restores every one of them', () => {
    const { net } = collectingNetwork();
    net.swizzle([[1, 2], [2, 3], [3, 1]], 0);
    const clogged: number[] = [];
    for (let t = 0; t < 200; t++) {
      net.deliverDue(t);
      clogged.push(net.cloggedLinks().length);
    }
    expect(Math.max(...clogged)).toBe(3);
    expect(clogged.some((n) => n === 1)).toBe(true); // one by one, not all at once
    expect(net.cloggedLinks()).toEqual([]);
  });
});

describe('the hashed log shadow', () => {
  const e = (index: number, term: number) => ({ index, term, type: 0, data: new Uint8Array([index]) });

  it('forgets the staged entries of a Ready lost in a crash', () => {
    const log = new HashedLog(1, 7);
    log.stage(null, [e(2, 1), e(3, 1)]);
    log.commitStaged();
    log.stage(null, [e(4, 1)]);
    log.dropStaged();
    expect(log.lastIndex).toBe(3);
    expect(log.hashAt(4)).toBeUndefined();
  });

  it('replaces a conflicting tail, so equal (index, term) only ever means equal history', () => {
    const a = new HashedLog(1, 7);
    a.stage(null, [e(2, 1), e(3, 1)]);
    a.commitStaged();
    const before = a.hashAt(3);
    a.stage(null, [e(3, 2)]);
    a.commitStaged();
    expect(a.lastIndex).toBe(3);
    expect(a.hashAt(3)).not.toBe(before);
    expect(a.hashAt(2)).toBeDefined();
  });
});

describe('the checkers', () => {
  const log = (hashes: Record<number, number>) => ({
    baseIndex: 1, lastIndex: Math.max(...Object.keys(hashes).map(Number)), hashAt: (i: number) => hashes[i],
  });

  it('report two leaders of one term as an election-safety violation', () => {
    const c = new Checker(() => 0);
    c.leaderElected(1, 5, log({ 1: 1 }));
    expectViolation('election-safety', () => c.leaderElected(2, 5, log({ 1: 1 })));
  });

  it('report a new leader without the highest committed entry as a leader-completeness violation', () => {
    const c = new Checker(() => 0);
    c.committed(1, 3, 333);
    expectViolation('leader-completeness', () => c.leaderElected(2, 6, log({ 1: 1, 2: 2, 3: 999 })));
  });

  it('report a read answered below what was committed when it was requested as a stale read', () => {
    const c = new Checker(() => 0);
    c.committed(1, 10, 1010);
    c.readRequested(1);
    c.readAnswered(1, 1, 10);
    c.readRequested(2);
    expectViolation('stale-read', () => c.readAnswered(2, 2, 9));
  });

  it('report two different entries applied at one index as a state-machine-safety violation', () => {
    const c = new Checker(() => 0);
    c.applied(1, 4, 44);
    c.applied(2, 4, 44);
    expectViolation('state-machine-safety', () => c.applied(3, 4, 45));
  });
});

describe('a simulation run', () => {
  it('replays exactly from its seed: the same schedule gives the same trace, line for line', () => {
    const r = runSeed({ seed: 2024, nodes: 5, steps: 1500 });
    const traces = [new Trace(true), new Trace(true)];
    for (const trace of traces) runCluster({ seed: r.seed, nodes: r.nodes, steps: r.steps, schedule: r.schedule, trace });
    const [a, b] = traces.map((t) => t.tail(Number.MAX_SAFE_INTEGER));
    expect(a!.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  });

  it('shrinks a failing schedule to a few events and reports its seed, replay command and trace', () => {
    const t = TEETH.doubleVote;
    const o = { profile: t.profile, tuning: t.tuning, makeCore: plantedBugs.doubleVote };
    const r = runBatch({ ...o, baseSeed: 11, runs: 20, nodes: t.nodes, steps: t.steps, stopOnFirst: true, shrinkTimeMs: 20_000 });
    const f = r.failures[0];
    expect(f?.violation?.kind).toBe('election-safety');
    expect(f!.schedule.events.length).toBeLessThanOrEqual(5);
    const report = describeFailure(f!, o, replayCommand(f!, ' --planted-bug doubleVote'));
    expect(report).toContain(`seed ${f!.seed}: election-safety`);
    expect(report).toContain(`npm run sim -- --seed ${f!.seed} --runs 1`);
    expect(report).toMatch(/t=\d+ n\d+ → n\d+ (Pre)?Vote\(term=\d+/);
  });
});
