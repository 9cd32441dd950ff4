import { EngineClient, SupersededError } from '../worker/engine-client.js';
import type { OpenTimings } from '../worker/protocol.js';
import { EMPTY_FILTERS, useStore, type Tab } from './store.js';

declare global {
  interface Window {
    /** Where the last open's time went in the worker (read by the browser benchmark). */
    __flamedeckOpenTimings?: OpenTimings;
    __flamedeckTest?: { stallNext(kind: 'open' | 'query'): void; setWatchdogMs(ms: number): void };
  }
}

let engine: EngineClient | null = null;
function engineClient(): EngineClient {
  engine ??= new EngineClient();
  return engine;
}

/** Test hooks (DESIGN.md section 6): make the next open or query hang, as a stuck worker would. */
window.__flamedeckTest = { stallNext: (kind) => (engineClient().stallNext = kind), setWatchdogMs: () => {} };

/** Width in device pixels the flame graph draws at; the layout's sub-pixel merge uses it. */
// Until the graph has measured itself, the window's width is the best guess (the graph spans it).
let graphWidthPx = Math.round((globalThis.innerWidth || 1200) * (globalThis.devicePixelRatio || 1));
export function setGraphWidth(px: number): void {
  graphWidthPx = Math.max(100, Math.round(px));
}

const tabOf = (key: number) => useStore.getState().tabs.find((t) => t.key === key);

/** Starts the engine worker early, so it warms up while the user chooses a file. */
export function startEngine(onWarm: (ms: number) => void): void {
  const started = performance.now();
  void engineClient().warm.then((ms) => {
    performance.measure('flamedeck:engine-warm', { start: started, duration: ms });
    onWarm(ms);
  });
}

/** Opens a profile (bytes, or a File the worker reads itself) in a new tab. */
export async function openProfile(name: string, bytes: ArrayBuffer | Blob): Promise<number> {
  const { addTab, update } = useStore.getState();
  const key = addTab(name);
  try {
    const { summary, initial, timings } = await engineClient().open(name, bytes, graphWidthPx, tableShown(tabOf(key)!), tabOf(key)!.order, (fraction, phase) =>
      update(key, { progress: fraction, phase }),
    );
    window.__flamedeckOpenTimings = timings;
    update(key, (tab) => ({
      status: 'ready',
      summary,
      progress: 1,
      filters: { ...EMPTY_FILTERS, ...tab.filters, sampleTypeIndex: summary.defaultSampleTypeIndex },
      result: initial,
      flame: initial.flame,
      table: initial.top,
      zoomRoot: 0,
    }));
  } catch (error) {
    update(key, { status: 'error', error: `${name}: ${error instanceof Error ? error.message : String(error)}` });
  }
  return key;
}

export function openFailed(name: string, message: string): void {
  const { addTab, update } = useStore.getState();
  update(addTab(name), { status: 'error', error: `${name}: ${message}` });
}

/** Re-runs the tab's query (filters, sample type, search, order, sort) in the worker. */
export async function refresh(key: number): Promise<void> {
  const tab = tabOf(key);
  if (!tab || tab.status !== 'ready' || !tab.summary) return;
  const { update } = useStore.getState();
  update(key, { busy: true });
  try {
    const result = await engineClient().query({
      profileId: tab.summary.profileId,
      filters: tab.filters,
      order: tab.order,
      root: 0,
      widthPx: graphWidthPx,
      search: tab.search,
      tableSort: tableShown(tab) ? tab.tableSort : null,
    });
    update(key, { result, flame: result.flame, table: result.top, zoomRoot: 0, busy: false, queryError: '', searchCursor: -1 });
  } catch (error) {
    if (error instanceof SupersededError) return;
    update(key, { busy: false, queryError: error instanceof Error ? error.message : String(error) });
  }
}

export function tableShown(tab: Tab): boolean {
  return tab.view === 'table' || tab.tableBeside;
}

/** Fetches the table of the current result (in the chosen sort) from the worker. */
export async function loadTable(key: number): Promise<void> {
  const tab = tabOf(key);
  if (!tab?.summary || !tab.result) return;
  const result = tab.result;
  try {
    const table = await engineClient().table(tab.summary.profileId, tab.tableSort);
    // A newer query may have replaced the result meanwhile; its table comes with it.
    if (tabOf(key)?.result === result) useStore.getState().update(key, { table });
  } catch (error) {
    useStore.getState().update(key, { queryError: error instanceof Error ? error.message : String(error) });
  }
}

/** Lays the graph out again from another zoom root (no re-query). */
export async function zoomTo(key: number, root: number): Promise<void> {
  const tab = tabOf(key);
  if (!tab?.summary || !tab.result) return;
  try {
    const flame = await engineClient().layout(tab.summary.profileId, root, graphWidthPx);
    useStore.getState().update(key, { flame, zoomRoot: root });
  } catch (error) {
    useStore.getState().update(key, { queryError: error instanceof Error ? error.message : String(error) });
  }
}

/** Searches the current call tree (no re-query); the newest answer wins. */
const searchSerial = new Map<number, number>();
export async function search(key: number, text: string): Promise<void> {
  const { update } = useStore.getState();
  update(key, { search: text, searchCursor: -1 });
  const tab = tabOf(key);
  if (!tab?.summary || !tab.result) return;
  const serial = (searchSerial.get(key) ?? 0) + 1;
  searchSerial.set(key, serial);
  try {
    const stats = await engineClient().search(tab.summary.profileId, text);
    if (searchSerial.get(key) !== serial) return;
    update(key, (t) => ({ result: t.result ? { ...t.result, search: stats } : t.result }));
  } catch (error) {
    update(key, { queryError: error instanceof Error ? error.message : String(error) });
  }
}

export function closeProfile(key: number): void {
  const tab = tabOf(key);
  useStore.getState().closeTab(key);
  if (tab?.summary) {
    engineClient()
      .close(tab.summary.profileId)
      .catch((error: unknown) => console.warn(`closing ${tab.name} in the worker failed`, error));
  }
}

export function tagSummary(tab: Tab) {
  if (!tab.summary) return Promise.resolve([]);
  return engineClient().tags(tab.summary.profileId, tab.filters);
}

/** Changes filters, remembering the old ones so a refinement can be undone. */
export function setFilters(key: number, change: (tab: Tab) => Partial<Tab['filters']>, remember = true): void {
  const { update } = useStore.getState();
  update(key, (tab) => ({
    filters: { ...tab.filters, ...change(tab) },
    filterHistory: remember ? [...tab.filterHistory, tab.filters] : tab.filterHistory,
  }));
  void refresh(key);
}

export function undoFilters(key: number): void {
  const tab = tabOf(key);
  if (!tab || tab.filterHistory.length === 0) return;
  useStore.getState().update(key, { filters: tab.filterHistory[tab.filterHistory.length - 1], filterHistory: tab.filterHistory.slice(0, -1) });
  void refresh(key);
}
