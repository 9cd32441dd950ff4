import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { NO_FILTERS, resolveSampleType, runQuery, type ProfileFilters } from '../analysis/query.js';
import type { Profile } from '../model/profile.js';
import { decodeProfile, decodeProfileBlob } from './pprof-decode.js';
import { decodeFolded, looksLikeFolded } from './folded-decode.js';
import { foldedComparison, foldedStacks } from './folded-encode.js';
import { topRowsByName } from '../../test/export-helpers.js';

const fixture = (name: string) => decodeProfile(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url)));
const text = (s: string) => new TextEncoder().encode(s);


describe('folded stacks export, opened again', () => {
  it.each<[string, string, Partial<ProfileFilters> & { sampleType?: string }]>([
    ['cpu', 'app-v1-cpu.pb.gz', {}],
    ['cpu, hide runtime, tagfocus', 'app-v1-cpu.pb.gz', { hide: 'runtime\\.', tagFocus: ['customer_tier=free,pro'] }],
    ['cpu, focus, show', 'app-v1-cpu.pb.gz', { focus: 'main\\.handle', show: 'main|json' }],
    ['heap, alloc_space', 'app-v1-heap.pb.gz', { sampleType: 'alloc_space' }],
    ['inlined and unsymbolized frames', 'edge-inline-unsymbolized.pb', { hide: 'json' }],
    ['deep stacks', 'edge-deep-stack.pb.gz', {}],
  ])('%s gives the filtered view’s top table', async (_, file, { sampleType, ...given }) => {
    const profile = await fixture(file);
    const filters = { ...NO_FILTERS, ...given, sampleTypeIndex: resolveSampleType(profile, sampleType) };
    const folded = foldedStacks(profile, filters);
    const opened = await decodeProfile(gzipSync(folded));
    expect(opened.sampleTypes).toEqual([{ type: 'samples', unit: 'count' }]);
    const expected = topRowsByName(profile, filters).filter(([, r]) => r.flat !== 0 || r.cum !== 0);
    expect(expected.length).toBeGreaterThan(0);
    expect(topRowsByName(opened, { ...NO_FILTERS, sampleTypeIndex: 0 })).toEqual(expected);
  });

  it('merges paths made identical by hiding and writes one line each', async () => {
    const profile = await fixture('app-v1-cpu.pb.gz');
    const lines = foldedStacks(profile, { ...NO_FILTERS, sampleTypeIndex: 0, show: 'main\\.' }).trimEnd().split('\n');
    expect(new Set(lines.map((l) => l.replace(/ -?\d+$/, ''))).size).toBe(lines.length);
    for (const line of lines) expect(line).toMatch(/^main\.[^ ]*( main\.\S*)* [1-9]\d*$|^\S.* [1-9]\d*$/);
  });

  it('a comparison is difffolded.pl’s `stack base target`, opened as base and target', async () => {
    const base = await fixture('app-v1-cpu.pb.gz');
    const target = await fixture('app-v2-cpu.pb.gz');
    const filters = { ...NO_FILTERS, hide: 'runtime' };
    const folded = foldedComparison(base, target, { sampleType: 'cpu', filters });
    expect(folded.split('\n')[0]).toMatch(/^\S.* -?\d+ -?\d+$/);
    const opened = decodeFolded(text(folded));
    expect(opened.sampleTypes.map((t) => t.type)).toEqual(['base', 'target']);
    expect(opened.defaultSampleTypeIndex).toBe(1);
    const nonzero = (rows: ReturnType<typeof topRowsByName>) => rows.filter(([, r]) => r.flat !== 0 || r.cum !== 0);
    const cpu = (p: Profile) => ({ ...filters, sampleTypeIndex: resolveSampleType(p, 'cpu') });
    expect(nonzero(topRowsByName(opened, { ...NO_FILTERS, sampleTypeIndex: 0 }))).toEqual(nonzero(topRowsByName(base, cpu(base))));
    expect(nonzero(topRowsByName(opened, { ...NO_FILTERS, sampleTypeIndex: 1 }))).toEqual(nonzero(topRowsByName(target, cpu(target))));
  });

  it('makes names holding ";" or line breaks safe', () => {
    const profile = decodeFolded(text('main;a 1\n'));
    profile.strings[profile.functions.name[1]] = 'operator;\nweird';
    expect(foldedStacks(profile, NO_FILTERS)).toBe('main;operator: weird 1\n');
  });
});

