/** The Raft consensus core: a pure, deterministic state machine. See docs/raft-api.md. */
export * from './types.js';
export * from './errors.js';
export * from './config.js';
export * from './rng.js';
export * from './storage.js';
export * from './codec.js';
export { Raft, confChangeOf } from './raft.js';
export { RawNode, type Status, type ProgressStatus } from './raw-node.js';
export { ProgressState } from './tracker/progress.js';
export type { ReadRequest } from './read-only.js';
