import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/**
 * pprof's regexes are Go's: RE2 syntax and semantics, matched in linear time. re2js is a port of
 * RE2 (the same parser and error texts as Go's regexp), so a regex from a file, the user or a URL
 * can never take exponential time the way JavaScript's backtracking RegExp can.
 */
export interface GoRegexp {
  /** Go's MatchString: does any part of the text match (unanchored unless the regex anchors itself)? */
  test(text: string): boolean;
}

export class RegexSyntaxError extends Error {
  constructor(source: string, detail: string) {
    super(`invalid regular expression ${JSON.stringify(source)}: ${detail}`);
    this.name = 'RegexSyntaxError';
  }
}

function explain(error: RE2JSException, source: string): string {
  if (!(error instanceof RE2JSSyntaxException)) return error.message;
  const where = error.input;
  return where && where !== source ? `${error.error} at ${JSON.stringify(where)}` : error.error;
}

/** Compiles as Go's regexp.Compile does; a bad expression throws one sentence naming it. */
export function compileGoRegexp(source: string): GoRegexp {
  try {
    return RE2JS.compile(source);
  } catch (error) {
    if (error instanceof RE2JSException) throw new RegexSyntaxError(source, explain(error, source));
    throw error;
  }
}
