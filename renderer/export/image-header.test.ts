import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../shared/analysis/query.js';
import type { ProfileSummary } from '../worker/protocol.js';
import { unitOf, type Tab } from '../state/store.js';
import { imageHeader } from './image-header.js';

const summary = {
  sampleTypes: [
    { type: 'alloc_space', unit: 'bytes' },
    { type: 'cpu', unit: 'nanoseconds' },
  ],
  defaultSampleTypeIndex: 1,
} as unknown as ProfileSummary;

function tab(patch: Partial<Tab> = {}): Tab {
  const filters = { ...NO_FILTERS, sampleTypeIndex: 1 };
  return { name: 'app.pb.gz', summary, filters, search: '', zoom: [], compared: null, result: { total: 2e9, treeTotal: 2e9 }, applied: { filters, search: '' }, ...patch } as unknown as Tab;
}

describe('the header of an exported image', () => {
  it('names the sample type, total and filters of the graph on screen', () => {
    const shown = { ...NO_FILTERS, sampleTypeIndex: 1, hide: 'runtime' };
    expect(imageHeader(tab({ filters: shown, applied: { filters: shown, search: '' } as Tab['applied'] }))).toEqual(['app.pb.gz', 'cpu', 'total 2s', '', '', 'hide=runtime']);
  });

  it('while a newer query runs, describes the graph still shown, not the filters asked for', () => {
    const shown = { ...NO_FILTERS, sampleTypeIndex: 1, hide: 'runtime' };
    const asked = { ...NO_FILTERS, sampleTypeIndex: 0, focus: 'main' };
    const waiting = tab({ filters: asked, search: 'gc', applied: { filters: shown, search: '' } as Tab['applied'] });
    expect(imageHeader(waiting)).toEqual(['app.pb.gz', 'cpu', 'total 2s', '', '', 'hide=runtime']);
    // The values on screen are still nanoseconds: tooltips and the image format them so.
    expect(unitOf(waiting)).toBe('nanoseconds');
  });
});
