import { describe, expect, it, vi } from 'vitest';
import { NO_FILTERS } from '../../shared/analysis/query.js';
import type { ProfileSummary } from '../worker/protocol.js';
import type { Tab } from './store.js';

// The image side draws from a mounted graph (and hooks itself on window): not under test here.
vi.mock('../export/graph-image.js', () => ({ exportGraphImage: async () => ({ name: 'x.svg', blob: new Blob() }) }));
const { fileStem, suggestedName, whyDisabled } = await import('./export-actions.js');

const summary = {
  sampleTypes: [
    { type: 'samples', unit: 'count' },
    { type: 'cpu', unit: 'nanoseconds' },
  ],
  defaultSampleTypeIndex: 1,
} as unknown as ProfileSummary;

function tab(patch: Partial<Tab> = {}): Tab {
  const filters = { ...NO_FILTERS, sampleTypeIndex: 1 };
  return { name: 'app-v1-cpu.pb.gz', status: 'ready', result: {}, view: 'flame', summary, filters, applied: { filters }, comparison: null, ...patch } as unknown as Tab;
}

describe('export names', () => {
  it('are the profile name without its extensions, marked filtered when a filter is on', () => {
    expect(suggestedName(tab(), 'pprof')).toBe('app-v1-cpu-export.pb.gz');
    const filters = { ...NO_FILTERS, sampleTypeIndex: 1, tagFocus: ['endpoint=/api'] };
    expect(suggestedName(tab({ applied: { filters } as Tab['applied'] }), 'pprof')).toBe('app-v1-cpu-filtered.pb.gz');
    expect(suggestedName(tab({ applied: { filters: { ...NO_FILTERS, sampleTypeIndex: 1, hide: 'runtime' } } as Tab['applied'] }), 'folded')).toBe('app-v1-cpu-filtered.folded');
    expect(suggestedName(tab(), 'csv')).toBe('app-v1-cpu-top.csv');
  });

  it('follow what is on screen: the shown result\'s filters, not ones still being applied', () => {
    const typing = { ...NO_FILTERS, sampleTypeIndex: 1, focus: 'main' };
    expect(suggestedName(tab({ filters: typing }), 'svg')).toBe('app-v1-cpu-export.svg');
  });

  it('name a sample type other than the default, and a comparison by both sides', () => {
    const samples = { ...NO_FILTERS, sampleTypeIndex: 0 };
    expect(suggestedName(tab({ applied: { filters: samples } as Tab['applied'] }), 'png')).toBe('app-v1-cpu-samples-export.png');
    const comparison = { baseName: 'app-v1-cpu.pb.gz', targetName: 'app-v2-cpu.pb.gz', warnings: [] };
    expect(suggestedName(tab({ comparison }), 'pprof')).toBe('app-v2-cpu-vs-app-v1-cpu-diff.pb.gz');
    expect(suggestedName(tab({ comparison }), 'csv')).toBe('app-v2-cpu-vs-app-v1-cpu-delta.csv');
  });

  it('never carry folders or characters a file name cannot have', () => {
    expect(fileStem('heap @ http://10.0.0.1:6060/debug/pprof/heap')).toBe('heap-@-http-10.0.0.1-6060-debug-pprof-heap');
    expect(fileStem('../../x.pb')).toBe('x');
    expect(fileStem('.pb.gz')).toBe('profile');
  });
});

describe('which exports apply', () => {
  it('images only where one graph is drawn, saying why elsewhere', () => {
    expect(whyDisabled(tab({ view: 'flame' }), 'svg')).toBe('');
    expect(whyDisabled(tab({ view: 'diff' }), 'png')).toBe('');
    expect(whyDisabled(tab({ view: 'table' }), 'svg')).toBe('Only a flame, icicle or diff graph is drawn as an image; the table view has none.');
    expect(whyDisabled(tab({ view: 'sbs' }), 'png')).toMatch(/side-by-side view has none/);
    expect(whyDisabled(tab({ view: 'table' }), 'pprof')).toBe('');
    expect(whyDisabled(tab({ view: 'sandwich' }), 'csv')).toBe('');
  });

  it('nothing while the profile loads', () => {
    expect(whyDisabled(tab({ status: 'loading', result: null }), 'pprof')).toBe('The profile is still loading.');
  });
});
