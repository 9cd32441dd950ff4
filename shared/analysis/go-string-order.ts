/**
 * Orders two strings as Go's `<` does: by their UTF-8 bytes, which is code point order.
 * JavaScript's `<` compares UTF-16 units instead, and the two disagree only where one string has
 * a character beyond U+FFFF (a surrogate, 0xD800–0xDFFF) and the other one from U+E000 to U+FFFF
 * at the first difference: "Ｗ" (U+FF37) comes before "𝑀" (U+1D440) in pprof's order.
 */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate && !ySurrogate && y >= 0xe000) return 1;
    if (ySurrogate && !xSurrogate && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}
