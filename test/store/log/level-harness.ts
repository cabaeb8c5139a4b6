import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LevelLogStorage, type GroupCommitLimits } from '../../../src/store/log/index.js';
import type { LogStorageHarness } from './log-storage-compliance.js';

/** A LevelDB-backed harness in a fresh temp dir; counts the real `db.batch` calls. */
export interface LevelHarness extends LogStorageHarness {
  readonly dir: string;
  open(limits?: Partial<GroupCommitLimits>): Promise<LevelLogStorage>;
}

export async function levelHarness(): Promise<LevelHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'vstudio-log-'));
  let batches = 0;
  return {
    dir,
    open: async (limits) => {
      const store = await LevelLogStorage.openAt(join(dir, 'db'), limits ? { limits } : {});
      const db = store.database;
      const batch = db.batch.bind(db) as (...args: unknown[]) => unknown;
      // Count the calls that reach LevelDB, whatever the writer's own counters say.
      (db as unknown as { batch: (...args: unknown[]) => unknown }).batch = (...args: unknown[]) => {
        if (args.length > 0) batches++;
        return batch(...args);
      };
      return store;
    },
    diskBatches: () => batches,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
