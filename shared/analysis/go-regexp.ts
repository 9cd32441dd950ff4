/**
 * pprof's options are Go (RE2) regular expressions. JavaScript's syntax agrees on everything
 * people type into -focus or -tagfocus except a few spellings, translated here.
 */
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export class RegexSyntaxError extends Error {
  constructor(source: string, detail: string) {
    super(`invalid regular expression ${JSON.stringify(source)}: ${detail}`);
    this.name = 'RegexSyntaxError';
  }
}

export function compileGoRegexp(source: string): RegExp {
  let body = source;
  let flags = '';
  const leadingFlags = /^\(\?([imsU]+)\)/.exec(body);
  if (leadingFlags) {
    body = body.slice(leadingFlags[0].length);
    if (leadingFlags[1].includes('i')) flags += 'i';
    if (leadingFlags[1].includes('m')) flags += 'm';
    if (leadingFlags[1].includes('s')) flags += 's';
  }
  body = body
    .replace(/\[:(\^?)([a-z]+):\]/g, (match, negate: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) return match;
      return negate ? `^${cls}` : cls;
    })
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  try {
    return new RegExp(body, flags);
  } catch (error) {
    throw new RegexSyntaxError(source, error instanceof Error ? error.message : String(error));
  }
}
