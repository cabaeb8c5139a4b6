/**
 * Allocates HNSW labels: always the smallest label no live record holds. Because that rule is a
 * function of the live set alone, a replica that restarts (and rebuilds the free set from its
 * records) keeps allocating exactly as one that did not, and labels stay dense: the highest label
 * ever used is below the peak number of live records, which bounds the index's slot count under
 * any amount of churn.
 */
export class LabelAllocator {
  /** Min-heap of free labels below {@link highWater}. */
  private readonly heap: number[] = [];
  /** Every label ≥ highWater is free. */
  private highWater = 0;

  /** Builds the allocator from the labels of the live records, in any order. */
  static fromLive(liveLabels: Iterable<number>): LabelAllocator {
    const a = new LabelAllocator();
    const live = new Set<number>();
    let max = -1;
    for (const l of liveLabels) {
      live.add(l);
      if (l > max) max = l;
    }
    a.highWater = max + 1;
    for (let l = 0; l < a.highWater; l++) if (!live.has(l)) a.heap.push(l); // ascending: already a heap
    return a;
  }

  /** One more than the highest label handed out since the allocator was built. */
  get labelHighWater(): number {
    return this.highWater;
  }

  get freeBelowHighWater(): number {
    return this.heap.length;
  }

  allocate(): number {
    if (this.heap.length === 0) return this.highWater++;
    const top = this.heap[0] as number;
    const last = this.heap.pop() as number;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Returns a label that is no longer live (or was allocated and not used). */
  free(label: number): void {
    if (label === this.highWater - 1 && this.heap.length === 0) {
      this.highWater--;
      return;
    }
    this.heap.push(label);
    this.siftUp(this.heap.length - 1);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as number) <= (h[i] as number)) return;
      [h[parent], h[i]] = [h[i] as number, h[parent] as number];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && (h[l] as number) < (h[m] as number)) m = l;
      if (r < h.length && (h[r] as number) < (h[m] as number)) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i] as number, h[m] as number];
      i = m;
    }
  }
}
