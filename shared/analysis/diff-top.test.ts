import { describe, expect, it } from 'vitest';
import { craftedProfile as profile, type CraftedSample } from '../../test/diff-profiles.js';
import type { Profile } from '../model/profile.js';
import { computeDiffTop, functionsGrownBy, type DiffTop } from './diff-top.js';

const cpu = (unit: string, samples: CraftedSample[], period = 1): Promise<Profile> =>
  profile({ types: [['cpu', unit]], period, periodType: ['cpu', unit], samples });

const rows = (diff: DiffTop) => Object.fromEntries(diff.names.map((name, i) => [name, [diff.flat[i], diff.cum[i]]]));

// Every expected number below is what `go tool pprof -top -nodefraction=0 -diff_base` printed for these profiles.
const BASE: CraftedSample[] = [
  { stack: ['a', 'main'], values: [5] },
  { stack: ['b', 'main'], values: [3] },
  { stack: ['c', 'b', 'main'], values: [7] },
];

describe('computeDiffTop', () => {
  it('brings units of one kind to the finer one, as pprof, and says so', async () => {
    const base = await cpu('milliseconds', BASE);
    const target = await cpu('nanoseconds', [
      { stack: ['a', 'main'], values: [5000] },
      { stack: ['b', 'main'], values: [1000] },
      { stack: ['d', 'main'], values: [4000] },
      { stack: ['c', 'b', 'main'], values: [2000] },
    ], 1e6);
    const diff = computeDiffTop(base, target);
    expect(diff.sampleType).toEqual({ type: 'cpu', unit: 'nanoseconds' });
    expect([diff.total, diff.baseTotal, diff.targetTotal]).toEqual([15e6, 15e6, 12000]);
    expect(rows(diff)).toEqual({ c: [-6998000, -6998000], a: [-4995000, -4995000], b: [-2999000, -9997000], d: [4000, 4000], main: [0, -14988000] });
    // Same period (1 ms = 1e6 ns): only the unit is worth a line.
    expect(diff.warnings).toEqual(['"cpu" is in milliseconds in the base and nanoseconds in the target: both compared in nanoseconds']);
    expect(() => computeDiffTop(base, target, {}, { normalize: true })).toThrow(/incompatible units for "cpu".*--normalize needs the same unit/);
  });

  it('refuses units of different kinds, as pprof does', async () => {
    const base = await cpu('nanoseconds', BASE);
    const target = await cpu('bytes', BASE);
    expect(() => computeDiffTop(base, target)).toThrow('incompatible units for "cpu": nanoseconds in the base, bytes in the target');
  });

  it('-normalize scales each target sample and rounds it as Go does; other periods get a warning', async () => {
    const base = await cpu('nanoseconds', BASE, 10);
    const target = await cpu('nanoseconds', [
      { stack: ['a', 'main'], values: [15] },
      { stack: ['b', 'main'], values: [3] },
      { stack: ['d', 'main'], values: [12] },
      { stack: ['c', 'b', 'main'], values: [6] },
    ], 20);
    const plain = computeDiffTop(base, target);
    expect(rows(plain)).toEqual({ d: [12, 12], a: [10, 10], c: [-1, -1], b: [0, -1], main: [0, 21] });
    expect(plain.warnings).toEqual(['the profiles were sampled differently: every 10 nanoseconds of cpu in the base, 20 nanoseconds of cpu in the target']);
    // 15/36 of 15, 3, 12, 6 is 6.25, 1.25, 5, 2.5: rounded 6, 1, 5, 3 (half away from zero).
    const normalized = computeDiffTop(base, target, {}, { normalize: true });
    expect(rows(normalized)).toEqual({ d: [5, 5], c: [-4, -4], b: [-2, -6], a: [1, 1], main: [0, 0] });
    expect([normalized.total, normalized.targetTotal]).toEqual([15, 15]);
  });

  it('chooses the sample type by name on both sides and says when the base lacks it', async () => {
    const samples = (v: number): CraftedSample[] => [{ stack: ['a', 'main'], values: [v, 2 * v] }];
    const base = await profile({ types: [['alloc_space', 'bytes'], ['alloc_objects', 'count']], samples: samples(1) });
    const target = await profile({ types: [['alloc_objects', 'count'], ['inuse_space', 'bytes']], samples: samples(5) });
    const diff = computeDiffTop(base, target, {}, { sampleType: 'alloc_objects' });
    expect(rows(diff)).toEqual({ a: [3, 3], main: [0, 3] });
    expect(computeDiffTop(base, target, {}, { sampleType: 0 }).sampleType.type).toBe('alloc_objects');
    expect(() => computeDiffTop(base, target, {}, { sampleType: 'inuse_space' })).toThrow(
      'the base profile has no sample type "inuse_space" (both have alloc_objects: pick one with --sample-type)',
    );
    const wall = await profile({ types: [['wall', 'nanoseconds']], samples: [{ stack: ['a'], values: [1] }] });
    expect(() => computeDiffTop(base, wall)).toThrow('the two profiles have no sample type in common (base: alloc_space, alloc_objects; target: wall)');
  });

  it('tag filters see pprof::base=true on the base side only', async () => {
    const labelled = (values: number[]): CraftedSample[] => [
      { stack: ['a', 'main'], values: [values[0]], labels: [{ key: 'size', str: '1kb' }] },
      { stack: ['b', 'main'], values: [values[1]], labels: [{ key: 'size', str: '2kb' }] },
      { stack: ['c', 'main'], values: [values[2]] },
    ];
    const base = await cpu('nanoseconds', labelled([5, 3, 7]));
    const target = await cpu('nanoseconds', labelled([2, 11, 13]));
    const filtered = (tagFocus: string[], tagIgnore: string[] = []) => rows(computeDiffTop(base, target, { tagFocus, tagIgnore }));
    // "base" matches every base sample's "pprof::base:true" and no target sample.
    expect(filtered(['base'])).toEqual({ c: [-7, -7], a: [-5, -5], b: [-3, -3], main: [0, -15] });
    // A keyless "1kb,base" needs both regexes to match: "1kb" stays a regex (not a size) on the base side too.
    expect(filtered(['1kb,base'])).toEqual({ a: [-5, -5], main: [0, -5] });
    expect(filtered([], ['pprof::base=t'])).toEqual({ c: [13, 13], b: [11, 11], a: [2, 2], main: [0, 26] });
    expect(filtered(['size=1kb,true'])).toEqual({ a: [-3, -3], main: [0, -3] });
  });

  it('counts a target\'s own pprof::base samples in the total, as pprof (a diff written by pprof -proto)', async () => {
    const base = await cpu('nanoseconds', [
      { stack: ['a', 'main'], values: [5] },
      { stack: ['b', 'main'], values: [3] },
    ]);
    const target = await cpu('nanoseconds', [
      { stack: ['a', 'main'], values: [2] },
      { stack: ['b', 'main'], values: [11] },
      { stack: ['c', 'main'], values: [4], labels: [{ key: 'pprof::base', str: 'true' }] },
    ]);
    const diff = computeDiffTop(base, target);
    expect([diff.total, diff.baseTotal, diff.targetTotal]).toEqual([12, 8, 17]);
    expect(rows(computeDiffTop(base, target, { tagFocus: ['base'] }))).toEqual({ a: [-5, -5], c: [4, 4], b: [-3, -3], main: [0, -4] });
  });

  it('--fail-on-growth compares each function\'s share of its own profile', async () => {
    const base = await cpu('nanoseconds', BASE);
    const tenTimes = await cpu('nanoseconds', BASE.map((s) => ({ ...s, values: [s.values[0] * 10] })));
    // Ten times the samples, the same shares: nothing grew.
    expect(functionsGrownBy(computeDiffTop(base, tenTimes), 0)).toEqual([]);
    // a: 5 of 15 (33.3%) → 45 of 55 (81.8%), +48.5 points; b and c shrank; main stays at 100%.
    const target = await cpu('nanoseconds', [
      { stack: ['a', 'main'], values: [45] },
      { stack: ['b', 'main'], values: [3] },
      { stack: ['c', 'b', 'main'], values: [7] },
    ]);
    const diff = computeDiffTop(base, target);
    expect(functionsGrownBy(diff, 48).map((g) => g.name)).toEqual(['a']);
    expect(functionsGrownBy(diff, 48.5)).toEqual([]);
  });
});
