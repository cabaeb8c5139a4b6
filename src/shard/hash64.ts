/**
 * XXH64 (xxHash, 64-bit variant, https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
 * written here with 32-bit arithmetic.
 *
 * Why XXH64: sharding descriptions are stored in the cluster map and read by every node for
 * years, so the id → position function must never change across processes, platforms and Node
 * versions. XXH64 is a frozen, published specification with test vectors in every language,
 * mixes short keys (ids are 1..256 bytes) well, and needs no dependency. `node:crypto` digests
 * would be just as stable but cost a native call and an allocation per id.
 *
 * Why 32-bit halves instead of `bigint`: a router hashes the id of every request; BigInt
 * arithmetic allocates on every operation and is several times slower. A 64-bit value is carried
 * as two 32-bit halves (`hi`, `lo`); products are assembled from 16-bit partial products so every
 * intermediate is exact. {@link xxh64} is the convenient `bigint` entry point; the strategies use
 * {@link hashIdInto}, which allocates nothing (measured: about 0.2 µs for a 10-byte id and 0.5 µs
 * for a 36-character UUID).
 */

import { Utf8Scratch } from './utf8-keys.js';

// The five primes of the specification, as (hi, lo) int32 halves (see below).
const P1_HI = 0x9e3779b1 | 0, P1_LO = 0x85ebca87 | 0;
const P2_HI = 0xc2b2ae3d | 0, P2_LO = 0x27d4eb4f | 0;
const P3_HI = 0x165667b1 | 0, P3_LO = 0x9e3779f9 | 0;
const P4_HI = 0x85ebca77 | 0, P4_LO = 0xc2b2ae63 | 0;
const P5_HI = 0x27d4eb2f | 0, P5_LO = 0x165667c5 | 0;

const TWO_POW_32 = 0x1_0000_0000;

// Inside the hash, halves are int32 bit patterns (`| 0`, Math.imul), so V8 can keep them in
// 32-bit registers rather than doubles. Only the final result is read as unsigned.
//
// The result register of the helpers below. They are synchronous and never re-entered, so one
// module-level register is safe and keeps the hot path free of allocation.
const R = new Int32Array(2);
function rHi(): number { return R[0] as number; }
function rLo(): number { return R[1] as number; }

/**
 * The high 32 bits of the unsigned 64-bit product of two 32-bit patterns. Assembled from four
 * 16-bit partial products: each is below 2^32, so the int32 pattern Math.imul returns holds it
 * exactly and `>>> 16` / `& 0xffff` read its halves.
 */
