import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { NO_FILTERS, queryFromFlags, resolveSampleType, type ProfileFilters } from '../shared/analysis/query.js';
import { encodeComparisonProfile, encodeFilteredProfile } from '../shared/formats/pprof-encode.js';
import { loadFixture, readDiffGoldens, readGoldens, type TopGolden } from './golden-helpers.js';

/**
 * The export's promise: `go tool pprof -top` of an exported profile, with no filter flags, shows
 * what pprof shows of the original under the view's filters (the goldens). Needs Go (Debian's
 * golang-go; CI installs it): without it these tests fail and say so.
 */
const PPROF_TIMEOUT_MS = 30_000;

function goPprof(args: string[]): string {
  const run = spawnSync('go', ['tool', 'pprof', ...args], { encoding: 'utf8', timeout: PPROF_TIMEOUT_MS, maxBuffer: 1 << 26 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('`go` is not installed: the pprof export parity tests need `go tool pprof` (apt-get install golang-go)');
  }
  if (run.error) throw new Error(`go tool pprof failed: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`go tool pprof exited with ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** `-top` with every node in the sample type's own unit (the goldens' command, no filter flags). */
function pprofTop(path: string, unit: string): { total: number; functions: { name: string; flat: number; cum: number }[] } {
  const text = goPprof(['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', `-unit=${unit}`, path]);
  const lines = text.split('\n');
  const number = (s: string) => Number(s.replace(/[A-Za-zµμ]+$/, ''));
  const total = number(/of (\S+) total/.exec(lines.find((l) => l.startsWith('Showing nodes accounting for'))!)![1]);
  const header = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  const functions = [];
  for (const line of lines.slice(header + 1)) {
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (m) functions.push({ name: m[6].replace(/ \((partial-)?inline\)$/, ''), flat: number(m[1]), cum: number(m[4]) });
  }
  return { total, functions };
}

const dir = mkdtempSync(join(tmpdir(), 'flamedeck-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function filtersOf(flags: Record<string, string>): Omit<ProfileFilters, 'sampleTypeIndex'> {
  const q = queryFromFlags(flags);
  return { ...NO_FILTERS, tagFocus: q.tagFocus ?? [], tagIgnore: q.tagIgnore ?? [], focus: q.focus ?? '', ignore: q.ignore ?? '', hide: q.hide ?? '', show: q.show ?? '' };
}

/** A handful of cases that cover every kind of filter (go tool pprof takes ~0.3 s a run). */
const TOP_CASES = [
  'app-v1-cpu__hide-runtime_.',
  'app-v1-cpu__focus-main_.handle__ignore-json__hide-sort',
  'app-v1-cpu__show-main_.',
  'app-v1-cpu__tagfocus-customer_tier=free_pro',
  'app-v1-heap__tagfocus-bytes=64kb_2mb__sample_index-alloc_space',
  'edge-inline-unsymbolized__hide-json',
  'edge-inline-unsymbolized__show-main',
  'edge-inline-unsymbolized__focus-libc',
];
const DIFF_CASES = [
  'diff__app-v1-cpu__app-v2-cpu__sample_index-cpu',
  'diff__app-v1-allocs__app-v2-allocs__sample_index-alloc_objects__tagfocus-base__hide-runtime',
  'diff__app-v1-cpu__app-v2-cpu__sample_index-cpu__tagignore-customer_tier=enterprise',
];

const topGoldens = readGoldens().filter(({ name }) => TOP_CASES.includes(name)) as { name: string; golden: TopGolden }[];
const diffGoldens = readDiffGoldens().filter(({ name }) => DIFF_CASES.includes(name));

describe('go tool pprof -top of the pprof export equals the filtered view', () => {
  it('finds every case', () => {
    expect(topGoldens.map((g) => g.name).sort()).toEqual([...TOP_CASES].sort());
    expect(diffGoldens.map((g) => g.name).sort()).toEqual([...DIFF_CASES].sort());
  });

  it.each(topGoldens)('$name', async ({ name, golden }) => {
    const profile = await loadFixture(golden.file);
    const sampleTypeIndex = resolveSampleType(profile, golden.flags.sample_index);
    const path = join(dir, `${name}.pb.gz`);
    writeFileSync(path, gzipSync(encodeFilteredProfile(profile, { ...filtersOf(golden.flags), sampleTypeIndex })));
    const shown = pprofTop(path, golden.unit);
    expect(byName(shown.functions)).toEqual(byName(golden.functions));
  });

  it.each(diffGoldens)('$name', async ({ name, golden }) => {
    const base = await loadFixture(golden.base);
    const target = await loadFixture(golden.target);
    const path = join(dir, `${name}.pb.gz`);
    const filters = { ...filtersOf(golden.flags), sampleTypeIndex: 0 };
    writeFileSync(path, gzipSync(encodeComparisonProfile(base, target, { sampleType: golden.flags.sample_index, filters })));
    const shown = pprofTop(path, golden.unit);
    // The export holds only the samples the filters keep, so its total is the filtered one.
    if (Object.keys(golden.flags).every((flag) => flag === 'sample_index')) expect(shown.total).toBe(golden.total);
    expect(byName(shown.functions)).toEqual(byName(golden.functions));
  });
});
