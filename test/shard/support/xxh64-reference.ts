/**
 * XXH64 written straight from the specification with `bigint`
 * (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md): slow and obviously
 * correct, the oracle src/shard/hash64.ts (32-bit halves) is checked against.
 */
const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const round = (acc: bigint, input: bigint): bigint => (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
const merge = (acc: bigint, val: bigint): bigint => (((acc ^ round(0n, val)) * P1) + P4) & MASK;

function read(b: Uint8Array, at: number, n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i] as number);
  return v;
}

export function xxh64Reference(b: Uint8Array, seed = 0n): bigint {
  let p = 0;
  let h: bigint;
  if (b.length >= 32) {
    let v1 = (seed + P1 + P2) & MASK, v2 = (seed + P2) & MASK, v3 = seed, v4 = (seed - P1) & MASK;
    for (; p + 32 <= b.length; p += 32) {
      v1 = round(v1, read(b, p, 8)); v2 = round(v2, read(b, p + 8, 8));
      v3 = round(v3, read(b, p + 16, 8)); v4 = round(v4, read(b, p + 24, 8));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = (seed + P5) & MASK;
  }
  h = (h + BigInt(b.length)) & MASK;
  for (; p + 8 <= b.length; p += 8) h = ((rotl(h ^ round(0n, read(b, p, 8)), 27n) * P1) + P4) & MASK;
  if (p + 4 <= b.length) { h = ((rotl(h ^ ((read(b, p, 4) * P1) & MASK), 23n) * P2) + P3) & MASK; p += 4; }
  for (; p < b.length; p++) h = (rotl(h ^ ((BigInt(b[p] as number) * P5) & MASK), 11n) * P1) & MASK;
  h ^= h >> 33n; h = (h * P2) & MASK;
  h ^= h >> 29n; h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}
