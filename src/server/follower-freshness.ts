/** Commit notices kept while waiting for the apply that reaches them. */
const MAX_PENDING_NOTICES = 64;

/**
 * How fresh a follower's state is, for `follower` reads with `max_staleness_ms`. The leader
 * attaches its commit index to its batches while its lease is valid (no other leader can have
 * committed anything meanwhile); once this replica has applied up to that index, its state is
 * at least as fresh as the batch's arrival. Times are this process's monotonic clock, so no
 * clock is compared across nodes (the batch's one-way network delay is not counted).
 */
export class FollowerFreshness {
  private pending: { readonly atMs: number; readonly commit: number }[] = [];
  private freshAtMs = Number.NEGATIVE_INFINITY;

  /** The leader's commit index `commit` arrived at `atMs`; this replica has applied `applied`. */
  observe(atMs: number, commit: number, applied: number): void {
    if (commit <= applied) {
      this.freshAtMs = Math.max(this.freshAtMs, atMs);
      return;
    }
    if (this.pending.length >= MAX_PENDING_NOTICES) this.pending.shift();
    this.pending.push({ atMs, commit });
  }

  /** This replica has applied up to `applied`. */
  onApplied(applied: number): void {
    while (this.pending.length > 0 && this.pending[0]!.commit <= applied) {
      this.freshAtMs = Math.max(this.freshAtMs, this.pending.shift()!.atMs);
    }
  }

  /** Milliseconds this replica may be behind the leader at `nowMs` (Infinity if never known fresh). */
  stalenessMs(nowMs: number): number {
    return nowMs - this.freshAtMs;
  }
}
