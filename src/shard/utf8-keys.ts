/**
 * Ids as the strategies see them: UTF-8 byte strings. Range boundaries are ordered by UTF-8 byte
 * order (which is Unicode code point order), not by JavaScript's `<`, which compares UTF-16 code
 * units and puts U+FFFF after U+10000. LevelDB orders keys by bytes too, so a range is a
 * contiguous key span in every replica's store.
 */

const encoder = new TextEncoder();

// A lone surrogate has no UTF-8 form; TextEncoder would silently write U+FFFD instead, so two
// different keys would meet. The store refuses such ids; boundaries refuse them too.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `s` is well-formed Unicode (no lone surrogate), i.e. has an exact UTF-8 form. */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** A fresh copy of the UTF-8 form of `s` (lone surrogates become U+FFFD, as in TextEncoder). */
export function utf8Of(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * A reusable buffer for the UTF-8 form of one string at a time, so that looking an id up
 * allocates nothing. Each user keeps its own instance; its content is valid until the next
 * {@link Utf8Scratch.encode}.
 */
export class Utf8Scratch {
  bytes = new Uint8Array(1024);

  /** Encodes `s` into {@link bytes} (grown if needed) and returns the number of bytes written. */
  encode(s: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (s.length * 3 > this.bytes.length) this.bytes = new Uint8Array(s.length * 3);
    return encoder.encodeInto(s, this.bytes).written;
  }
}

/**
 * Compares `a[0, aLength)` with `b` bytewise (shorter prefix first), returning a negative number,
 * 0 or a positive number.
 */
export function compareBytes(a: Uint8Array, aLength: number, b: Uint8Array): number {
  const n = Math.min(aLength, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return aLength - b.length;
}

/** Compares two ids in UTF-8 byte order: negative, 0 or positive. A comparator for `sort`. */
export function compareIds(a: string, b: string): number {
  const ab = utf8Of(a);
  return compareBytes(ab, ab.length, utf8Of(b));
}
