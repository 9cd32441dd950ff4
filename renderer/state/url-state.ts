import type { ProfileFilters, ZoomPath } from '../worker/protocol.js';

export type ViewKind = 'flame' | 'icicle' | 'table' | 'sandwich' | 'diff' | 'sbs';

/** The view state kept in the location hash, pprof-style keys (DESIGN.md section 6). */
export interface HashState {
  /** As written: tabPatchFromHash names one that is not a view of the tab. */
  view?: string;
  /** Sample type name (or index). */
  si?: string;
  q?: string;
  tf?: string[];
  ti?: string[];
  f?: string;
  i?: string;
  h?: string;
  /** pprof's -show. */
  s?: string;
  /** The sandwich view's function. */
  sw?: string;
  /** Zoom path: one `z` per function name, from the root down. */
  z?: ZoomPath;
  /** A remote tab's source URL (without credentials); a remote comparison's target. */
  src?: string;
  /** A remote comparison's base source URL. */
  base?: string;
  /** Any other tab: its name (the file's, or a comparison's "base → target"). */
  tab?: string;
}

/** What a tab's hash is made of. */
export interface HashView {
  view: ViewKind;
  sampleTypeName: string;
  search: string;
  filters: ProfileFilters;
  sandwichFunc: string;
  zoom: ZoomPath;
  source?: string;
  baseSource?: string;
  /** The tab's name, for a tab without a source. */
  tabName?: string;
}

export function parseHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: HashState = {};
  for (const key of ['view', 'si', 'q', 'f', 'i', 'h', 's', 'sw', 'src', 'base', 'tab'] as const) {
    const value = params.get(key);
    if (value !== null) state[key] = value;
  }
  if (params.has('tf')) state.tf = params.getAll('tf').filter((v) => v !== '');
  if (params.has('ti')) state.ti = params.getAll('ti').filter((v) => v !== '');
  state.z = params.getAll('z').filter((v) => v !== '');
  return state;
}

export function formatHash({ view, sampleTypeName, search, filters, sandwichFunc, zoom, source, baseSource, tabName }: HashView): string {
  const params = new URLSearchParams();
  if (source) params.set('src', source);
  if (source && baseSource) params.set('base', baseSource);
  else if (!source && tabName) params.set('tab', tabName);
  params.set('view', view);
  if (sampleTypeName) params.set('si', sampleTypeName);
  if (search) params.set('q', search);
  for (const tf of filters.tagFocus) params.append('tf', tf);
  for (const ti of filters.tagIgnore) params.append('ti', ti);
  if (filters.focus) params.set('f', filters.focus);
  if (filters.ignore) params.set('i', filters.ignore);
  if (filters.hide) params.set('h', filters.hide);
  if (filters.show) params.set('s', filters.show);
  if (sandwichFunc) params.set('sw', sandwichFunc);
  for (const name of zoom) params.append('z', name);
  return `#${params.toString()}`;
}
