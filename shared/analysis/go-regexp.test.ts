import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { withDeadline } from '../../test/deadline.js';
import { compileGoRegexp, MAX_REGEX_LENGTH, RegexSyntaxError } from './go-regexp.js';
import { exactMatchRegex, exactTagValueFilter, quoteMeta } from './regex-quote.js';

/** regexp.MatchString(re, text) as Go 1.19 answers it, where JavaScript's RegExp differs or might. */
const GO_MATCHES: [re: string, text: string, match: boolean][] = [
  ['\\pL', 'é', true],
  ['\\pL', '1', false],
  ['^\\p{Greek}+$', 'αβγ', true],
  ['foo(?i)BAR', 'fooBar', true],
  ['foo(?i)BAR', 'FOObar', false],
  ['[[:alpha:]]+\\.[[:digit:]]', 'abc.1', true],
  ['[[:^digit:]]', '123', false],
  ['\\Qa.b\\E', 'a.b', true],
  ['\\Qa.b\\E', 'axb', false],
  ['\\Aab\\z', 'ab\n', false],
  ['a$', 'a\n', false],
  ['\\s', '\u00a0', false],
  ['\\s', '\v', false],
  ['.', '\n', false],
  ['(?s).', '\n', true],
  ['(?m)^b', 'a\nb', true],
  ['^b', 'a\nb', false],
  ['^.$', '😀', true],
  ['^[^a]$', '😀', true],
  ['\\x{1F600}', '😀', true],
  ['(?i)k', '\u212a', true],
  ['(?i)straße', 'STRASSE', false],
  ['a{,2}', 'a{,2}', true],
  ['a{,2}', 'aa', false],
  ['\\d', '٣', false],
  ['\\w', 'é', false],
  ['\\bfoo\\b', 'afoo', false],
  ['(?U)a+b', 'aab', true],
  ['(?P<n>x)y', 'xy', true],
  ['x*', '', true],
];

/** regexp.Compile's errors in Go 1.19 (without its "error parsing regexp: " prefix). */
const GO_ERRORS: [re: string, error: string][] = [
  ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['\\8', 'invalid escape sequence: `\\8`'],
  ['x**', 'invalid nested repetition operator: `**`'],
  ['a(', 'missing closing ): `a(`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['x{1001}', 'invalid repeat count: `{1001}`'],
  ['\\pX', 'invalid character class range: `\\pX`'],
  ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
];

describe('Go regexp semantics (re2js)', () => {
  it.each(GO_MATCHES)('%j on %j: %s', (re, text, match) => {
    expect(compileGoRegexp(re).test(text)).toBe(match);
  });

  it.each(GO_ERRORS)('%j is rejected as Go rejects it', (re, goError) => {
    let error: unknown;
    try {
      compileGoRegexp(re);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegexSyntaxError);
    const message = (error as Error).message;
    // One sentence: the expression, then Go's description of what is wrong.
    expect(message.startsWith(`invalid regular expression ${JSON.stringify(re)}: ${goError.split(':')[0]}`)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('a huge expression is refused at once, in a short sentence', () => {
    // Compiling a megabyte of x* would hold the worker for a minute; nesting errors quote the whole input.
    for (const huge of ['x*'.repeat(500_000), `${'('.repeat(20_000)}a${')'.repeat(20_000)}`]) {
      const error = withDeadline(5_000, () => {
        try {
          compileGoRegexp(huge);
        } catch (e) {
          return e as Error;
        }
        return null;
      });
      expect(error).toBeInstanceOf(RegexSyntaxError);
      expect(error!.message.length).toBeLessThan(200);
    }
    expect(compileGoRegexp(`^${'x'.repeat(MAX_REGEX_LENGTH - 2)}$`).test('x'.repeat(MAX_REGEX_LENGTH - 2))).toBe(true);
    expect(() => compileGoRegexp('a'.repeat(MAX_REGEX_LENGTH + 1))).toThrow(/too long \(65537 characters; at most 65536\)$/);
  });

  it('quoteMeta is Go regexp.QuoteMeta', () => {
    // Go: regexp.QuoteMeta(`a.b(c)*[d]{e}^$|+?\/-,`)
    expect(quoteMeta('a.b(c)*[d]{e}^$|+?\\/-,')).toBe('a\\.b\\(c\\)\\*\\[d\\]\\{e\\}\\^\\$\\|\\+\\?\\\\/-,');
    const punctuation = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    expect(quoteMeta(punctuation)).toBe(RE2JS.quote(punctuation));
    const names = ['pkg.(*T).Run[...]', 'std::vector<int>::operator()', 'a\\Eb\\Q', 'main.😀', '$x^{2}', ''];
    for (const name of names) {
      const exact = compileGoRegexp(exactMatchRegex(name));
      expect(exact.test(name)).toBe(true);
      expect(exact.test(`${name}x`)).toBe(false);
    }
  });

  it('an exact tag value filter survives the split at commas', () => {
    const filter = exactTagValueFilter('query', 'a,b(c)');
    const [key, value] = [filter.slice(0, filter.indexOf('=')), filter.slice(filter.indexOf('=') + 1)];
    expect(key).toBe('query');
    expect(value.split(',')).toHaveLength(1);
    expect(compileGoRegexp(value).test('a,b(c)')).toBe(true);
    expect(compileGoRegexp(value).test('a,b(c)d')).toBe(false);
  });
});
