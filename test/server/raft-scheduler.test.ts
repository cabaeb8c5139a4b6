import { afterEach, describe, expect, it } from 'vitest';
import { RawNode, SeededRng, type ConfState } from '../../src/raft/index.js';
import { RaftGroup, type GroupStateMachine } from '../../src/server/raft-group.js';
import { RaftScheduler } from '../../src/server/raft-scheduler.js';
import { bootstrapWrite, LevelLogStorage } from '../../src/store/log/index.js';
import { tempDir } from '../embedded/temp-dir.js';

const SINGLE: ConfState = { voters: [1], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };

/** A state machine that records what it applied. */
class Recorder implements GroupStateMachine<number> {
  appliedIndex = 0;
  readonly sizes: number[] = [];
  apply(index: number, data: Uint8Array): Promise<number> {
    this.appliedIndex = index;
    this.sizes.push(data.length);
    return Promise.resolve(index);
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function groupOn(log: LevelLogStorage, id: number): Promise<RaftGroup<number>> {
  await log.write(id, bootstrapWrite(SINGLE));
  const node = new RawNode({ id: 1, storage: log.storage(id), rng: new SeededRng(id), applied: 1 });
  node.campaign();
  return new RaftGroup(id, node, new Recorder());
}

describe('the Raft scheduler', () => {
  it('waits for room for a write the log queue refused, instead of spinning (two groups, tiny queue)', async () => {
    const { dir, dispose } = await tempDir();
    cleanups.push(dispose);
    const log = await LevelLogStorage.openAt(dir, { limits: { maxQueuedBytes: 10_000 } });
    cleanups.push(() => log.close());
    const a = await groupOn(log, 1);
    const b = await groupOn(log, 2);
    const scheduler = new RaftScheduler(log, { tickMs: 5 });
    cleanups.push(() => scheduler.close());
    scheduler.add(a);
    scheduler.add(b);
    scheduler.start();
    // Each group's Ready fits the queue alone but not beside the other's: the second write of the
    // pass is refused while the queue still has some room.
    const writes = [a, b].map((g) => g.propose(new Uint8Array(6_000)));
    scheduler.kick();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
    const outcome = await Promise.race([Promise.all(writes).then(() => 'done' as const), timeout]);
    expect(outcome).toBe('done');
  });

  it('close() finishes the proposals already accepted and answers them', async () => {
    const { dir, dispose } = await tempDir();
    cleanups.push(dispose);
    const log = await LevelLogStorage.openAt(dir);
    cleanups.push(() => log.close());
    const g = await groupOn(log, 1);
    const scheduler = new RaftScheduler(log, { tickMs: 5 });
    scheduler.add(g);
    scheduler.start();
    const writes = Array.from({ length: 20 }, (_, i) => g.propose(new Uint8Array([i + 1])));
    let answered = 0;
    for (const w of writes) void w.then(() => answered++, () => answered++);
    await scheduler.close();
    await Promise.resolve();
    // Answered by the time close() returns, not by a pass that runs after it.
    expect(answered).toBe(20);
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(new Array(20).fill('fulfilled'));
  });
});

describe('a Raft group', () => {
  it('refuses proposals beyond its queue bound while a Ready is in flight, and accepts them after', async () => {
    const { dir, dispose } = await tempDir();
    cleanups.push(dispose);
    const log = await LevelLogStorage.openAt(dir);
    cleanups.push(() => log.close());
    const g = await groupOn(log, 1);
    g.inFlight = true; // as during a pass
    const { MAX_QUEUED_PROPOSALS } = await import('../../src/server/raft-group.js');
    const queued = Array.from({ length: MAX_QUEUED_PROPOSALS }, () => g.propose(new Uint8Array([1])));
    await expect(g.propose(new Uint8Array([1]))).rejects.toMatchObject({ refusal: { code: 'UNCOMMITTED_LOG_FULL' } });
    g.inFlight = false;
    g.flushInputs();
    expect(g.node.status().lastIndex).toBeGreaterThanOrEqual(MAX_QUEUED_PROPOSALS);
    void queued;
  });
});
