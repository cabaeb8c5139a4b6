import { appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotSpool } from '../../src/server/snapshot-spool.js';
import { tempDir } from '../embedded/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function path(): Promise<string> {
  const t = await tempDir();
  cleanups.push(t.dispose);
  return join(t.dir, 'in', 'transfer-1');
}

describe('the snapshot spool', () => {
  it('reads back the frames appended, in order', async () => {
    const p = await path();
    const s = await SnapshotSpool.open(p);
    await s.append(new Uint8Array([1, 2, 3]));
    await s.append(new Uint8Array([]));
    await s.append(new Uint8Array([9]));
    const out: number[][] = [];
    for await (const f of s.framesFrom(0)) out.push([...f]);
    expect(out).toEqual([[1, 2, 3], [], [9]]);
    await s.close();
  });

  it('reopened after an interruption, it keeps the whole frames, so a transfer resumes at the next one', async () => {
    const p = await path();
    const s = await SnapshotSpool.open(p);
    await s.append(new Uint8Array([1]));
    await s.append(new Uint8Array([2, 2]));
    await s.close();
    // A frame cut short by a crash or a dropped connection.
    await appendFile(p, Buffer.from([10, 0, 0, 0, 7, 7]));
    const again = await SnapshotSpool.open(p);
    expect(again.frames).toBe(2);
    await again.append(new Uint8Array([3]));
    const out: number[][] = [];
    for await (const f of again.framesFrom(1)) out.push([...f]);
    expect(out).toEqual([[2, 2], [3]]);
    await again.close();
  });

  it('discard removes the file', async () => {
    const p = await path();
    const s = await SnapshotSpool.open(p);
    await s.append(new Uint8Array([1]));
    await s.discard();
    await expect(stat(p)).rejects.toThrow(/ENOENT/);
  });
});
