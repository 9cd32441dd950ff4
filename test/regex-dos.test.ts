import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runQuery, type ProfileQuery } from '../shared/analysis/query.js';
import { matchFunctions } from '../shared/analysis/search.js';
import { decodeUncompressedProfile } from '../shared/formats/pprof-decode.js';
import type { Profile } from '../shared/model/profile.js';
import { withDeadline } from './deadline.js';
import { LONG_NAMES as N, longNamesProfile } from './long-names-profile.js';

/**
 * Regex denial of service (issue 7, defects 3 and 4): nested quantifiers against long names in
 * every place a regex comes from the user or the file. A backtracking engine needs 2^48 steps for
 * each of these; RE2 (as in `go tool pprof`) is linear. Expected numbers are `go tool pprof -top`'s.
 */
const DEADLINE_MS = 5_000;
const NESTED = '(a+)+$';

type Row = [name: string, flat: number, cum: number];

function topRows(profile: Profile, query: ProfileQuery): { total: number; rows: Row[] } {
  const result = withDeadline(DEADLINE_MS, () => runQuery(profile, query));
  const top = result.top!;
  const rows: Row[] = [];
  for (let i = 0; i < top.count; i++) rows.push([profile.strings[profile.functions.name[top.func[i]]], top.flat[i], top.cum[i]]);
  return { total: result.total, rows };
}

const ALL_ROWS: Row[] = [
  [N.xThenDot, 11, 11],
  [N.xThenY, 7, 7],
  [N.aThenDot, 5, 5],
  [N.allA, 3, 3],
  ['main.main', 0, 26],
];
const WITHOUT_ALL_A: Row[] = [
  [N.xThenDot, 11, 11],
  [N.xThenY, 7, 7],
  [N.aThenDot, 5, 5],
  ['main.main', 0, 23],
];
const ONLY_ALL_A: Row[] = [
  [N.allA, 3, 3],
  ['main.main', 0, 3],
];

/** Each filter with the rows `go tool pprof -top` prints for it on longNamesProfile(). */
const CASES: { name: string; query: ProfileQuery; cli: string[]; rows: Row[] }[] = [
  { name: 'focus', query: { focus: NESTED }, cli: ['--focus', NESTED], rows: ONLY_ALL_A },
  { name: 'ignore', query: { ignore: NESTED }, cli: ['--ignore', NESTED], rows: WITHOUT_ALL_A },
  {
    name: 'hide',
    query: { hide: NESTED },
    cli: ['--hide', NESTED],
    rows: [[N.xThenDot, 11, 11], [N.xThenY, 7, 7], [N.aThenDot, 5, 5], ['main.main', 3, 26]],
  },
  { name: 'show', query: { show: NESTED }, cli: ['--show', NESTED], rows: [[N.allA, 3, 3]] },
  { name: 'tagfocus key=regex', query: { tagFocus: [`k=${NESTED}`] }, cli: ['--tagfocus', `k=${NESTED}`], rows: ONLY_ALL_A },
  { name: 'tagfocus regex', query: { tagFocus: [NESTED] }, cli: ['--tagfocus', NESTED], rows: ONLY_ALL_A },
  { name: 'tagignore key=regex', query: { tagIgnore: [`k=${NESTED}`] }, cli: ['--tagignore', `k=${NESTED}`], rows: WITHOUT_ALL_A },
  { name: 'tagignore regex', query: { tagIgnore: [NESTED] }, cli: ['--tagignore', NESTED], rows: WITHOUT_ALL_A },
  {
    name: 'focus (x+x+)+y',
    query: { focus: '(x+x+)+y' },
    cli: ['--focus', '(x+x+)+y'],
    rows: [[N.xThenY, 7, 7], ['main.main', 0, 7]],
  },
];

