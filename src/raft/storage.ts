import { StorageError } from './errors.js';
import {
  EMPTY_CONF_STATE, EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type Snapshot,
} from './types.js';

export interface InitialState {
  readonly hardState: HardState;
  /** Membership as of the host's applied index (or of the snapshot when nothing else applied). */
  readonly confState: ConfState;
}

/**
 * The core's read-only view of the durable log. The host writes it (after handling a Ready); the
 * core only reads. Reads are synchronous: a disk-backed implementation keeps the uncompacted tail
 * in memory.
 *
 * Indexes: the log holds entries (firstIndex()-1, lastIndex()]; the entry at firstIndex()-1 has
 * been compacted into the snapshot but its term is still known.
 */
export interface Storage {
  initialState(): InitialState;
  /**
   * Entries [lo, hi), at most `maxBytes` of them in total but always at least one when lo < hi.
   * Throws StorageError COMPACTED if lo < firstIndex(), UNAVAILABLE if hi > lastIndex()+1.
   */
  entries(lo: number, hi: number, maxBytes: number): Entry[];
  /** The term of entry `index`, for firstIndex()-1 ≤ index ≤ lastIndex(). */
  term(index: number): number;
  firstIndex(): number;
  lastIndex(): number;
  /** The most recent snapshot; may throw SNAPSHOT_TEMPORARILY_UNAVAILABLE. */
  snapshot(): Snapshot;
}

/** Where a new group's log starts: its founding membership is a snapshot at this index and term. */
export const BOOTSTRAP_INDEX = 1;
export const BOOTSTRAP_TERM = 1;

/** Bytes an entry counts for in size limits (payload plus a fixed header). */
export function entrySize(e: Entry): number {
  return e.data.length + ENTRY_OVERHEAD_BYTES;
}
export const ENTRY_OVERHEAD_BYTES = 16;

/** Cuts `ents` so that its size stays within maxBytes, keeping at least the first entry. */
export function limitSize<T extends Entry>(ents: T[], maxBytes: number): T[] {
  if (ents.length === 0) return ents;
  let size = entrySize(ents[0]!);
  let n = 1;
  for (; n < ents.length; n++) {
    size += entrySize(ents[n]!);
    if (size > maxBytes) break;
  }
  return n === ents.length ? ents : ents.slice(0, n);
}

/**
 * A Storage held in memory: the simulator's and the tests' durable log. Writes are what the host
 * has made durable; a simulated crash keeps this object and drops everything else.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = EMPTY_HARD_STATE;
  private confState: ConfState = EMPTY_CONF_STATE;
  private snap: Snapshot = { metadata: { index: 0, term: 0, confState: EMPTY_CONF_STATE }, data: new Uint8Array() };
  /** ents[0] is a placeholder holding the snapshot's index and term. */
  private ents: Entry[] = [{ term: 0, index: 0, type: 0, data: new Uint8Array() }];

  /**
   * A storage for a founding member of a new group whose initial membership is `confState`.
   * The membership is recorded as a snapshot at index 1, term 1 (BOOTSTRAP_INDEX/TERM), so that
   * a replica added later with an empty log receives it as a snapshot before the log tail.
   * The hard state is at BOOTSTRAP_TERM, so every elected leader's term is greater than the
   * bootstrap entry's and "an entry of the leader's term" never means the bootstrap entry.
   */
  static bootstrap(confState: ConfState, data: Uint8Array = new Uint8Array()): MemoryStorage {
    const s = new MemoryStorage();
    s.confState = confState;
    s.snap = { metadata: { index: BOOTSTRAP_INDEX, term: BOOTSTRAP_TERM, confState }, data };
    s.ents = [{ term: BOOTSTRAP_TERM, index: BOOTSTRAP_INDEX, type: 0, data: new Uint8Array() }];
    s.hardState = { term: BOOTSTRAP_TERM, vote: 0, commit: BOOTSTRAP_INDEX };
    return s;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.confState };
  }

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  /** Records the membership as of the applied index, so a restart starts from it. */
  setConfState(cs: ConfState): void {
    this.confState = cs;
  }

  hardStateNow(): HardState {
    return this.hardState;
  }

  private offset(): number {
    return this.ents[0]!.index;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  lastIndex(): number {
    return this.offset() + this.ents.length - 1;
  }

  term(index: number): number {
    const offset = this.offset();
    if (index < offset) throw new StorageError('COMPACTED', `term(${index}) is before the snapshot at ${offset}`);
    if (index > this.lastIndex()) throw new StorageError('UNAVAILABLE', `term(${index}) is after the last index ${this.lastIndex()}`);
    return this.ents[index - offset]!.term;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    const offset = this.offset();
    if (lo <= offset) throw new StorageError('COMPACTED', `entries from ${lo} are compacted up to ${offset}`);
    if (hi > this.lastIndex() + 1) throw new StorageError('UNAVAILABLE', `entries up to ${hi} are past the last index ${this.lastIndex()}`);
    if (lo >= hi) return [];
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxBytes);
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /**
   * Appends entries, replacing any stored entries at or after the first one's index. Entries
   * before the first index (already compacted) are skipped.
   */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    let ents = entries;
    if (ents[ents.length - 1]!.index < first) return;
    if (ents[0]!.index < first) ents = ents.slice(first - ents[0]!.index);
    const start = ents[0]!.index - this.offset();
    if (start > this.ents.length) {
      throw new StorageError('UNAVAILABLE', `append at ${ents[0]!.index} leaves a gap after ${this.lastIndex()}`);
    }
    if (start < this.ents.length) this.ents.length = start;
    for (const e of ents) this.ents.push(e);
  }

  /** Replaces the whole log by a snapshot received from the leader. */
  applySnapshot(snap: Snapshot): void {
    const { index, term } = snap.metadata;
    if (index <= this.snap.metadata.index) {
      throw new StorageError('COMPACTED', `snapshot at ${index} is older than the stored one at ${this.snap.metadata.index}`);
    }
    this.snap = snap;
    this.confState = snap.metadata.confState;
    this.ents = [{ term, index, type: 0, data: new Uint8Array() }];
  }

  /** Records a snapshot of the state machine at `index` (≤ lastIndex). Entries stay until compact(). */
  createSnapshot(index: number, confState: ConfState, data: Uint8Array): Snapshot {
    if (index <= this.snap.metadata.index) {
      throw new StorageError('COMPACTED', `snapshot at ${index} is not newer than the stored one at ${this.snap.metadata.index}`);
    }
    if (index > this.lastIndex()) {
      throw new StorageError('UNAVAILABLE', `snapshot at ${index} is past the last index ${this.lastIndex()}`);
    }
    this.snap = { metadata: { index, term: this.term(index), confState }, data };
    return this.snap;
  }

  /** Discards entries up to and including `index`; the entry at `index` becomes the placeholder. */
  compact(index: number): void {
    const offset = this.offset();
    if (index <= offset) return;
    if (index > this.lastIndex()) {
      throw new StorageError('UNAVAILABLE', `compact(${index}) is past the last index ${this.lastIndex()}`);
    }
    const e = this.ents[index - offset]!;
    const rest = this.ents.slice(index - offset + 1);
    this.ents = [{ term: e.term, index: e.index, type: 0, data: new Uint8Array() }, ...rest];
  }
}
