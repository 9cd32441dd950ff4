import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from '../../../shared/remote/pyroscope-selector.js';
import { parsePyroscopeSource } from '../../../shared/remote/pyroscope-source.js';
import { chipLabelNames, defaultType, exploreRows, maxValue, selectorFor, seriesPath, servicesAndTypes, sumSeries, typeLabel } from './pyroscope-pick.js';
import { matchersDetail, pyroscopeOpen } from './open-pyroscope.js';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const ALLOC = 'memory:alloc_space:bytes:space:bytes';
const pair = (service: string, type: string) => [
  { name: '__profile_type__', value: type },
  { name: 'service_name', value: service },
];

describe('service and type pickers', () => {
  it('groups Series answers by service, sorted, without duplicates', () => {
    const map = servicesAndTypes([pair('payments', ALLOC), pair('checkout', CPU), pair('checkout', ALLOC), pair('checkout', CPU), [{ name: 'env', value: 'prod' }]]);
    expect([...map]).toEqual([
      ['checkout', [ALLOC, CPU]],
      ['payments', [ALLOC]],
    ]);
  });

  it('defaults to CPU, and names types readably', () => {
    expect(defaultType([ALLOC, CPU])).toBe(CPU);
    expect(defaultType([ALLOC])).toBe(ALLOC);
    expect(defaultType([])).toBe('');
    expect(typeLabel(ALLOC, [{ id: ALLOC, name: 'memory', sampleType: 'alloc_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes' }])).toBe('memory alloc_space (bytes)');
    expect(typeLabel(CPU, [])).toBe('process_cpu cpu (nanoseconds)');
  });
});

describe('label selector', () => {
  it('puts the service first and the chips after, in a selector Pyroscope parses back', () => {
    const selector = selectorFor('checkout', [
      { name: 'env', op: '!=', value: 'prod' },
      { name: 'version', op: '=~', value: 'v"2.*' },
    ]);
    expect(selector).toBe('{service_name="checkout",env!="prod",version=~"v\\"2.*"}');
    expect(parseLabelSelector(selector)).toEqual([
      { name: 'service_name', op: '=', value: 'checkout' },
      { name: 'env', op: '!=', value: 'prod' },
      { name: 'version', op: '=~', value: 'v"2.*' },
    ]);
    expect(selectorFor('', [])).toBe('{}');
  });

  it('offers chips every label but the service and internal ones', () => {
    expect(chipLabelNames(['service_name', '__profile_type__', 'version', 'env', '__name__'])).toEqual(['env', 'version']);
  });

  it('opens a source URL that parses back to the picks, titled service · type · range, credentials aside', () => {
    const open = pyroscopeOpen({ serverUrl: 'http://127.0.0.1:4040', tenant: 'acme', credentials: { tenant: 'acme', token: 't0k' } }, CPU, '{service_name="checkout",env="prod"}', {
      from: 'now-6h',
      until: 'now',
    });
    expect(open.title).toBe('checkout · cpu · last 6h');
    expect(open.credentials).toEqual({ tenant: 'acme', token: 't0k' });
    expect(open.source).not.toContain('t0k');
    const parsed = parsePyroscopeSource(open.source, 0);
    const detailed = pyroscopeOpen({ serverUrl: 'http://h:4040', credentials: {} }, CPU, '{service_name="checkout",env="prod"}', { from: 'now-1h', until: 'now' }, matchersDetail([{ name: 'env', op: '=', value: 'prod' }]));
    expect(detailed.title).toBe('checkout · cpu · last 1h · env="prod"');
    expect(parsed).toMatchObject({ serverUrl: 'http://127.0.0.1:4040', profileTypeId: CPU, labelSelector: '{service_name="checkout",env="prod"}', from: 'now-6h', until: 'now', tenant: 'acme' });
  });
});

describe('series', () => {
  const series = [
    { labels: [{ name: 'env', value: 'prod' }], points: [{ timestampMs: 2000, value: 5 }, { timestampMs: 1000, value: 3 }] },
    { labels: [{ name: 'env', value: 'canary' }], points: [{ timestampMs: 1000, value: 20 }] },
    { labels: [{ name: 'env', value: 'prod' }], points: [{ timestampMs: 1000, value: 1 }] },
    { labels: [], points: [{ timestampMs: 3000, value: 2 }] },
  ];

  it('adds series up per timestamp, in time order', () => {
    expect(sumSeries(series)).toEqual([
      { timestampMs: 1000, value: 24 },
      { timestampMs: 2000, value: 5 },
      { timestampMs: 3000, value: 2 },
    ]);
  });

  it('gives one explore row per value with its total, largest first, unlabelled ones as ""', () => {
    expect(exploreRows(series, 'env').map((r) => [r.value, r.total])).toEqual([
      ['canary', 20],
      ['prod', 9],
      ['', 2],
    ]);
  });

  it('draws zero at the bottom and the top value at the top, over the view', () => {
    const points = [{ timestampMs: 0, value: 0 }, { timestampMs: 50, value: 10 }, { timestampMs: 100, value: 5 }];
    const view = { startMs: 0, endMs: 100 };
    expect(seriesPath(points, 200, 40, view)).toBe('M0.0,40.0L100.0,0.0L200.0,20.0');
    expect(seriesPath(points, 200, 40, view, { max: 20 })).toBe('M0.0,40.0L100.0,20.0L200.0,30.0');
    expect(seriesPath(points, 200, 40, view, { closed: true })).toBe('M0.0,40.0L100.0,0.0L200.0,20.0L200.0,40L0.0,40Z');
    expect(seriesPath([], 200, 40, view)).toBe('');
    expect(seriesPath([{ timestampMs: 0, value: 0 }], 200, 40, view)).toBe('M0.0,40.0');
    expect(maxValue(points)).toBe(10);
  });
});
