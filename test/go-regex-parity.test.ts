import { describe, expect, it } from 'vitest';
import { runQuery, type ProfileQuery } from '../shared/analysis/query.js';
import { decodeUncompressedProfile } from '../shared/formats/pprof-decode.js';
import { unicodeNamesProfile } from './go-regex-parity-profile.js';

/**
 * Go regex syntax where JavaScript's RegExp disagreed (Unicode classes, flags in the middle,
 * \Q…\E, case folding, . against astral characters): every row is what `go tool pprof -top`
 * (Go 1.19) printed for the same flag on unicodeNamesProfile(), as name: [flat, cum].
 */
const KELVIN = 'main.\u212AELVIN';
const CASES: [flag: string, query: ProfileQuery, rows: Record<string, [number, number]>][] = [
  ['-focus=\\.\\p{Lu}', { focus: '\\.\\p{Lu}' }, { [KELVIN]: [32, 32], 'pkg.(*T).Run': [8, 8], 'main.Λάμδα': [2, 2], 'main.main': [0, 42] }],
  ['-focus=\\p{Greek}', { focus: '\\p{Greek}' }, { 'main.Λάμδα': [2, 2], 'main.main': [0, 2] }],
  ['-focus=(?i)MAIN\\.Ü', { focus: '(?i)MAIN\\.Ü' }, { 'main.über': [1, 1], 'main.main': [0, 1] }],
  ['-focus=main(?i)\\.k', { focus: 'main(?i)\\.k' }, { [KELVIN]: [32, 32], 'main.main': [0, 32] }],
  ['-focus=(?i)kelvin', { focus: '(?i)kelvin' }, { [KELVIN]: [32, 32], 'main.main': [0, 32] }],
  ['-focus=[[:^alpha:]]1$', { focus: '[[:^alpha:]]1$' }, {}],
  ['-focus=\\Q(*T)\\E', { focus: '\\Q(*T)\\E' }, { 'pkg.(*T).Run': [8, 8], 'main.main': [0, 8] }],
  ['-focus=^main\\..$', { focus: '^main\\..$' }, { 'main.😀': [16, 16], 'main.main': [0, 16] }],
  ['-focus=\\d$', { focus: '\\d$' }, { 'main.x1': [4, 4], 'main.main': [0, 4] }],
  [
    '-hide=\\x{1F600}',
    { hide: '\\x{1F600}' },
    { [KELVIN]: [32, 32], 'main.main': [16, 63], 'pkg.(*T).Run': [8, 8], 'main.x1': [4, 4], 'main.Λάμδα': [2, 2], 'main.über': [1, 1] },
  ],
  ['-show=^main\\.\\w+$', { show: '^main\\.\\w+$' }, { 'main.main': [59, 63], 'main.x1': [4, 4] }],
  ['-tagfocus=tier=(?i)^pro$', { tagFocus: ['tier=(?i)^pro$'] }, { 'main.x1': [4, 4], 'main.Λάμδα': [2, 2], 'main.main': [0, 6] }],
  [
    '-tagfocus=tier=^\\pL+$',
    { tagFocus: ['tier=^\\pL+$'] },
    { 'main.😀': [16, 16], 'main.x1': [4, 4], 'main.Λάμδα': [2, 2], 'main.über': [1, 1], 'main.main': [0, 23] },
  ],
  ['-tagfocus=tier=(?s)a.b', { tagFocus: ['tier=(?s)a.b'] }, { [KELVIN]: [32, 32], 'main.main': [0, 32] }],
  ['-tagfocus=tier=a.b', { tagFocus: ['tier=a.b'] }, {}],
  [
    '-tagignore=tier:[[:upper:]]',
    { tagIgnore: ['tier:[[:upper:]]'] },
    { [KELVIN]: [32, 32], 'main.😀': [16, 16], 'pkg.(*T).Run': [8, 8], 'main.Λάμδα': [2, 2], 'main.main': [0, 58] },
  ],
];

describe('Go regex syntax and semantics, as go tool pprof applies them', () => {
  const profile = decodeUncompressedProfile(unicodeNamesProfile());

  it.each(CASES)('%s', (_, query, expected) => {
    const result = runQuery(profile, query);
    const top = result.top!;
    const rows: Record<string, [number, number]> = {};
    for (let i = 0; i < top.count; i++) rows[profile.strings[profile.functions.name[top.func[i]]]] = [top.flat[i], top.cum[i]];
    expect(result.total).toBe(63);
    expect(rows).toEqual(expected);
  });
});
