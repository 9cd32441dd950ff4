import { describe, expect, it, vi } from 'vitest';
import { NO_FILTERS } from '../../shared/analysis/query.js';
import type { ProfileSummary } from '../worker/protocol.js';
import type { Tab } from './store.js';

// The image side draws from a mounted graph (and hooks itself on window): not under test here.
vi.mock('../export/graph-image.js', () => ({ exportGraphImage: async () => new Blob() }));
const { fileStem, runExport, setSaveHost, suggestedName, useExport, whyDisabled } = await import('./export-actions.js');
const { useStore } = await import('./store.js');
const { sessions } = await import('./sessions.js');
const { useFlash } = await import('./flash.js');

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
    expect(suggestedName(tab({ filters: typing }), 'svg')).toBe('app-v1-cpu-flame.svg');
    expect(suggestedName(tab({ filters: typing, view: 'icicle' }), 'svg')).toBe('app-v1-cpu-icicle.svg');
  });

  it('name a sample type other than the default, and a comparison by both sides', () => {
    const samples = { ...NO_FILTERS, sampleTypeIndex: 0 };
    expect(suggestedName(tab({ applied: { filters: samples } as Tab['applied'] }), 'png')).toBe('app-v1-cpu-samples-flame.png');
    const comparison = { baseName: 'app-v1-cpu.pb.gz', targetName: 'app-v2-cpu.pb.gz', warnings: [] };
    expect(suggestedName(tab({ comparison }), 'pprof')).toBe('app-v2-cpu-vs-app-v1-cpu-diff.pb.gz');
    expect(suggestedName(tab({ comparison }), 'csv')).toBe('app-v2-cpu-vs-app-v1-cpu-delta.csv');
    expect(suggestedName(tab({ comparison, view: 'diff' }), 'svg')).toBe('app-v2-cpu-vs-app-v1-cpu-diff.svg');
    expect(suggestedName(tab({ comparison, view: 'icicle' }), 'png')).toBe('app-v2-cpu-vs-app-v1-cpu-diff-icicle.png');
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

describe('running an export', () => {
  const asked: unknown[] = [];
  const shown = { ...NO_FILTERS, sampleTypeIndex: 1, hide: 'runtime' };

  function withTab(): number {
    const key = 901;
    useStore.setState({ tabs: [tab({ key, filters: { ...shown, focus: 'typing' }, applied: { filters: shown } as Tab['applied'], tableSort: { column: 'cum', descending: true } })], activeKey: key });
    const engine = { exportFile: async (args: unknown) => (asked.push(args), Uint8Array.of(1, 2, 3)) };
    sessions.set(key, { engine: engine as never, source: new Blob() });
    useExport.setState({ open: true, busy: null, error: '' });
    return key;
  }

  it('asks the worker for what is on screen and hands the bytes to the host; saved is confirmed', async () => {
    const key = withTab();
    const saved: [string, number][] = [];
    setSaveHost({ kind: 'desktop', saveFile: async (name, data) => (saved.push([name, data.size]), 'saved') });
    await runExport(key, 'csv');
    expect(asked.at(-1)).toEqual({ format: 'csv', filters: shown, tableSort: { by: 'cum', reverse: false } });
    expect(saved).toEqual([['app-v1-cpu-filtered.csv', 3]]);
    expect(useExport.getState()).toMatchObject({ open: false, busy: null, error: '' });
    expect(useFlash.getState().text).toBe('Saved app-v1-cpu-filtered.csv');
  });

  it('a cancelled Save dialog is neither an error nor a confirmation', async () => {
    const key = withTab();
    useFlash.setState({ text: '' });
    setSaveHost({ kind: 'desktop', saveFile: async () => 'cancelled' });
    await runExport(key, 'pprof');
    expect(useExport.getState()).toMatchObject({ busy: null, error: '' });
    expect(useFlash.getState().text).toBe('');
  });

  it('a failure is one sentence beside the menu, and the menu is usable again', async () => {
    const key = withTab();
    setSaveHost({ kind: 'desktop', saveFile: async () => Promise.reject(new Error('Could not save app-v1-cpu-filtered.folded: the disk is full.')) });
    await runExport(key, 'folded');
    expect(useExport.getState()).toMatchObject({ busy: null, error: 'Could not save app-v1-cpu-filtered.folded: the disk is full.' });
  });

  it('one export at a time: a second one while the first runs is not started', async () => {
    const key = withTab();
    let finish: (value: 'saved') => void = () => {};
    const calls: string[] = [];
    setSaveHost({ kind: 'web', saveFile: (name) => (calls.push(name), new Promise((resolve) => (finish = resolve))) });
    const first = runExport(key, 'pprof');
    await new Promise((r) => setTimeout(r, 0));
    expect(useExport.getState().busy).toBe('pprof');
    await runExport(key, 'csv');
    finish('saved');
    await first;
    expect(calls).toEqual(['app-v1-cpu-filtered.pb.gz']);
    expect(useFlash.getState().text).toBe('Downloaded app-v1-cpu-filtered.pb.gz');
  });

  it('closing the tab mid-export ends it quietly: no "cancelled" sentence on the tab shown next', async () => {
    const key = withTab();
    const { EngineError } = await import('../worker/engine-errors.js');
    let stop: (error: Error) => void = () => {};
    sessions.set(key, { engine: { exportFile: () => new Promise((_, reject) => (stop = reject)) } as never, source: new Blob() });
    setSaveHost({ kind: 'web', saveFile: async () => 'saved' });
    const running = runExport(key, 'pprof');
    // What closeProfile does: the tab leaves the store, its worker is disposed (pending requests fail as cancelled).
    useStore.setState({ tabs: [] });
    stop(new EngineError('cancelled', 'was cancelled'));
    await running;
    expect(useExport.getState()).toMatchObject({ busy: null, error: '' });
  });

  it('the menu and a failure stay with their tab: switching tabs closes the one and clears the other', () => {
    useStore.setState({ activeKey: 1 });
    useExport.setState({ open: true, error: 'Could not save x.csv: the disk is full.' });
    useStore.setState({ activeKey: 2 });
    expect(useExport.getState()).toMatchObject({ open: false, error: '' });
  });
});
