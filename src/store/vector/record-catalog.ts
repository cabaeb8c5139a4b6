/**
 * The in-memory view of a shard's live records that search needs synchronously: id ↔ label,
 * payloads (filters are evaluated inside hnswlib's synchronous filter callback) and the vectors
 * themselves in one packed float32 arena indexed by label (exact search over the records a
 * filter selects, and re-ranking of HNSW candidates, without a LevelDB read or an N-API call per
 * record). LevelDB stays the source of truth; the catalog is rebuilt from it on open.
 *
 * Cost: 4·dimension bytes per label slot on top of hnswlib's own copy. Labels are dense (see
 * label-allocator.ts), so the arena is as large as the peak live count, not the churn.
 */
import { vectorNorm } from './distance.js';
import type { JsonObject } from './schema.js';

export interface CatalogEntry {
  readonly id: string;
  readonly label: number;
  readonly version: number;
  readonly payload: JsonObject;
}

const INITIAL_SLOTS = 64;

export class RecordCatalog {
  private readonly byId = new Map<string, CatalogEntry>();
  private byLabel: (CatalogEntry | undefined)[] = [];
  private arena: Float32Array;
  private norms: Float64Array;

  constructor(readonly dimension: number) {
    this.arena = new Float32Array(INITIAL_SLOTS * dimension);
    this.norms = new Float64Array(INITIAL_SLOTS);
  }

  get size(): number {
    return this.byId.size;
  }

  /** One more than the highest label slot the arena has room for. */
  get slotCapacity(): number {
    return this.norms.length;
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  atLabel(label: number): CatalogEntry | undefined {
    return this.byLabel[label];
  }

  /** Packed vectors by label; the vector of `label` starts at `label * dimension`. */
  get vectors(): Float32Array {
    return this.arena;
  }

  normAt(label: number): number {
    return this.norms[label] as number;
  }

  vectorAt(label: number): Float32Array {
    const start = label * this.dimension;
    return this.arena.slice(start, start + this.dimension);
  }

  /**
   * The vector of `label` without a copy: a view into the arena, valid only until the next
   * {@link put} (which may reallocate it). For handing to calls that copy it at once (hnswlib).
   */
  vectorView(label: number): Float32Array {
    const start = label * this.dimension;
    return this.arena.subarray(start, start + this.dimension);
  }

  /** Inserts or replaces the record of `entry.id`; the caller has freed any previous label. */
  put(entry: CatalogEntry, vector: Float32Array): void {
    const previous = this.byId.get(entry.id);
    if (previous !== undefined && previous.label !== entry.label) this.byLabel[previous.label] = undefined;
    this.ensureSlot(entry.label);
    this.byId.set(entry.id, entry);
    this.byLabel[entry.label] = entry;
    this.arena.set(vector, entry.label * this.dimension);
    this.norms[entry.label] = vectorNorm(vector);
  }

  remove(id: string): CatalogEntry | undefined {
    const entry = this.byId.get(id);
    if (entry === undefined) return undefined;
    this.byId.delete(id);
    this.byLabel[entry.label] = undefined;
    return entry;
  }

  /** Live entries in label order. */
  *entries(): IterableIterator<CatalogEntry> {
    for (const e of this.byLabel) if (e !== undefined) yield e;
  }

  /** Labels of live records: index = label, so callers can stride over it for sampling. */
  get labelSlots(): readonly (CatalogEntry | undefined)[] {
    return this.byLabel;
  }

  private ensureSlot(label: number): void {
    if (label < this.norms.length) return;
    let slots = this.norms.length;
    while (slots <= label) slots *= 2;
    const arena = new Float32Array(slots * this.dimension);
    arena.set(this.arena);
    const norms = new Float64Array(slots);
    norms.set(this.norms);
    this.arena = arena;
    this.norms = norms;
  }
}
