import { describe, expect, it } from 'vitest';
import { GroupCommitWriter, LogWriteError, type PreparedWrite } from '../../../src/store/log/index.js';

/** A sink that records batches and lets the test decide when each sync completes. */
function manualSink(): { batches: string[][]; release(): void; failNext(err: Error): void; commit(ops: string[]): Promise<void> } {
  const batches: string[][] = [];
  let waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  return {
    batches,
    release: () => {
      const w = waiting;
      waiting = null;
      if (failure !== null) w?.reject(failure);
      else w?.resolve();
    },
    failNext: (err) => { failure = err; },
    commit: (ops) => {
      batches.push(ops);
      return new Promise<void>((resolve, reject) => { waiting = { resolve, reject }; });
    },
  };
}

const op = (name: string, log: string[] = []): (() => PreparedWrite<string, string>) =>
  () => ({ ops: [name], apply: () => { log.push(name); return name; } });

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('GroupCommitWriter', () => {
  it('cuts one batch per turn, one write per group, and fills the next batch while one syncs', async () => {
    const sink = manualSink();
    const w = new GroupCommitWriter(sink);
    const applied: string[] = [];
    const a = w.submit(1, 10, op('1a', applied));
    const b = w.submit(2, 10, op('2a', applied));
    const c = w.submit(1, 10, op('1b', applied)); // same group: waits for the next batch
    await turn();
    expect(sink.batches).toEqual([['1a', '2a']]);
    expect(applied).toEqual([]); // not visible before the sync returns
    const d = w.submit(3, 10, op('3a', applied)); // arrives during the sync
    sink.release();
    expect(await Promise.all([a, b])).toEqual(['1a', '2a']);
    await turn();
    expect(sink.batches[1]).toEqual(['1b', '3a']);
    sink.release();
    await Promise.all([c, d]);
    expect(applied).toEqual(['1a', '2a', '1b', '3a']);
    expect(w.stats()).toMatchObject({ batches: 2, writes: 4, ops: 4, maxWritesPerBatch: 2 });
  });

  it('refuses writes beyond its byte bound with QUEUE_FULL, accepts a lone oversized write, and wakes whenWritable', async () => {
    const sink = manualSink();
    const w = new GroupCommitWriter(sink, { maxQueuedBytes: 100 });
    const big = w.submit(1, 1000, op('big')); // alone: accepted however large
    await expect(w.submit(2, 1, op('small'))).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    let writable = false;
    const wait = w.whenWritable().then(() => { writable = true; });
    await turn();
    expect(writable).toBe(false);
    sink.release();
    await big;
    await wait;
    expect(writable).toBe(true);
  });

  it('cuts batches at maxBatchBytes', async () => {
    const sink = manualSink();
    const w = new GroupCommitWriter(sink, { maxBatchBytes: 25 });
    const all = [1, 2, 3].map((g) => w.submit(g, 10, op(`g${g}`)));
    await turn();
    expect(sink.batches).toEqual([['g1', 'g2']]);
    sink.release();
    await turn();
    sink.release();
    await Promise.all(all);
    expect(sink.batches).toEqual([['g1', 'g2'], ['g3']]);
  });

  it('a write whose preparation throws is refused alone', async () => {
    const sink = manualSink();
    const w = new GroupCommitWriter(sink);
    const bad = w.submit(1, 1, () => { throw new RangeError('bad write'); });
    const good = w.submit(2, 1, op('good'));
    await expect(bad).rejects.toThrow('bad write');
    await turn();
    sink.release();
    expect(await good).toBe('good');
  });

  it('a failed sync fails the batch, the queue and every later write', async () => {
    const sink = manualSink();
    const w = new GroupCommitWriter(sink);
    const applied: string[] = [];
    const a = w.submit(1, 1, op('a', applied));
    const b = w.submit(1, 1, op('b', applied));
    await turn();
    sink.failNext(new Error('EIO'));
    sink.release();
    for (const p of [a, b]) await expect(p).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    await expect(w.submit(2, 1, op('c'))).rejects.toBeInstanceOf(LogWriteError);
    expect(applied).toEqual([]);
  });

  it('crash drops queued writes but lets the batch in flight finish', async () => {
    const sink = manualSink();
    const w = new GroupCommitWriter(sink);
    const inFlight = w.submit(1, 1, op('a'));
    await turn();
    const queued = w.submit(1, 1, op('b'));
    const crashed = w.crash();
    await expect(queued).rejects.toMatchObject({ code: 'CRASHED' });
    sink.release();
    await crashed;
    expect(await inFlight).toBe('a');
    await expect(w.submit(1, 1, op('c'))).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('rejects nonsensical limits', () => {
    expect(() => new GroupCommitWriter(manualSink(), { maxQueuedWrites: 0 })).toThrow(RangeError);
  });
});
