import { MemoryLogDisk, MemoryLogStorage } from '../../../src/store/log/index.js';
import { logStorageCompliance, type LogStorageHarness } from './log-storage-compliance.js';

logStorageCompliance('MemoryLogStorage', async () => {
  const disk = new MemoryLogDisk();
  let batches = 0;
  let current: MemoryLogStorage | null = null;
  const harness: LogStorageHarness = {
    open: async (limits) => {
      if (current !== null) batches += current.stats().batches;
      current = new MemoryLogStorage(disk, limits);
      return current;
    },
    diskBatches: () => batches + (current?.stats().batches ?? 0),
    dispose: async () => undefined,
  };
  return harness;
});
