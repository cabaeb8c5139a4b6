import { StorageError } from '../../../src/raft/index.js';

/** The code of the StorageError that `f` throws; fails the test if it throws anything else or nothing. */
export function storageErrorCode(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof StorageError) return err.code;
    throw err;
  }
  throw new Error('expected a StorageError');
}
