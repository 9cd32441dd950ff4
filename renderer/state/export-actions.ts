import { isFiltered } from '../../shared/analysis/query.js';
import { create } from 'zustand';
import type { Host } from '../host.js';
import type { ExportFormat } from '../worker/protocol.js';
import { flash } from './flash.js';
import { engineOf, messageOf, tabOf } from './sessions.js';
import { shownFilters, useStore, type Tab } from './store.js';
import { workerTableSort } from './table-sort.js';
import { isStopped } from '../worker/engine-errors.js';
import { exportGraphImage } from '../export/graph-image.js';

/** What the Export menu offers: files the worker writes, and images of the graph on screen. */
export type ExportItem = ExportFormat | 'svg' | 'png';

export const EXPORT_ITEMS: { item: ExportItem; label: string }[] = [
  { item: 'pprof', label: 'Profile (.pb.gz)' },
  { item: 'svg', label: 'SVG image' },
  { item: 'png', label: 'PNG image' },
  { item: 'folded', label: 'Folded stacks (.folded)' },
  { item: 'csv', label: 'Table (.csv)' },
];

const MIME: Record<ExportItem, string> = {
  pprof: 'application/gzip',
  svg: 'image/svg+xml',
  png: 'image/png',
  folded: 'text/plain',
  csv: 'text/csv',
};

/** The Export menu: open or not, the export under way, and the last failure (one sentence). */
interface ExportState {
  open: boolean;
  busy: ExportItem | null;
  error: string;
}
export const useExport = create<ExportState>(() => ({ open: false, busy: null, error: '' }));
export const setExportMenuOpen = (open: boolean) => useExport.setState({ open });

// The menu and its last error belong to the tab they were opened on: another tab starts clean.
useStore.subscribe((state, previous) => {
  if (state.activeKey !== previous.activeKey) useExport.setState({ open: false, error: '' });
});

let host: Pick<Host, 'kind' | 'saveFile'> | null = null;
/** The host that saves exports (set once at start, as the remote host is). */
export function setSaveHost(saving: Pick<Host, 'kind' | 'saveFile'>): void {
  host = saving;
}

const GRAPH_VIEWS = new Set(['flame', 'icicle', 'diff']);
const VIEW_NAMES: Record<string, string> = { table: 'table', sandwich: 'sandwich', sbs: 'side-by-side' };

/** Why an item cannot be chosen for this tab now, or '' when it can. */
export function whyDisabled(tab: Tab, item: ExportItem): string {
  if (tab.status !== 'ready' || !tab.result) return 'The profile is still loading.';
  if (item === 'svg' || item === 'png') {
    if (!GRAPH_VIEWS.has(tab.view)) return `Only a flame, icicle or diff graph is drawn as an image; the ${VIEW_NAMES[tab.view] ?? tab.view} view has none.`;
  }
  return '';
}

/** A profile's name without the extensions a profile file has, safe as a file name. */
export function fileStem(name: string): string {
  let stem = name.trim();
  for (let i = 0; i < 3; i++) stem = stem.replace(/\.(pb\.gz|pb|pprof|prof|gz|folded|txt|cpuprofile)$/i, '');
  // eslint-disable-next-line no-control-regex
  stem = stem.replace(/[\u0000-\u001f/\\:*?"<>|]+/g, '-').replace(/\s+/g, '-').replace(/^[-.]+|-+$/g, '');
  return stem === '' ? 'profile' : stem.slice(0, 120);
}

const EXTENSIONS: Record<ExportItem, string> = { pprof: 'pb.gz', svg: 'svg', png: 'png', folded: 'folded', csv: 'csv' };

/** The name offered for an export: `<profile>-filtered.pb.gz`, a comparison as `<target>-vs-<base>`. */
export function suggestedName(tab: Tab, item: ExportItem): string {
  const filters = shownFilters(tab);
  const filtered = isFiltered(filters);
  const stem = tab.comparison ? `${fileStem(tab.comparison.targetName)}-vs-${fileStem(tab.comparison.baseName)}` : fileStem(tab.name);
  const type = tab.summary?.sampleTypes[filters.sampleTypeIndex];
  const defaultType = tab.summary && tab.summary.sampleTypes.length > 1 && filters.sampleTypeIndex !== tab.summary.defaultSampleTypeIndex ? `-${fileStem(type?.type ?? '')}` : '';
  if (item === 'svg' || item === 'png') {
    // Images of the same profile in two views are two files: the view is in the name.
    const view = tab.comparison ? (tab.view === 'icicle' ? 'diff-icicle' : 'diff') : tab.view;
    return `${stem}${defaultType}${filtered ? '-filtered' : ''}-${view}.${EXTENSIONS[item]}`;
  }
  const suffix = filtered ? '-filtered' : item === 'csv' ? (tab.comparison ? '-delta' : '-top') : tab.comparison ? '-diff' : '-export';
  return `${stem}${defaultType}${suffix}.${EXTENSIONS[item]}`;
}

async function bytesOf(tab: Tab, item: ExportItem): Promise<Blob> {
  // An image is the graph as drawn, made from the layout the view already has (see export/graph-image.ts).
  if (item === 'svg' || item === 'png') return exportGraphImage(item);
  const engine = engineOf(tab.key);
  if (!engine) throw new Error('This tab has no profile loaded to export.');
  const bytes = await engine.exportFile({ format: item, filters: shownFilters(tab), tableSort: workerTableSort(tab.tableSort), deltaSort: tab.deltaSort });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME[item] });
}

/** Builds the export of what the tab shows and hands it to the host (a download, or a Save dialog). */
export async function runExport(key: number, item: ExportItem): Promise<void> {
  const tab = tabOf(key);
  if (!tab || !host || useExport.getState().busy) return;
  const why = whyDisabled(tab, item);
  if (why) {
    useExport.setState({ error: why });
    return;
  }
  const name = suggestedName(tab, item);
  useExport.setState({ busy: item, error: '', open: false });
  try {
    const blob = await bytesOf(tab, item);
    const outcome = await host.saveFile(name, blob);
    useExport.setState({ busy: null });
    if (outcome === 'saved') flash(host.kind === 'web' ? `Downloaded ${name}` : `Saved ${name}`);
  } catch (error) {
    // A closed tab's worker is disposed and its export fails as cancelled: nobody asked to hear that.
    if (isStopped(error) && !tabOf(key)) {
      useExport.setState({ busy: null });
      return;
    }
    const message = isStopped(error) ? `The export ${error.message}.` : messageOf(error);
    useExport.setState({ busy: null, error: message });
  }
}
