/**
 * Reproducible random ids for the distribution tests, in the three shapes ids usually take,
 * in turn: a UUID v4 (`3817aa70-ada9-4ce7-8bb1-05ce3eb9ca79`), a prefixed number
 * (`user-2841958326`) and a 21-character nanoid (`V1StGXR8_Z5jdHi6B-myT`). They are drawn from a
 * seeded generator; the seed is the suite's fast-check seed, so `FC_SEED=<n>` replays a run and
 * `FC_SEED=random` draws other ids (test/setup/fast-check.ts).
 */
import fc from 'fast-check';
import { SeededRng } from '../../../src/raft/rng.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const HEX_DIGITS = ascii('0123456789abcdef');
const NANOID_ALPHABET = ascii('useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict');
const USER_PREFIX = ascii('user-');
const DASH = 0x2d, NEWLINE = 0x0a;
/** The longest id (a UUID) and its newline. */
const MAX_LINE = 37;

/** The seed the suite runs with. */
export function suiteSeed(): number {
  const seed = fc.readConfigureGlobal().seed;
  if (seed === undefined) throw new Error('test/setup/fast-check.ts did not configure a global seed');
  return seed;
}

/** `count` random ids from `seed` (the same seed gives the same ids), the three shapes in turn. */
export function seededIds(count: number, seed: number): string[] {
  const rng = new SeededRng(seed);
  // Written as ASCII lines into one buffer and decoded once: a million strings built by
  // concatenation take seconds, this takes a fraction of one.
  const out = new Uint8Array(count * MAX_LINE);
  let at = 0;
  for (let i = 0; i < count; i++) {
    switch (i % 3) {
      case 0: at = writeUuid(rng, out, at); break;
      case 1: at = writeUser(rng, out, at); break;
      default: at = writeNanoid(rng, out, at); break;
    }
    out[at++] = NEWLINE;
  }
  const ids = Buffer.from(out.buffer, 0, at).toString('latin1').split('\n');
  ids.pop(); // after the last newline
  return ids;
}

function writeUuid(rng: SeededRng, out: Uint8Array, at: number): number {
  let word = 0, digits = 0;
  for (let c = 0; c < 36; c++) {
    if (c === 8 || c === 13 || c === 18 || c === 23) { out[at++] = DASH; continue; }
    // Eight hex digits per 32 random bits.
    if (digits === 0) { word = rng.nextUint32(); digits = 8; }
    let digit = word & 0xf;
    word >>>= 4; digits--;
    if (c === 14) digit = 4; // the version digit
    if (c === 19) digit = 8 | (digit & 3); // the variant digit: 10xx
    out[at++] = HEX_DIGITS[digit] as number;
  }
  return at;
}

function writeUser(rng: SeededRng, out: Uint8Array, at: number): number {
  out.set(USER_PREFIX, at);
  const digits = ascii(String(rng.nextUint32()));
  out.set(digits, at + USER_PREFIX.length);
  return at + USER_PREFIX.length + digits.length;
}

function writeNanoid(rng: SeededRng, out: Uint8Array, at: number): number {
  for (let c = 0; c < 21; c++) out[at++] = NANOID_ALPHABET[rng.nextUint32() & 63] as number;
  return at;
}
