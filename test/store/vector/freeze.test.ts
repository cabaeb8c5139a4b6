import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/store/vector/command-codec.js';
import type { SnapshotChunk } from '../../../src/store/vector/snapshot-stream.js';
import type { VectorStateMachine } from '../../../src/store/vector/vector-state-machine.js';
import { makeEnv, upsertBytes, type TestEnv } from './helpers.js';

const FREEZE = encodeCommand({ kind: 'freeze', items: [] });
const UNFREEZE = encodeCommand({ kind: 'unfreeze', items: [] });
const RETIRE = encodeCommand({ kind: 'retire', items: [] });

describe('a shard frozen for a reshard', () => {
  let env: TestEnv;
  let sm: VectorStateMachine;
  const rec = (id: string, x: number): Uint8Array => upsertBytes(env.schema, [{ id, vector: Array.from({ length: 8 }, () => x) }]);

  beforeEach(async () => {
    env = await makeEnv();
    sm = await env.open();
    await sm.apply(1, rec('a', 1));
    await sm.apply(2, FREEZE);
  });
  afterEach(async () => {
    await sm.close();
    await env.dispose();
  });

  it('refuses every later write with SHARD_FROZEN and changes nothing, while the applied index advances', async () => {
    const r = await sm.apply(3, rec('b', 2));
    expect(r).toMatchObject({ status: 'rejected', index: 3, error: { code: 'SHARD_FROZEN', grpcStatus: 'UNAVAILABLE' } });
    expect(sm.count()).toBe(1);
    expect(sm.appliedIndex).toBe(3);
    expect(sm.get(['a']).records).toHaveLength(1);
  });

  it('stays frozen across a restart', async () => {
    await sm.close();
    sm = await env.open();
    expect(sm.frozen).toBe(true);
    expect(await sm.apply(3, rec('b', 2))).toMatchObject({ status: 'rejected' });
  });

  it('a replica restored from a snapshot taken while frozen is frozen too (replicas never diverge)', async () => {
    const snap = await sm.createSnapshot();
    const chunks: SnapshotChunk[] = [];
    for await (const c of snap.chunks()) chunks.push(c);
    await snap.close();
    const other = await makeEnv();
    const b = await other.open();
    try {
      await b.restore(chunks);
      expect(b.frozen).toBe(true);
      expect(await b.apply(3, rec('b', 2))).toMatchObject({ status: 'rejected' });
    } finally {
      await b.close();
      await other.dispose();
    }
  });

  it('takes writes again after unfreeze', async () => {
    expect(await sm.apply(3, UNFREEZE)).toMatchObject({ status: 'applied' });
    expect(sm.frozen).toBe(false);
    expect(await sm.apply(4, rec('b', 2))).toMatchObject({ status: 'applied' });
    expect(sm.count()).toBe(2);
  });

  it('retire keeps it frozen, marks it retired (readers refuse it), survives a restart, and unfreeze undoes both', async () => {
    expect(await sm.apply(3, RETIRE)).toMatchObject({ status: 'applied' });
    expect([sm.frozen, sm.retired]).toEqual([true, true]);
    await sm.close();
    sm = await env.open();
    expect(sm.retired).toBe(true);
    expect(await sm.apply(4, UNFREEZE)).toMatchObject({ status: 'applied' });
    expect([sm.frozen, sm.retired]).toEqual([false, false]);
  });
});
