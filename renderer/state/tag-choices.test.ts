import { describe, expect, it } from 'vitest';
import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import { chooseOnly, facetedTags, LISTED_VALUES, listedValues } from './tag-choices.js';

describe('chooseOnly', () => {
  it('replaces the focus on the same key and keeps other keys', () => {
    const next = chooseOnly({ tagFocus: ['endpoint=^/a$', 'tier=^free$', 'endpoint=^/c$'], tagIgnore: ['endpoint=^/b$', 'tier=^pro$'] }, 'endpoint', 'endpoint=^/b$');
    expect(next).toEqual({ tagFocus: ['tier=^free$', 'endpoint=^/b$'], tagIgnore: ['tier=^pro$'] });
  });
  it('keeps a keyless focus, which is not about this key alone', () => {
    expect(chooseOnly({ tagFocus: ['orders'], tagIgnore: [] }, 'endpoint', 'endpoint=^/b$').tagFocus).toEqual(['orders', 'endpoint=^/b$']);
  });
});

const key = (numeric: boolean, values: [string, number | null, number][]): TagKeySummary => ({
  key: 'bytes',
  numeric,
  unit: numeric ? 'bytes' : '',
  total: values.reduce((s, v) => s + v[2], 0),
  values: values.map(([label, n, total]) => ({ label, numeric: n, total })),
});

describe('listedValues', () => {
  it('orders numeric values by value, a stray string value last', () => {
    const k = key(true, [['2kB', 2048, 30], ['x', null, 20], ['16B', 16, 10], ['1kB', 1024, 5]]);
    expect(listedValues(k).map((v) => v.label)).toEqual(['16B', '1kB', '2kB', 'x']);
  });
  it('keeps string values in weight order', () => {
    const k = key(false, [['b', null, 30], ['a', null, 20]]);
    expect(listedValues(k).map((v) => v.label)).toEqual(['b', 'a']);
  });
  it('lists the heaviest values when there are too many, still by value', () => {
    const values: [string, number, number][] = Array.from({ length: LISTED_VALUES + 10 }, (_, i) => [`${i}B`, i, i]);
    values.reverse(); // weight order, as summarizeTags gives
    const listed = listedValues(key(true, values));
    expect(listed).toHaveLength(LISTED_VALUES);
    expect(listed[0].numeric).toBe(10);
    expect(listed[listed.length - 1].numeric).toBe(LISTED_VALUES + 9);
  });
});

describe('facetedTags', () => {
  const summary = (name: string, labels: string[]): TagKeySummary => ({ key: name, numeric: false, unit: '', total: labels.length, values: labels.map((label) => ({ label, numeric: null, total: 1 })) });
  it('lists a focused key as if it had no focus, other keys under every filter', async () => {
    const calls: string[][] = [];
    const result = await facetedTags({ tagFocus: ['endpoint=^/a$', 'tier=^free$'] }, (f) => {
      calls.push(f.tagFocus);
      const focused = (k: string) => f.tagFocus.some((e) => e.startsWith(`${k}=`));
      return Promise.resolve([
        summary('endpoint', focused('endpoint') ? ['/a'] : ['/a', '/b']),
        summary('tier', focused('tier') ? ['free'] : ['free', 'pro']),
        summary('version', ['v1']),
      ]);
    });
    expect(calls).toEqual([['endpoint=^/a$', 'tier=^free$'], ['tier=^free$'], ['endpoint=^/a$']]);
    expect(result.map((k) => [k.key, k.values.map((v) => v.label)])).toEqual([
      ['endpoint', ['/a', '/b']],
      ['tier', ['free', 'pro']],
      ['version', ['v1']],
    ]);
  });
  it('asks once when nothing is focused', async () => {
    let calls = 0;
    await facetedTags({ tagFocus: [] }, () => {
      calls++;
      return Promise.resolve([]);
    });
    expect(calls).toBe(1);
  });
});
