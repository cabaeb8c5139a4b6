import type { UpsertInput } from '../../src/store/vector/index.js';

export const CRASH_COLLECTION = 'crash';
export const CRASH_DIMENSION = 8;
export const CRASH_IDS: readonly string[] = Array.from({ length: 120 }, (_, i) => `id-${i}`);

/** The record a write of generation `gen` stores for `id`: the vector encodes both, so a stored vector names its write. */
export function crashRecord(id: string, gen: number): UpsertInput {
  const n = Number(id.slice(3));
  return { id, vector: [gen, n, 1, 2, 3, 4, 5, 6], payload: { gen } };
}

export interface Intent {
  readonly gen: number;
  readonly op: 'upsert' | 'delete';
  readonly ids: readonly string[];
}

/**
 * What the store must hold: per id, the generation of the last acknowledged write (null =
 * deleted/absent), plus the one write that was in flight when the process died, which may or
 * may not have taken effect.
 */
export class CrashModel {
  private readonly state = new Map<string, number | null>();
  private inFlight: Intent | null = null;

  intend(i: Intent): void {
    this.inFlight = i;
  }

  ack(gen: number): void {
    const i = this.inFlight;
    if (i === null || i.gen !== gen) throw new Error(`ack of ${gen} without its intent`);
    for (const id of i.ids) this.state.set(id, i.op === 'upsert' ? gen : null);
    this.inFlight = null;
  }

  /** The acceptable generations for `id` after a crash. */
  allowed(id: string): (number | null)[] {
    const acked = this.state.get(id) ?? null;
    const i = this.inFlight;
    if (i === null || !i.ids.includes(id)) return [acked];
    return [acked, i.op === 'upsert' ? i.gen : null];
  }

  /** After verifying, the store's actual state becomes the model (the in-flight write resolved one way). */
  settle(actual: ReadonlyMap<string, number | null>): void {
    for (const [id, gen] of actual) this.state.set(id, gen);
    this.inFlight = null;
  }
}