function mulHigh(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = Math.imul(a0, b1), p10 = Math.imul(a1, b0);
  const carry = ((Math.imul(a0, b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)) >>> 16;
  return (Math.imul(a1, b1) + (p01 >>> 16) + (p10 >>> 16) + carry) | 0;
}

/** r = a * b mod 2^64. The cross terms only reach the high half, where mod 2^32 is all that survives. */
function mul(aHi: number, aLo: number, bHi: number, bLo: number): void {
  R[0] = (mulHigh(aLo, bLo) + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) | 0;
  R[1] = Math.imul(aLo, bLo);
}

/** r = a + b mod 2^64. */
function add(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = (aLo + bLo) | 0;
  // Unsigned overflow of the low half ⇔ the sum is below an addend.
  R[0] = (aHi + bHi + ((lo >>> 0) < (aLo >>> 0) ? 1 : 0)) | 0;
  R[1] = lo;
}

/** r = rotl(a, n) for 0 < n < 32 (the only rotations the specification uses). */
function rotl(aHi: number, aLo: number, n: number): void {
  R[0] = (aHi << n) | (aLo >>> (32 - n));
  R[1] = (aLo << n) | (aHi >>> (32 - n));
}

/**
 * r = round(acc, input) = rotl(acc + input * P2, 31) * P1, the step every 8 input bytes take.
 * Written out with locals rather than through the helpers above: it is the hot loop (eight of the
 * eleven 64-bit multiplications for a 36-byte UUID happen here).
 */
function round(accHi: number, accLo: number, inHi: number, inLo: number): void {
  const tLo = Math.imul(inLo, P2_LO);
  const tHi = mulHigh(inLo, P2_LO) + Math.imul(inHi, P2_LO) + Math.imul(inLo, P2_HI);
  const sLo = (accLo + tLo) | 0;
  const sHi = (accHi + tHi + ((sLo >>> 0) < (accLo >>> 0) ? 1 : 0)) | 0;
  const xHi = (sHi << 31) | (sLo >>> 1);
  const xLo = (sLo << 31) | (sHi >>> 1);
  R[0] = (mulHigh(xLo, P1_LO) + Math.imul(xHi, P1_LO) + Math.imul(xLo, P1_HI)) | 0;
  R[1] = Math.imul(xLo, P1_LO);
}

/** r = (acc ^ round(0, val)) * P1 + P4. */
function mergeRound(accHi: number, accLo: number, valHi: number, valLo: number): void {
  round(0, 0, valHi, valLo);
  mul(accHi ^ rHi(), accLo ^ rLo(), P1_HI, P1_LO);
  add(rHi(), rLo(), P4_HI, P4_LO);
}

/** The little-endian 32-bit word at `i`, as an int32 pattern. */
function u32le(b: Uint8Array, i: number): number {
  return (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24);
}

/**
 * XXH64 of `bytes[0, length)` with the seed given as halves; the result is left in the register
 * and written to `out` as unsigned `[hi, lo]`. `seedHi`/`seedLo` are int32 patterns.
 */
function xxh64Halves(bytes: Uint8Array, length: number, seedHi: number, seedLo: number, out: Uint32Array): void {
  let p = 0;
  let hHi: number, hLo: number;
  if (length >= 32) {
    add(seedHi, seedLo, P1_HI, P1_LO); add(rHi(), rLo(), P2_HI, P2_LO);
    let v1Hi = rHi(), v1Lo = rLo();
    add(seedHi, seedLo, P2_HI, P2_LO);
    let v2Hi = rHi(), v2Lo = rLo();
    let v3Hi = seedHi, v3Lo = seedLo;
    // seed - P1 = seed + (2^64 - P1); P1's low half is not 0, so no borrow reaches the high half.
    add(seedHi, seedLo, ~P1_HI, -P1_LO | 0);
    let v4Hi = rHi(), v4Lo = rLo();
    const limit = length - 32;
    while (p <= limit) {
      round(v1Hi, v1Lo, u32le(bytes, p + 4), u32le(bytes, p)); v1Hi = rHi(); v1Lo = rLo();
      round(v2Hi, v2Lo, u32le(bytes, p + 12), u32le(bytes, p + 8)); v2Hi = rHi(); v2Lo = rLo();
      round(v3Hi, v3Lo, u32le(bytes, p + 20), u32le(bytes, p + 16)); v3Hi = rHi(); v3Lo = rLo();
      round(v4Hi, v4Lo, u32le(bytes, p + 28), u32le(bytes, p + 24)); v4Hi = rHi(); v4Lo = rLo();
      p += 32;
    }
    rotl(v1Hi, v1Lo, 1); hHi = rHi(); hLo = rLo();
    rotl(v2Hi, v2Lo, 7); add(hHi, hLo, rHi(), rLo()); hHi = rHi(); hLo = rLo();
    rotl(v3Hi, v3Lo, 12); add(hHi, hLo, rHi(), rLo()); hHi = rHi(); hLo = rLo();
    rotl(v4Hi, v4Lo, 18); add(hHi, hLo, rHi(), rLo()); hHi = rHi(); hLo = rLo();
    mergeRound(hHi, hLo, v1Hi, v1Lo); hHi = rHi(); hLo = rLo();
    mergeRound(hHi, hLo, v2Hi, v2Lo); hHi = rHi(); hLo = rLo();
    mergeRound(hHi, hLo, v3Hi, v3Lo); hHi = rHi(); hLo = rLo();
    mergeRound(hHi, hLo, v4Hi, v4Lo); hHi = rHi(); hLo = rLo();
  } else {
    add(seedHi, seedLo, P5_HI, P5_LO); hHi = rHi(); hLo = rLo();
  }
  // length < 2^32 here (ids are at most a few hundred bytes; xxh64 checks its input).
  add(hHi, hLo, 0, length | 0); hHi = rHi(); hLo = rLo();
  while (p + 8 <= length) {
    round(0, 0, u32le(bytes, p + 4), u32le(bytes, p));
    rotl(hHi ^ rHi(), hLo ^ rLo(), 27);
    mul(rHi(), rLo(), P1_HI, P1_LO);
    add(rHi(), rLo(), P4_HI, P4_LO); hHi = rHi(); hLo = rLo();
    p += 8;
  }
  if (p + 4 <= length) {
    mul(0, u32le(bytes, p), P1_HI, P1_LO);
    rotl(hHi ^ rHi(), hLo ^ rLo(), 23);
    mul(rHi(), rLo(), P2_HI, P2_LO);
    add(rHi(), rLo(), P3_HI, P3_LO); hHi = rHi(); hLo = rLo();
    p += 4;
  }
  while (p < length) {
    mul(0, bytes[p] as number, P5_HI, P5_LO);
    rotl(hHi ^ rHi(), hLo ^ rLo(), 11);
    mul(rHi(), rLo(), P1_HI, P1_LO); hHi = rHi(); hLo = rLo();
    p += 1;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hLo ^= hHi >>> 1;
  mul(hHi, hLo, P2_HI, P2_LO); hHi = rHi(); hLo = rLo();
  hLo ^= (hLo >>> 29) | (hHi << 3);
  hHi ^= hHi >>> 29;
  mul(hHi, hLo, P3_HI, P3_LO); hHi = rHi(); hLo = rLo();
  hLo ^= hHi;
  // A Uint32Array stores the int32 patterns as their unsigned values.
  out[0] = hHi;
  out[1] = hLo;
}

const idScratch = new Utf8Scratch();
const halves = new Uint32Array(2);

/**
 * XXH64 (seed 0) of the UTF-8 form of `id`, written to `out` as unsigned `[hi, lo]` halves.
 * Allocates nothing; this is what the strategies call per id. A lone surrogate is hashed as
 * U+FFFD, as TextEncoder writes it (the store refuses such ids).
 */
export function hashIdInto(id: string, out: Uint32Array): void {
  // Encode first: encoding may replace the scratch buffer with a larger one.
  const length = idScratch.encode(id);
  xxh64Halves(idScratch.bytes, length, 0, 0, out);
}

/** Bytes are hashed as given; a string is hashed as its UTF-8 form. */
export type HashInput = string | Uint8Array;

/**
 * XXH64 of `input` (a string is hashed as its UTF-8 bytes) with a 64-bit `seed` (default 0), as
 * an unsigned `bigint`. Equals the reference implementation's `XXH64(input, length, seed)`.
 */
export function xxh64(input: HashInput, seed: bigint = 0n): bigint {
  if (seed < 0n || seed >= 1n << 64n) throw new RangeError(`xxh64 seed must be an unsigned 64-bit integer, got ${seed}`);
  const seedHi = Number(seed >> 32n) | 0, seedLo = Number(seed & 0xffff_ffffn) | 0;
  if (typeof input === 'string') {
    const length = idScratch.encode(input);
    xxh64Halves(idScratch.bytes, length, seedHi, seedLo, halves);
  } else {
    if (input.length >= TWO_POW_32) throw new RangeError('xxh64 input must be shorter than 4 GiB');
    xxh64Halves(input, input.length, seedHi, seedLo, halves);
  }
  return (BigInt(halves[0] as number) << 32n) | BigInt(halves[1] as number);
}

/** A 64-bit value given as unsigned halves, as 16 lowercase hex digits (fixed width: string order is numeric order). */
export function hex64(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

const HEX64 = /^[0-9a-f]{16}$/;

/** Whether `s` is a 64-bit value written as {@link hex64} writes it. */
export function isHex64(s: string): boolean {
  return HEX64.test(s);
}

/** The unsigned halves of a {@link hex64} string, into `out` as `[hi, lo]`. The caller checks {@link isHex64}. */
export function parseHex64Into(s: string, out: Uint32Array): void {
  out[0] = parseInt(s.slice(0, 8), 16);
  out[1] = parseInt(s.slice(8), 16);
}

/**
 * The position of `id` in the 64-bit hash space, as {@link hex64} digits: XXH64 (seed 0) of its
 * UTF-8 form. What the `consistent` ring looks up and what its arcs are written in.
 */
export function hashPointOf(id: string): string {
  hashIdInto(id, halves);
  return hex64(halves[0] as number, halves[1] as number);
}
