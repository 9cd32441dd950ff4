/**
 * Characters XML 1.0 does not allow at all, not even escaped: C0 controls other than tab and
 * newlines, lone surrogates, U+FFFE and U+FFFF. They are dropped (a name with a NUL still shows).
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe in XML content and in quoted attributes. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
