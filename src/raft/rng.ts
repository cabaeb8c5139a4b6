/** The only source of randomness the core uses (election timeouts); injected so runs replay. */
export interface Rng {
  /** An integer in [0, n). */
  nextInt(n: number): number;
}

/** A small, fast seeded generator (SplitMix32-style) good enough for timeouts and simulation. */
export class SeededRng implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  nextInt(n: number): number {
    if (!(n > 0)) throw new RangeError(`nextInt needs n > 0, got ${n}`);
    return this.nextUint32() % n;
  }

  /** A float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }
}