describe('opening folded stacks', () => {
  it('merges identical lines, tolerates blank lines, CRLF and # comments', () => {
    const p = decodeFolded(text('# perf script | stackcollapse-perf.pl\r\n\r\nmain;a;b 3\r\nmain;a 2\r\nmain;a;b 4\r\nmain;c 1\r\n'));
    expect(p.samples.count).toBe(3);
    // The samples are the lines' counts: 3 + 2 + 4 + 1.
    expect(p.samples.sourceCount).toBe(10);
    expect(topRowsByName(p, NO_FILTERS)).toEqual([
      ['a', { flat: 2, cum: 9 }],
      ['b', { flat: 7, cum: 7 }],
      ['c', { flat: 1, cum: 1 }],
      ['main', { flat: 0, cum: 10 }],
    ]);
  });

  it('keeps names with spaces and recursion', () => {
    const p = decodeFolded(text('java.lang.Thread.run;Foo::bar(int, char) const;Foo::bar(int, char) const 5\n'));
    expect(topRowsByName(p, NO_FILTERS)).toEqual([
      ['Foo::bar(int, char) const', { flat: 5, cum: 5 }],
      ['java.lang.Thread.run', { flat: 0, cum: 5 }],
    ]);
  });

  it('skips lines that do not parse and counts them', () => {
    const p = decodeFolded(text('main;a 3\nthis line is broken\nmain;b 2\n'));
    expect(p.skippedLines).toBe(1);
    expect(p.comments).toEqual(['1 line of the folded file does not parse and was left out']);
    expect(runQuery(p, NO_FILTERS, { top: true }).total).toBe(5);
  });

  it('says which line is wrong when no line parses', () => {
    expect(() => decodeFolded(text('# only a comment\nnot a stack\n'))).toThrow('This is not a folded-stacks file ("frame;frame;… count" per line): line 2 reads "not a stack".');
  });

  it('is detected by content: folded text yes, other text and protobuf no', async () => {
    expect(looksLikeFolded(text('a;b 1\n'))).toBe(true);
    expect(looksLikeFolded(text('hello, this is not a profile\njust some notes\n'))).toBe(false);
    expect(looksLikeFolded(readFileSync(new URL('../../test/fixtures/edge-inline-unsymbolized.pb', import.meta.url)))).toBe(false);
    await expect(decodeProfile(text('notes\n'))).rejects.toThrow(/^This is not a pprof profile — it looks like text\./);
    // The app's path (a File read as it inflates) opens folded text, gzipped or not, and a BOM is no frame.
    for (const bytes of [text('\uFEFFmain;a 2\n'), gzipSync('\uFEFFmain;a 2\n')]) {
      const opened = await decodeProfileBlob(new Blob([bytes]));
      expect(topRowsByName(opened, NO_FILTERS)).toEqual([
        ['a', { flat: 2, cum: 2 }],
        ['main', { flat: 0, cum: 2 }],
      ]);
    }
  });

  it('opens a big file in a bounded time', () => {
    // 200k distinct paths, 20 frames deep, about 40 MB.
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const frames = ['main', 'net/http.(*conn).serve', 'net/http.serverHandler.ServeHTTP'];
      for (let d = 0; d < 17; d++) frames.push(`github.com/acme/service/pkg${(i >> d) % 7}.Handler${(i * (d + 1)) % 13}`);
      lines.push(`${frames.join(';')} ${1 + (i % 100)}`);
    }
    const bytes = text(lines.join('\n'));
    const started = performance.now();
    const p = decodeFolded(bytes);
    const elapsed = performance.now() - started;
    expect(p.samples.count).toBe(200_000);
    // No line was cut where the text was decoded in chunks.
    expect(p.skippedLines).toBe(0);
    expect(runQuery(p, NO_FILTERS, { top: true }).total).toBe(lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0));
    expect(elapsed).toBeLessThan(10_000);
  });
});
