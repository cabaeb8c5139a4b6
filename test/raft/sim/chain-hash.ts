/**
 * The chained entry hash that the checkers compare across nodes: h_i = H(h_{i-1}, term_i, type_i,
 * data_i). Two logs with equal hashes at index i hold the same entries up to i (Raft's Log
 * Matching property, §5.3), so one number per index replaces a whole-log comparison.
 *
 * 53 bits (two 32-bit lanes folded into a safe JS integer): collisions over the ~10^5 entries of a
 * deep run are far less likely than any bug we look for, and numbers compare and key maps cheaply.
 */

/** The hash "before" the first entry: the chain of an empty log. */
export const EMPTY_CHAIN_HASH = 0x1f_3c4d_5e6f;

const TWO_POW_32 = 0x1_0000_0000;
const LOW_21_BITS = 0x1f_ffff;

export function chainHash(prev: number, term: number, type: number, data: Uint8Array): number {
  let lo = (prev % TWO_POW_32) >>> 0;
  let hi = Math.floor(prev / TWO_POW_32) >>> 0;
  lo = mix(lo ^ 0x9e37_79b9, term);
  hi = mix(hi ^ 0x85eb_ca6b, (term * 31 + type + 1) >>> 0);
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    lo = Math.imul(lo ^ b, 0x0100_0193);
    hi = Math.imul(hi ^ b, 0x5bd1_e995);
  }
  lo = fmix32(lo ^ data.length);
  hi = fmix32(hi ^ lo);
  return (hi & LOW_21_BITS) * TWO_POW_32 + (lo >>> 0);
}

function mix(h: number, k: number): number {
  let x = Math.imul(k >>> 0, 0xcc9e_2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b87_3593);
  h ^= x;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe654_6b64) >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit mix of several integers: derives independent seeds (per run, per node) from one. */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x2545_f491;
  for (const p of parts) h = mix(h, p >>> 0);
  return fmix32(h);
}

/** Short hex of a chain hash for traces. */
export function shortHash(h: number): string {
  return (h % TWO_POW_32 >>> 0).toString(16).padStart(8, '0');
}
