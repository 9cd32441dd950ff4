import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { NO_FILTERS, queryOf, resolveSampleType, type ProfileFilters } from '../analysis/query.js';
import { decodeProfile, decodeUncompressedProfile } from './pprof-decode.js';
import { encodeComparisonProfile, encodeFilteredProfile } from './pprof-encode.js';
import { gzipBytes } from './gzip.js';
import { topRowsByName } from '../../test/export-helpers.js';
import { computeDiffTop } from '../analysis/diff-top.js';

const fixture = (name: string) => decodeProfile(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url)));


const cases: [string, string, Partial<ProfileFilters> & { sampleType?: string }][] = [
  ['cpu, no filter', 'app-v1-cpu.pb.gz', {}],
  ['cpu, hide runtime', 'app-v1-cpu.pb.gz', { hide: 'runtime\\.' }],
  ['cpu, show main', 'app-v1-cpu.pb.gz', { show: 'main\\.' }],
  ['cpu, focus/ignore/hide', 'app-v1-cpu.pb.gz', { focus: 'main\\.handle', ignore: 'json', hide: 'sort' }],
  ['cpu, tagfocus', 'app-v1-cpu.pb.gz', { tagFocus: ['customer_tier=free,pro'] }],
  ['cpu, tagignore', 'app-v1-cpu.pb.gz', { tagIgnore: ['customer_tier=free'] }],
  ['allocs, alloc_objects', 'app-v1-allocs.pb.gz', { sampleType: 'alloc_objects' }],
  ['heap, inuse_space, hide', 'app-v1-heap.pb.gz', { sampleType: 'inuse_space', hide: 'runtime' }],
  ['inlined and unsymbolized frames, hide', 'edge-inline-unsymbolized.pb', { hide: 'json|libc' }],
  ['inlined and unsymbolized frames, show', 'edge-inline-unsymbolized.pb', { show: 'decode|recurse' }],
  ['deep stacks', 'edge-deep-stack.pb.gz', {}],
];

describe('pprof export of the filtered view', () => {
  it.each(cases)('%s', async (_, file, { sampleType, ...given }) => {
    const profile = await fixture(file);
    const filters = { ...NO_FILTERS, ...given, sampleTypeIndex: resolveSampleType(profile, sampleType) };
    const exported = decodeUncompressedProfile(encodeFilteredProfile(profile, filters));
    expect(exported.sampleTypes).toEqual(profile.sampleTypes);
    expect(exported.defaultSampleTypeIndex).toBe(filters.sampleTypeIndex);
    // Each filter case changes the view (else it would test nothing).
    if (Object.keys(given).length > 0) expect(topRowsByName(profile, filters)).not.toEqual(topRowsByName(profile, { ...NO_FILTERS, sampleTypeIndex: filters.sampleTypeIndex }));
    // The export opened with no filter shows what the original shows with them, in every sample type.
    for (let t = 0; t < profile.sampleTypes.length; t++) {
      expect(topRowsByName(exported, NO_FILTERS, t)).toEqual(topRowsByName(profile, filters, t));
    }
    expect([exported.period, exported.periodType, exported.timeNanos, exported.durationNanos, exported.comments]).toEqual([
      profile.period,
      profile.periodType,
      profile.timeNanos,
      profile.durationNanos,
      profile.comments,
    ]);
  });

  it('keeps string and numeric labels with their units', async () => {
    const profile = await fixture('app-v1-allocs.pb.gz');
    const exported = decodeUncompressedProfile(encodeFilteredProfile(profile, { ...NO_FILTERS, sampleTypeIndex: 0 }));
    const tagFilters = ['bytes=1kb:', 'customer_tier=pro'];
    for (const tag of tagFilters) {
      const filters = { ...NO_FILTERS, sampleTypeIndex: 0, tagFocus: [tag] };
      expect(topRowsByName(exported, filters)).toEqual(topRowsByName(profile, filters));
    }
    expect(exported.numLabelUnits).toEqual(profile.numLabelUnits);
  });

  it('writes a comparison as pprof -diff_base: target − base per function', async () => {
    const base = await fixture('app-v1-cpu.pb.gz');
    const target = await fixture('app-v2-cpu.pb.gz');
    const filters = { ...NO_FILTERS, hide: 'runtime' };
    const exported = decodeUncompressedProfile(encodeComparisonProfile(base, target, { sampleType: 'cpu', filters }));
    expect(exported.sampleTypes.map((t) => t.type)).toEqual(['cpu']);
    const diff = computeDiffTop(base, target, queryOf(filters), { sampleType: 'cpu' });
    const expected = diff.names.map((name, i) => [name, { flat: diff.flat[i], cum: diff.cum[i] }] as const).filter(([, r]) => r.flat !== 0 || r.cum !== 0);
    const rows = topRowsByName(exported, NO_FILTERS).filter(([, r]) => r.flat !== 0 || r.cum !== 0);
    expect(rows).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    // Opened again, it is a diff: its base samples carry pprof::base.
    expect(computeDiffTop(exported, exported).total).toBeGreaterThan(0);
  });

  it('gzips so that gunzip gives the bytes back', async () => {
    const bytes = encodeFilteredProfile(await fixture('app-v1-cpu.pb.gz'), NO_FILTERS);
    const gz = await gzipBytes(bytes);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(new Uint8Array(gunzipSync(gz))).toEqual(bytes);
  });
});
