/**
 * JSON printing for `--json`: one document per command on stdout. Float32 vector components are
 * printed with the fewest digits that read back to the same float32 (0.1, not 0.10000000149).
 */

/** The shortest decimal that rounds to the same float32 as `x`. */
export function float32ToNumber(x: number): number {
  if (!Number.isFinite(x)) return x;
  for (let p = 1; p <= 9; p++) {
    const n = Number(x.toPrecision(p));
    if (Math.fround(n) === x) return n;
  }
  return x;
}

/** A float32 vector as a JSON array of short decimals. */
export function vectorToJson(v: Float32Array): number[] {
  return Array.from(v, float32ToNumber);
}

/** One JSON document and a newline. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
