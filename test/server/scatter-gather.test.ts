import { describe, expect, it } from 'vitest';
import { gatherShards, MIN_GRACE_MS } from '../../src/server/scatter-gather.js';

const never = new Promise<string>(() => undefined);
const after = <T>(ms: number, v: T): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));
const failAfter = (ms: number): Promise<string> => new Promise((_, reject) => setTimeout(() => reject(new Error('shard down')), ms));

describe('waiting for the shards of a scatter-gather request', () => {
  it('returns every answer, in shard order, when all answer', async () => {
    const got = await gatherShards([after(20, 'a'), after(5, 'b')], false, Date.now() + 1_000);
    expect(got).toEqual([{ ok: true, value: 'a' }, { ok: true, value: 'b' }]);
  });

  it('without allow_partial, ends at the first failure without waiting for the others', async () => {
    const started = Date.now();
    const got = await gatherShards([never, failAfter(10)], false, Date.now() + 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(got[1]).toMatchObject({ ok: false });
  });

  it('with allow_partial, gives a straggler a grace period after the others answered, then counts it missing', async () => {
    const started = Date.now();
    const got = await gatherShards([after(10, 'a'), never], true, Date.now() + 10_000);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(MIN_GRACE_MS);
    expect(waited).toBeLessThan(3_000);
    expect(got[0]).toEqual({ ok: true, value: 'a' });
    expect(got[1]).toMatchObject({ ok: false });
  });

  it('with allow_partial, a straggler that answers within the grace period is kept', async () => {
    const got = await gatherShards([after(5, 'a'), after(100, 'b')], true, Date.now() + 10_000);
    expect(got).toEqual([{ ok: true, value: 'a' }, { ok: true, value: 'b' }]);
  });
});
