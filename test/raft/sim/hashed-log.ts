import type { Entry } from '../../../src/raft/types.js';
import { chainHash } from './chain-hash.js';

/**
 * The chained hashes of one node's log: the durable part (mirroring its MemoryStorage) and the
 * Ready being written ("staged"). Checkers read hashes through `hashAt`, which sees the log as the
 * core sees it: durable entries overlaid by the staged ones. A crash drops the staged part.
 *
 * Hashes are known from `base` on: the snapshot (or compaction point) whose chained hash the
 * node knows. Entries before it are committed and covered by the snapshot.
 */
export class HashedLog {
  private base = 0;
  private hashes: number[];
  private staged: Staged | null = null;

  constructor(baseIndex: number, baseHash: number) {
    this.base = baseIndex;
    this.hashes = [baseHash];
  }

  /** The first index whose hash is known in the current view. */
  get baseIndex(): number {
    return this.staged?.resetTo?.index ?? this.base;
  }

  get lastIndex(): number {
    const s = this.staged;
    if (s !== null && (s.hashes.length > 0 || s.resetTo !== null)) return s.from + s.hashes.length - 1;
    return this.base + this.hashes.length - 1;
  }

  hashAt(index: number): number | undefined {
    const s = this.staged;
    if (s !== null) {
      if (index >= s.from) return s.hashes[index - s.from];
      if (s.resetTo !== null) return index === s.resetTo.index ? s.resetTo.hash : undefined;
    }
    return index >= this.base ? this.hashes[index - this.base] : undefined;
  }

  /**
   * Stages a Ready: an optional snapshot (index and chained hash) and entries that replace the
   * log from their first index. Returns the hashes of the staged entries, or a description of why
   * they cannot be chained (a gap, or an overwrite below the known base).
   */
  stage(snapshot: { readonly index: number; readonly hash: number } | null, entries: readonly Entry[]): number[] | string {
    if (this.staged !== null) throw new Error('HashedLog.stage: a Ready is already staged');
    const staged: Staged = snapshot === null
      ? { resetTo: null, from: this.lastIndex + 1, hashes: [] }
      : { resetTo: snapshot, from: snapshot.index + 1, hashes: [] };
    this.staged = staged;
    if (entries.length === 0) return staged.hashes;
    const first = entries[0]!.index;
    const viewBase = this.baseIndex;
    if (first <= viewBase) return `entries from ${first} overwrite the log at or below its snapshot/base ${viewBase}`;
    const prev = this.hashAt(first - 1);
    if (prev === undefined) return `entries from ${first} leave a gap after the last index ${this.lastIndex}`;
    // Entries at first.. replace anything staged or durable from there on.
    let h = prev;
    const out: number[] = [];
    for (const e of entries) {
      h = chainHash(h, e.term, e.type, e.data);
      out.push(h);
    }
    // The staged view replaces everything from `first` on (a follower's conflicting tail).
    staged.from = first;
    staged.hashes = out;
    return out;
  }

  /** The staged Ready became durable. */
  commitStaged(): void {
    const s = this.staged;
    if (s === null) return;
    this.staged = null;
    if (s.resetTo !== null) {
      this.base = s.resetTo.index;
      this.hashes = [s.resetTo.hash];
    }
    this.hashes.length = Math.min(this.hashes.length, s.from - this.base);
    for (const h of s.hashes) this.hashes.push(h);
  }

  /** The staged Ready was lost (crash before the write completed). */
  dropStaged(): void {
    this.staged = null;
  }

  /** Forgets hashes before `index` (log compaction); `index` becomes the base. */
  compact(index: number): void {
    if (this.staged !== null) throw new Error('HashedLog.compact: a Ready is staged');
    if (index <= this.base || index > this.lastIndex) return;
    this.hashes = this.hashes.slice(index - this.base);
    this.base = index;
  }
}

interface Staged {
  readonly resetTo: { readonly index: number; readonly hash: number } | null;
  from: number;
  hashes: number[];
}
