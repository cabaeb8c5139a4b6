import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, describe, expect, it } from 'vitest';
import { VectorStudio } from '../../src/embedded/vector-studio.js';
import { StorageError } from '../../src/raft/index.js';
import { entryKey } from '../../src/store/log/index.js';
import { tempDir } from './temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a damaged Raft log in the embedded store', () => {
  it('stops only the damaged collection, names the group and index, and keeps the others serving', async () => {
    const { dir, dispose } = await tempDir();
    cleanups.push(dispose);
    const store = await VectorStudio.open({ dir });
    await store.createCollection('a', { dimension: 2 });
    await store.createCollection('b', { dimension: 2 });
    const w = await store.upsert('a', [{ id: 'x', vector: [1, 2] }]);
    await store.upsert('b', [{ id: 'y', vector: [3, 4] }]);
    await store.close();

    // Flip one byte of the stored entry that carries the write to 'a' (group 1).
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'db'), { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const key = entryKey(1, w.index);
    const value = await db.get(key);
    expect(value).toBeDefined();
    value![value!.length - 1]! ^= 0xff;
    await db.put(key, value!, { sync: true });
    await db.close();

    const lines: string[] = [];
    const again = await VectorStudio.open({ dir, log: (l) => lines.push(l) });
    cleanups.push(() => again.close());
    expect(again.listCollections().map((c) => c.name)).toEqual(['b']);
    expect(again.get('b', ['y']).records).toHaveLength(1);
    const [damaged] = again.damagedCollections();
    expect(damaged?.name).toBe('a');
    expect(damaged?.error).toBeInstanceOf(StorageError);
    expect(damaged?.error.message).toMatch(`group 1 entry ${w.index}`);
    expect(() => again.get('a', ['x'])).toThrow(StorageError);
    expect(lines.some((l) => l.includes('"a"') && l.includes('stopped'))).toBe(true);
  });
});
