/**
 * A small seeded generator (mulberry32): the nemesis schedule and the workloads draw from it, so
 * one seed gives one fault schedule and one sequence of operations (timings still vary).
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** One of `choices` with probability proportional to its weight. */
  weighted<T>(choices: readonly { readonly weight: number; readonly value: T }[]): T {
    const total = choices.reduce((s, c) => s + c.weight, 0);
    if (!(total > 0)) throw new Error('Rng.weighted: no positive weight');
    let r = this.next() * total;
    for (const c of choices) {
      r -= c.weight;
      if (r < 0) return c.value;
    }
    return choices[choices.length - 1]!.value;
  }

  /** An independent generator derived from this one (a stream per client, one for the nemesis). */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 4294967296));
  }
}
