/**
 * Writing regexes that match a given text exactly, for filters the app builds from a click.
 * No regex engine here: the UI thread imports this, and the engine (re2js) stays in the worker.
 */
const GO_METACHARACTERS = /[\\.+*?()|[\]{}^$]/g;

/** Go's regexp.QuoteMeta: escapes \.+*?()|[]{}^$ so the text matches literally. */
export function quoteMeta(text: string): string {
  return text.replace(GO_METACHARACTERS, '\\$&');
}

/** A regex matching exactly the whole of `text` (a function name for -focus, -hide, …). */
export function exactMatchRegex(text: string): string {
  return `^${quoteMeta(text)}$`;
}

/**
 * A tag filter matching exactly one string value of a key. Commas are written \x2C: a tag filter
 * is split at commas before its parts are compiled, and a value may contain one.
 */
export function exactTagValueFilter(key: string, value: string): string {
  return `${key}=${exactMatchRegex(value).replace(/,/g, '\\x2C')}`;
}
