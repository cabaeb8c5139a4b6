/**
 * The App messages in flight to one follower, as a ring buffer of (last index, bytes). Bounded
 * both in messages and bytes so that a slow follower cannot make the leader buffer without limit.
 */
export class Inflights {
  private start = 0;
  private count = 0;
  private bytes = 0;
  private readonly indexes: number[];
  private readonly sizes: number[];

  constructor(
    readonly maxMsgs: number,
    /** 0 means no byte limit. */
    readonly maxBytes: number,
  ) {
    this.indexes = new Array<number>(maxMsgs).fill(0);
    this.sizes = new Array<number>(maxMsgs).fill(0);
  }

  clone(): Inflights {
    const c = new Inflights(this.maxMsgs, this.maxBytes);
    for (let i = 0; i < this.count; i++) {
      const j = (this.start + i) % this.maxMsgs;
      c.add(this.indexes[j]!, this.sizes[j]!);
    }
    return c;
  }

  /** Records a message whose last entry is `index`. The caller checks full() first. */
  add(index: number, bytes: number): void {
    if (this.count >= this.maxMsgs) throw new RangeError('inflights: add() on a full window');
    const j = (this.start + this.count) % this.maxMsgs;
    this.indexes[j] = index;
    this.sizes[j] = bytes;
    this.count++;
    this.bytes += bytes;
  }

  /** Frees every message whose last index is ≤ `index` (they are acknowledged). */
  freeLE(index: number): void {
    while (this.count > 0) {
      const j = this.start;
      if (this.indexes[j]! > index) break;
      this.bytes -= this.sizes[j]!;
      this.start = (this.start + 1) % this.maxMsgs;
      this.count--;
    }
    if (this.count === 0) this.start = 0;
  }

  /** Frees the oldest message, whatever its index. */
  freeFirstOne(): void {
    if (this.count === 0) return;
    this.freeLE(this.indexes[this.start]!);
  }

  full(): boolean {
    return this.count >= this.maxMsgs || (this.maxBytes > 0 && this.bytes >= this.maxBytes);
  }

  size(): number {
    return this.count;
  }

  sizeBytes(): number {
    return this.bytes;
  }

  reset(): void {
    this.start = 0;
    this.count = 0;
    this.bytes = 0;
  }
}
