import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { UserFacingError } from '../user-facing-error.js';

/**
 * pprof's regexes are Go's: RE2 syntax and semantics, matched in linear time. re2js is a port of
 * RE2 (the same parser and error texts as Go's regexp), so a regex from a file, the user or a URL
 * can never take exponential time the way JavaScript's backtracking RegExp can.
 */
export interface GoRegexp {
  /** Go's MatchString: does any part of the text match (unanchored unless the regex anchors itself)? */
  test(text: string): boolean;
}

/**
 * re2js compiles in time linear in the expression but slowly (about 30 ms per 1,000 characters of
 * `x*x*…`), so a URL or file could still stall the worker for a minute with a megabyte of regex.
 * Nobody types this much; 64 Ki characters still holds dozens of long names clicked into -hide.
 */
export const MAX_REGEX_LENGTH = 65_536;

/** An expression as a message shows it: quoted, and cut short when long. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

export class RegexSyntaxError extends UserFacingError {
  constructor(source: string, detail: string) {
    super(`invalid regular expression ${quoted(source)}: ${detail}`);
    this.name = 'RegexSyntaxError';
  }
}

function explain(error: RE2JSException, source: string): string {
  if (!(error instanceof RE2JSSyntaxException)) return error.message;
  const where = error.input;
  return where && where !== source ? `${error.error} at ${quoted(where)}` : error.error;
}

/** Compiles as Go's regexp.Compile does; a bad expression throws one sentence naming it. */
export function compileGoRegexp(source: string): GoRegexp {
  if (source.length > MAX_REGEX_LENGTH) {
    throw new RegexSyntaxError(source, `too long (${source.length} characters; at most ${MAX_REGEX_LENGTH})`);
  }
  try {
    return RE2JS.compile(source);
  } catch (error) {
    if (error instanceof RE2JSException) throw new RegexSyntaxError(source, explain(error, source));
    throw error;
  }
}
