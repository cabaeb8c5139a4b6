/**
 * Id order: the order of ids' UTF-8 bytes, which is what LevelDB iterates (scan pages) and what
 * search uses to break distance ties. JavaScript's `<` compares UTF-16 code units, which differs
 * for characters above U+FFFF versus U+E000–U+FFFF; this compares code points instead.
 */
function codePointRank(unit: number): number {
  // Surrogates (U+D800–DFFF) encode code points above U+FFFF: move them after U+E000–U+FFFF.
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}