const byName = (rows: Row[]) => [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

describe('nested quantifiers against long names finish, with pprof numbers', () => {
  const profile = decodeUncompressedProfile(longNamesProfile());

  it('the profile is what the cases expect', () => {
    expect(byName(topRows(profile, {}).rows)).toEqual(byName(ALL_ROWS));
  });

  it.each(CASES)('engine query: $name', ({ query, rows }) => {
    const result = topRows(profile, query);
    expect(result.total).toBe(26);
    expect(byName(result.rows)).toEqual(byName(rows));
  });

  it('search box /regex/', () => {
    const matched = (query: string) => {
      const matches = withDeadline(DEADLINE_MS, () => matchFunctions(profile, query));
      return Array.from(matches.keys())
        .filter((f) => matches[f])
        .map((f) => profile.strings[profile.functions.name[f]]);
    };
    expect(matched(`/${NESTED}/`)).toEqual([N.allA]);
    expect(matched('/(x+x+)+y/')).toEqual([N.xThenY]);
    // Plain text stays a case-insensitive substring search.
    expect(matched('AAAA.FUNC').sort()).toEqual([N.aThenDot]);
  });

  it("the profile's own drop_frames", () => {
    // go tool pprof anchors it (^(…)$): the function named only a's is dropped, and so its samples lose it.
    const dropped = withDeadline(DEADLINE_MS, () => decodeUncompressedProfile(longNamesProfile({ dropFrames: NESTED })));
    expect(byName(topRows(dropped, {}).rows)).toEqual(
      byName([[N.xThenDot, 11, 11], [N.xThenY, 7, 7], [N.aThenDot, 5, 5], ['main.main', 3, 26]]),
    );
  });

  it('drop_frames is wrapped in ^(…)$ as text, as pprof does', () => {
    // ^(zzz)|(a+)$: names ending in a run of a's.
    const dropped = decodeUncompressedProfile(longNamesProfile({ dropFrames: 'zzz)|(a+' }));
    expect(topRows(dropped, {}).rows.find((r) => r[0] === 'main.main')).toEqual(['main.main', 3, 26]);
  });

  it('an invalid drop_frames or keep_frames opens the profile unpruned, as pprof does', () => {
    const badDrop = decodeUncompressedProfile(longNamesProfile({ dropFrames: 'a(' }));
    expect(byName(topRows(badDrop, {}).rows)).toEqual(byName(ALL_ROWS));
    const badKeep = decodeUncompressedProfile(longNamesProfile({ dropFrames: NESTED, keepFrames: 'a(' }));
    expect(byName(topRows(badKeep, {}).rows)).toEqual(byName(ALL_ROWS));
  });
});

describe('an invalid regex in any field is one sentence naming it', () => {
  const profile = decodeUncompressedProfile(longNamesProfile());
  const fields: [string, ProfileQuery][] = [
    ['focus', { focus: 'a(' }],
    ['ignore', { ignore: 'a(' }],
    ['hide', { hide: 'a(' }],
    ['show', { show: 'a(' }],
    ['tagfocus', { tagFocus: ['k=a('] }],
    ['tagignore', { tagIgnore: ['a('] }],
  ];
  it.each(fields)('%s', (_, query) => {
    expect(() => runQuery(profile, query)).toThrow(/^(tag filter "(k=)?a\(": )?invalid regular expression "a\(": missing closing \)$/);
  });

  it('the search', () => {
    expect(() => matchFunctions(profile, '/x**/')).toThrow('invalid regular expression "x**": invalid nested repetition operator at "**"');
  });
});

describe('the CLI with nested quantifiers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flamedeck-regex-'));
  const file = join(dir, 'long-names.pb');
  writeFileSync(file, longNamesProfile());
  const bin = new URL('../bin/flamedeck.mjs', import.meta.url).pathname;

  // A child process, so that a hang is killed at the deadline instead of blocking the test run.
  it.each(CASES)('top $cli', async ({ cli, rows }) => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'top', file, '--json', ...cli], { timeout: 20_000 });
    const report = JSON.parse(stdout) as { total: number; functions: { name: string; flat: number; cum: number }[] };
    expect(report.total).toBe(26);
    expect(byName(report.functions.map((f): Row => [f.name, f.flat, f.cum]))).toEqual(byName(rows));
  });
});
