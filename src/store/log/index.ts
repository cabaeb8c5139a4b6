/** Durable Raft log storage for many groups in one LevelDB, and its in-memory twin. */
export * from './log-storage.js';
export * from './log-errors.js';
export * from './group-commit-writer.js';
export { LevelLogStorage, type LevelLogStorageOptions, type LevelBatchOp, type LogDatabase } from './level-log-storage.js';
export { MemoryLogStorage, MemoryLogDisk } from './memory-log-storage.js';
export { KEY_SPACE_RAFT_LOG, KeyKind, entryKey, metaKey, groupKeyRange, decodeKey } from './key-layout.js';
