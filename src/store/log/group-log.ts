import {
  EMPTY_CONF_STATE, EMPTY_HARD_STATE, StorageError, limitSize,
  type ConfState, type Entry, type HardState, type InitialState, type Snapshot, type Storage,
} from '../../raft/index.js';
import type { ApplyState, TruncatedState } from './record-codec.js';
import type { LogShape } from './write-validation.js';

/** What a group's durable records say, as loaded from disk. */
export interface GroupLogState {
  readonly hardState: HardState;
  readonly applyState: ApplyState;
  readonly truncated: TruncatedState;
  readonly snapshot: Snapshot;
  /** Entries truncated.index+1 .. lastIndex, contiguous. */
  readonly entries: Entry[];
}

export const EMPTY_APPLY_STATE: ApplyState = Object.freeze({ applied: 0, confState: EMPTY_CONF_STATE });
const EMPTY_SNAPSHOT: Snapshot = Object.freeze({
  metadata: Object.freeze({ index: 0, term: 0, confState: EMPTY_CONF_STATE }),
  data: new Uint8Array(),
});

export function emptyGroupLogState(): GroupLogState {
  return {
    hardState: EMPTY_HARD_STATE, applyState: EMPTY_APPLY_STATE, truncated: { index: 0, term: 0 },
    snapshot: EMPTY_SNAPSHOT, entries: [],
  };
}

/**
 * The in-memory copy of one group's durable log, read synchronously by the Raft core. It holds
 * only what is durable: the LevelDB store mutates it after the batch that carries the same change
 * was synced. Reads behave exactly as MemoryStorage's (same bounds, same error codes).
 */
export class GroupLog implements Storage {
  private hardState: HardState;
  private apply: ApplyState;
  private truncated: TruncatedState;
  private snap: Snapshot;
  /** ents[i] has index truncated.index + 1 + i. */
  private ents: Entry[];

  constructor(state: GroupLogState = emptyGroupLogState()) {
    this.hardState = state.hardState;
    this.apply = state.applyState;
    this.truncated = state.truncated;
    this.snap = state.snapshot;
    this.ents = state.entries;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.apply.confState };
  }

  applyState(): ApplyState {
    return this.apply;
  }

  truncatedState(): TruncatedState {
    return this.truncated;
  }

  shape(): LogShape {
    return { snapshotIndex: this.snap.metadata.index, truncatedIndex: this.truncated.index, lastIndex: this.lastIndex() };
  }

  /** True if nothing was ever stored (the group reads as an empty log). */
  isEmpty(): boolean {
    return this.hardState === EMPTY_HARD_STATE && this.apply === EMPTY_APPLY_STATE
      && this.truncated.index === 0 && this.snap === EMPTY_SNAPSHOT && this.ents.length === 0;
  }

  firstIndex(): number {
    return this.truncated.index + 1;
  }

  lastIndex(): number {
    return this.truncated.index + this.ents.length;
  }

  term(index: number): number {
    const offset = this.truncated.index;
    if (index < offset) throw new StorageError('COMPACTED', `term(${index}) is before the snapshot at ${offset}`);
    if (index > this.lastIndex()) throw new StorageError('UNAVAILABLE', `term(${index}) is after the last index ${this.lastIndex()}`);
    return index === offset ? this.truncated.term : this.ents[index - offset - 1]!.term;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    const offset = this.truncated.index;
    if (lo <= offset) throw new StorageError('COMPACTED', `entries from ${lo} are compacted up to ${offset}`);
    if (hi > this.lastIndex() + 1) throw new StorageError('UNAVAILABLE', `entries up to ${hi} are past the last index ${this.lastIndex()}`);
    if (lo >= hi) return [];
    return limitSize(this.ents.slice(lo - offset - 1, hi - offset - 1), maxBytes);
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  // Mutations: called only after the write that carries them is durable, and only with writes
  // that passed write-validation.ts against this log's shape.

  applySnapshot(snap: Snapshot): void {
    this.snap = snap;
    this.truncated = { index: snap.metadata.index, term: snap.metadata.term };
    this.apply = { applied: snap.metadata.index, confState: snap.metadata.confState };
    this.ents = [];
  }

  /** Appends `ents`, replacing the stored suffix from the first one's index; skips compacted ones. */
  append(entries: readonly Entry[]): void {
    const first = this.firstIndex();
    const last = entries[entries.length - 1];
    if (last === undefined || last.index < first) return;
    const from = Math.max(0, first - entries[0]!.index);
    const start = entries[from]!.index - first;
    this.ents.length = start;
    for (let i = from; i < entries.length; i++) this.ents.push(entries[i]!);
  }

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  setApplyState(s: ApplyState): void {
    this.apply = s;
  }

  createSnapshot(index: number, confState: ConfState, data: Uint8Array): Snapshot {
    this.snap = { metadata: { index, term: this.term(index), confState }, data };
    return this.snap;
  }

  compact(index: number): void {
    const term = this.term(index);
    this.ents = this.ents.slice(index - this.truncated.index);
    this.truncated = { index, term };
  }
}
