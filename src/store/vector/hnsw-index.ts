/**
 * A thin owner of one hnswlib `HierarchicalNSW`, keeping the rules we rely on in one place.
 *
 * Label reuse. Deleting marks the label deleted (`markDelete`); the label allocator later hands
 * the same label to a new record, and `addPoint(vector, label)` on a deleted label revives that
 * very slot in place (hnswlib's `updatePoint`, the same repair its `replaceDeleted` path runs).
 * So slots are recycled and the graph never grows past the peak live count. We deliberately do
 * NOT use `allowReplaceDeleted`/`replaceDeleted`: that path takes an arbitrary slot from an
 * unordered set and erases the slot's old label from `label_lookup_`. If that old label had
 * meanwhile been reused for a live record (as our dense allocator does), the live record's
 * mapping would be erased and a later `markDelete` would fail with "Label not found". With
 * replacement disabled, hnswlib's own `addPoint` unmarks and updates a deleted label in place,
 * which is exactly the reuse we want, deterministically.
 *
 * Capacity. hnswlib throws when full, so we grow ahead of need: ×2 once 90% of the slots are used.
 *
 * Cost. hnswlib-node accepts only plain JS arrays and copies them element by element (~43 µs per
 * call at 784-d), so every call converts once and nothing calls per-record in a loop that could be
 * avoided. The conversion fills one reused array rather than allocating a fresh one per call
 * (`Array.from` of a 784-d Float32Array costs ~20 µs and 6 KB of garbage; the fill ~1 µs): hnswlib
 * copies its argument synchronously, so the array is free again when the call returns.
 */
import hnswlib from 'hnswlib-node';
import type { CollectionSchema } from './schema.js';

const { HierarchicalNSW } = hnswlib;
type NativeIndex = InstanceType<typeof HierarchicalNSW>;

/** Grow when this fraction of the slots is in use. */
export const HNSW_GROW_AT_FILL = 0.9;
/** Growth factor. */
export const HNSW_GROWTH_FACTOR = 2;
/** Slots of a fresh index. */
export const HNSW_INITIAL_CAPACITY = 1024;
/** Fixed seed: level assignment is reproducible for a given insertion order. */
const RANDOM_SEED = 100;

export interface HnswHits {
  readonly labels: number[];
  readonly distances: number[];
}

export class HnswIndex {
  /** The argument buffer of every addPoint/searchKnn call (see Cost above). */
  private readonly scratch: number[];
  /**
   * What hnswlib would answer to getMaxElements / getEf / "getCurrentCount() > 0", kept here so
   * that a search makes one N-API call, not four (each costs about 0.1 µs). Only this class
   * resizes, adds to or sets the ef of its index.
   */
  private maxElements: number;
  private ef: number;
  private hasSlots: boolean;

  private constructor(private readonly native: NativeIndex, ef: number) {
    this.scratch = new Array<number>(native.getNumDimensions()).fill(0);
    native.setEf(ef);
    this.ef = ef;
    this.maxElements = native.getMaxElements();
    this.hasSlots = native.getCurrentCount() > 0;
  }

  /** `vector` as the plain array hnswlib-node wants, in the reused buffer; valid until the next call. */
  private asArray(vector: Float32Array): number[] {
    const a = this.scratch;
    // A wrong length takes the allocating path, so that hnswlib reports it as before.
    if (vector.length !== a.length) return Array.from(vector);
    for (let i = 0; i < a.length; i++) a[i] = vector[i] as number;
    return a;
  }

  /** An empty index with room for `capacity` slots. */
  static create(schema: CollectionSchema, capacity = HNSW_INITIAL_CAPACITY): HnswIndex {
    const native = new HierarchicalNSW(schema.metric, schema.dimension);
    native.initIndex({
      maxElements: Math.max(capacity, 16),
      m: schema.hnsw.m,
      efConstruction: schema.hnsw.efConstruction,
      randomSeed: RANDOM_SEED,
      allowReplaceDeleted: false,
    });
    return new HnswIndex(native, schema.hnsw.ef);
  }

  /** Loads an index file written by {@link write}. Throws what hnswlib throws on a bad file. */
  static async load(schema: CollectionSchema, path: string): Promise<HnswIndex> {
    const native = new HierarchicalNSW(schema.metric, schema.dimension);
    await native.readIndex(path, false);
    if (native.getNumDimensions() !== schema.dimension) {
      throw new Error(`index has ${native.getNumDimensions()} dimensions, schema ${schema.dimension}`);
    }
    // hnswlib loads an index written while empty with a capacity of 0 (it takes the larger of
    // the requested size and the element count); give it room again.
    const wanted = Math.max(HNSW_INITIAL_CAPACITY, Math.ceil((native.getCurrentCount() + 1) / HNSW_GROW_AT_FILL));
    if (native.getMaxElements() < wanted) native.resizeIndex(wanted);
    return new HnswIndex(native, schema.hnsw.ef);
  }

  get capacity(): number {
    return this.maxElements;
  }

  /** Slots in use, deleted ones included (hnswlib's `cur_element_count`). */
  get slotCount(): number {
    return this.native.getCurrentCount();
  }

  /** Inserts, updates or revives `label`. */
  set(label: number, vector: Float32Array): void {
    const max = this.maxElements;
    if (this.native.getCurrentCount() + 1 > Math.floor(max * HNSW_GROW_AT_FILL)) {
      this.native.resizeIndex(Math.max(HNSW_INITIAL_CAPACITY, Math.ceil(max * HNSW_GROWTH_FACTOR)));
      this.maxElements = this.native.getMaxElements();
    }
    this.native.addPoint(this.asArray(vector), label);
    this.hasSlots = true;
  }

  /** Every label hnswlib holds, deleted ones included. */
  labels(): number[] {
    return this.native.getIdsList();
  }

  /** The stored vector of a live label; undefined when the label is deleted or absent. */
  vectorOf(label: number): Float32Array | undefined {
    try {
      return Float32Array.from(this.native.getPoint(label));
    } catch {
      // hnswlib throws "Label not found" for deleted and unknown labels alike.
      return undefined;
    }
  }

  /** Marks `label` deleted; it must be live. */
  remove(label: number): void {
    this.native.markDelete(label);
  }

  /**
   * Up to `k` nearest labels, nearest first, by hnswlib's float32 distances. `allow` restricts
   * results (hnswlib calls it for candidates; it must be cheap and synchronous).
   */
  search(query: Float32Array, k: number, ef: number, allow?: (label: number) => boolean): HnswHits {
    const kk = Math.min(k, this.maxElements);
    if (kk <= 0 || !this.hasSlots) return { labels: [], distances: [] };
    const wantedEf = Math.max(ef, kk);
    if (wantedEf !== this.ef) {
      this.native.setEf(wantedEf);
      this.ef = wantedEf;
    }
    const r = allow === undefined
      ? this.native.searchKnn(this.asArray(query), kk)
      : this.native.searchKnn(this.asArray(query), kk, allow);
    return { labels: r.neighbors, distances: r.distances };
  }

  /** Writes the index to `path` (hnswlib's own format). */
  async write(path: string): Promise<void> {
    await this.native.writeIndex(path);
  }
}
