import { NO_FILTERS } from '../../shared/analysis/query.js';
import type { Profile } from '../../shared/model/profile.js';
import { setStallNext, setWatchdogMs, type EngineClient, type StoppedWork } from '../worker/engine-client.js';
import { DOING, EngineError, isStopped } from '../worker/engine-errors.js';
import { replenishSpare, takeEngine, warmSpare } from '../worker/engine-pool.js';
import { layoutZoomPath } from '../flame/zoom-names.js';
import type { CompareReply, ComparisonSummary, OpenTimings, QueryReply, ZoomTarget } from '../worker/protocol.js';
import { useStore, type AppliedState, type Tab } from './store.js';
import { anyEngineBusy, engineOf, failed, graphWidth, messageOf, queryFailed, remoteFetches, sessions, tabOf, update, type Session } from './sessions.js';
import { workerTableSort } from './table-sort.js';
import { facetedTags } from './tag-choices.js';

declare global {
  interface Window {
    /** Where the last open's time went in the worker (read by the browser benchmark). */
    __flamedeckOpenTimings?: OpenTimings;
    /** Test hooks (DESIGN.md section 6): make the next open or query hang, as a stuck worker would. */
    __flamedeckTest?: { stallNext(kind: 'open' | 'query'): void; setWatchdogMs(ms: number): void };
  }
}
window.__flamedeckTest = { stallNext: setStallNext, setWatchdogMs };

/** Starts the first engine worker early, so it warms up while the user chooses a file. */
export function startEngine(onWarm: (ms: number) => void): void {
  const started = performance.now();
  void warmSpare().then((ms) => {
    performance.measure('flamedeck:engine-warm', { start: started, duration: ms });
    onWarm(ms);
  });
}

/**
 * A tab's worker was stopped (Cancel, Esc, the watchdog) or failed. An open ends in a "stopped"
 * tab with Retry; anything else goes back to the state the shown graph was computed for, while a
 * fresh worker loads the profile again behind it.
 */
function onStopped(key: number, error: EngineError, doing: StoppedWork): void {
  const tab = tabOf(key);
  if (!tab) return;
  if (tab.status === 'loading') {
    update(key, { status: 'stopped', stopped: `Stopped: opening ${tab.name} ${error.message}.` });
    return;
  }
  if (doing === 'open' || !tab.applied) {
    update(key, { status: 'stopped', busy: false, stopped: `Stopped: ${DOING[doing]} ${error.message}.` });
    return;
  }
  update(key, {
    ...tab.applied,
    busy: false,
    sandwichBusy: false,
    queryError: '',
    stopped: `Stopped: ${DOING[doing]} ${error.message}. Showing the last result.`,
    // The sandwich view asks again only when the user does: a sandwich that hangs would hang again.
    ...(doing === 'sandwich' ? { sandwichError: `Stopped: ${DOING[doing]} ${error.message}.` } : {}),
  });
  void reload(key, tab.applied);
}

function attachEngine(key: number): EngineClient {
  const session = sessions.get(key)!;
  session.engine?.dispose();
  const engine = takeEngine();
  engine.onStop = (error, doing) => onStopped(key, error, doing);
  session.engine = engine;
  return engine;
}

/** Opens a profile (a File or the host's Blob, which the tab's worker reads itself) in a new tab. */
export async function openProfile(name: string, source: Blob): Promise<number> {
  const key = tabForFile(name);
  await loadIntoTab(key, source);
  return key;
}

/** Opens a profile's bytes in an existing tab (a remote tab once its fetch is done). */
export async function loadIntoTab(key: number, source: Blob): Promise<void> {
  // A Blob costs the compressed size once and is what a retry or a reload reads again.
  sessions.set(key, { engine: null, source });
  await loadTab(key);
}

/** Opens two profiles as a comparison in an existing tab (made with comparisonTabPatch). */
export async function loadComparisonIntoTab(key: number, base: { name: string; source: Blob }, target: { name: string; source: Blob }): Promise<void> {
  sessions.set(key, { engine: null, source: target.source, compare: { base, target } });
  await loadTab(key);
}

/** A new comparison tab's state: the diff view, and the two names until the worker has read them. */
export function comparisonTabPatch(baseName: string, targetName: string): Partial<Tab> {
  return { view: 'diff', comparison: { baseName, targetName, warnings: [] } };
}

/** The state the user last asked for (a query for it may still be running): what a result is computed for. */
function askedState(tab: Tab): AppliedState {
  return { filters: tab.filters, filterHistory: tab.filterHistory, search: tab.search, order: tab.order };
}

/**
 * Refresh of a remote tab: its new bytes (both files of a comparison) replace the old ones, and
 * the tab loads them in a fresh worker in the state the shown graph was computed for (filters,
 * zoom, view stay). New bytes that cannot be read leave the old profile on screen, and say so.
 */
export async function replaceSource(key: number, next: Pick<Session, 'source' | 'compare'>): Promise<void> {
  const session = sessions.get(key);
  const tab = tabOf(key);
  const applied = tab?.applied;
  if (!session || !tab || !applied) return;
  // What the user asked for last, even if a query for it was still running (the new worker ends it).
  const wanted = askedState(tab);
  const previous = { source: session.source, compare: session.compare };
  Object.assign(session, next);
  try {
    await openAgain(key, wanted);
    // The table on screen was the old profile's: the view asks for the new one.
    update(key, { table: null, applied: wanted, queryError: '' });
  } catch (error) {
    if (isStopped(error)) return;
    Object.assign(session, previous);
    await reload(key, applied);
    update(key, { queryError: `Refresh failed: the new profile could not be read: ${messageOf(error)}` });
  }
}

/**
 * A comparison of two open tabs (or a tab and a file) in a tab of its own, titled base → target.
 * Its worker decodes both files again: each tab's worker keeps its own profile.
 */
export async function openComparison(base: ComparisonSide, target: ComparisonSide): Promise<number> {
  // The comparison starts where the target's tab was: its filters, search, zoom, order and sample type (by name).
  const from = target.tabKey !== undefined ? tabOf(target.tabKey) : undefined;
  const key = useStore.getState().addTab(`${base.name} → ${target.name}`, {
    ...comparisonTabPatch(base.name, target.name),
    ...(from && { filters: { ...from.filters, sampleTypeIndex: -1 }, search: from.search, zoom: from.zoom, order: from.order }),
  });
  const typeName = from?.summary?.sampleTypes[from.filters.sampleTypeIndex]?.type;
  if (typeName) preferredSampleType.set(key, typeName);
  const file = ({ name, source }: ComparisonSide) => ({ name, source });
  sessions.set(key, { engine: null, source: target.source, compare: { base: file(base), target: file(target) } });
  // Open tabs hand over copies of their decoded profiles, so nothing is decoded twice.
  const copyOf = async (side: ComparisonSide) => {
    const engine = side.tabKey !== undefined ? engineOf(side.tabKey) : null;
    // Without a copy the comparison's worker decodes the file itself.
    return engine ? engine.exportProfile().catch(() => undefined) : undefined;
  };
  const copies = await Promise.all([copyOf(base), copyOf(target)]);
  await loadTab(key, { base: copies[0], target: copies[1] });
  return key;
}

/** A side of a comparison: a file, and the open tab that shows it (if one does). */
export interface ComparisonSide {
  name: string;
  source: Blob;
  tabKey?: number;
}

/** The file a tab shows, for comparing it with another (null for a comparison tab). */
export function tabSource(key: number): ComparisonSide | null {
  const session = sessions.get(key);
  const tab = tabOf(key);
  return session && tab && !session.compare && !tab.comparison ? { name: tab.name, source: session.source, tabKey: key } : null;
}

/** Swap: the same two profiles, the other way round, in this tab. */
export async function swapComparison(key: number): Promise<void> {
  const session = sessions.get(key);
  const tab = tabOf(key);
  const engine = engineOf(key);
  if (!session || !tab?.comparison || !engine) return;
  if (session.compare) {
    const { base, target } = session.compare;
    session.compare = { base: target, target: base };
    session.source = base.source;
  }
  update(key, { busy: true, phase: 'swapping base and target' });
  try {
    // The worker holds both profiles: they change places without a decode, the sample type kept by name.
    const { summary, initial } = await engine.swap(compareArgs(tab, tab.filters, tab.search));
    const sampleTypeIndex = summary.sampleTypes.findIndex((t) => t.type === tab.summary?.sampleTypes[tab.filters.sampleTypeIndex]?.type);
    const filters = { ...tab.filters, sampleTypeIndex: sampleTypeIndex >= 0 ? sampleTypeIndex : summary.defaultSampleTypeIndex };
    update(key, {
      name: session.compare ? `${summary.baseName} → ${summary.targetName}` : tab.name,
      summary,
      filters,
      applied: { filters, filterHistory: tab.filterHistory, search: tab.search, order: tab.order },
      comparison: { baseName: summary.baseName, targetName: summary.targetName, warnings: summary.warnings },
      compared: initial,
      result: asQueryReply(initial),
      flame: initial.diff.flame,
      busy: false,
    });
  } catch (error) {
    failed(key, error);
  }
}

function compareArgs(tab: Tab, filters: Tab['filters'], search: string) {
  return { filters, order: tab.order, zoom: tab.zoom, widthPx: graphWidth(), search, width: tab.diffWidth };
}

/** A comparison reply as the views that show one result read it (total, search, the diff graph). */
function asQueryReply(compared: CompareReply): QueryReply {
  return {
    tree: compared.diff.tree,
    workerMs: compared.workerMs,
    total: compared.total,
    treeTotal: compared.total,
    nodeCount: 0,
    flame: compared.diff.flame,
    top: null,
    search: compared.search,
    ...(compared.searchError && { searchError: compared.searchError }),
  };
}

/** The sample type (by name) a new comparison should show, from the tab it was started from. */
const preferredSampleType = new Map<number, string>();

/** A comparison tab's first answer (two files, or one pprof diff file). */
function comparisonReady(key: number, summary: ComparisonSummary, initial: CompareReply, defaults: Tab['filters']): void {
  const preferred = preferredSampleType.get(key);
  preferredSampleType.delete(key);
  const preferredIndex = preferred === undefined ? -1 : summary.sampleTypes.findIndex((t) => t.type === preferred);
  update(key, (t) => {
    const filters = t.applied?.filters ?? defaults;
    return {
      status: 'ready',
      summary,
      progress: 1,
      filters,
      view: t.comparison ? t.view : 'diff',
      comparison: { baseName: summary.baseName, targetName: summary.targetName, warnings: summary.warnings },
      compared: initial,
      result: asQueryReply(initial),
      flame: initial.diff.flame,
      table: null,
      sandwich: null,
      applied: t.applied ?? { filters, filterHistory: t.filterHistory, search: t.search, order: t.order },
    };
  });
  if (preferredIndex >= 0 && preferredIndex !== tabOf(key)?.filters.sampleTypeIndex) setFilters(key, () => ({ sampleTypeIndex: preferredIndex }), false);
}

async function loadComparisonTab(key: number, tab: Tab, files: NonNullable<Session['compare']>, decoded: { base?: Profile; target?: Profile }): Promise<void> {
  const engine = attachEngine(key);
  update(key, { status: 'loading', progress: 0, phase: 'reading', error: '', stopped: '' });
  try {
    const filters = tab.applied?.filters ?? { ...NO_FILTERS, ...tab.filters, sampleTypeIndex: -1 };

    const base = { ...files.base, profile: decoded.base };
    const target = { ...files.target, profile: decoded.target };
    const { summary, initial } = await engine.openComparison(base, target, compareArgs(tab, filters, tab.applied?.search ?? tab.search), (fraction, phase) =>
      update(key, { progress: fraction, phase }),
    );
    comparisonReady(key, summary, initial, { ...filters, sampleTypeIndex: summary.defaultSampleTypeIndex });
  } catch (error) {
    if (isStopped(error)) return;
    engine.dispose();
    update(key, { status: 'error', error: messageOf(error) });
  } finally {
    replenishSpare(anyEngineBusy);
  }
}

/** Opens the tab's file in a fresh worker: the first open, and Retry after a stop. */
async function loadTab(key: number, decoded: { base?: Profile; target?: Profile } = {}): Promise<void> {
  const tab = tabOf(key);
  const session = sessions.get(key);
  if (!tab || !session) return;
  if (session.compare) return loadComparisonTab(key, tab, session.compare, decoded);
  const engine = attachEngine(key);
  update(key, { status: 'loading', progress: 0, phase: 'reading', error: '', stopped: '' });
  try {
    const opened = await engine.open(
      { name: tab.name, source: session.source, widthPx: graphWidth(), withTable: tableShown(tab), order: tab.order, filters: tab.applied?.filters, search: tab.applied?.search, zoom: tab.zoom },
      (fraction, phase) => update(key, { progress: fraction, phase }),
    );
    if (opened.kind === 'comparisonOpened') {
      comparisonReady(key, opened.summary, opened.initial, { ...NO_FILTERS, ...tab.filters, sampleTypeIndex: opened.summary.defaultSampleTypeIndex });
      return;
    }
    const { summary, initial, timings } = opened;
    window.__flamedeckOpenTimings = timings;
    update(key, (t) => {
      const filters = t.applied?.filters ?? { ...NO_FILTERS, ...t.filters, sampleTypeIndex: summary.defaultSampleTypeIndex };
      return {
        status: 'ready',
        summary,
        progress: 1,
        filters,
        result: initial,
        flame: initial.flame,
        table: initial.top,
        // A sandwich on screen names trees of the worker this one replaces.
        sandwich: null,
        applied: t.applied ?? { filters, filterHistory: t.filterHistory, search: t.search, order: t.order },
      };
    });
  } catch (error) {
    if (isStopped(error)) return; // onStopped has said what happened
    engine.dispose(); // it holds nothing worth keeping
    update(key, { status: 'error', error: messageOf(error) });
    closeOtherErrorTabs(key);
  } finally {
    replenishSpare(anyEngineBusy);
  }
}

/** Retry after an open (or a reload) was stopped. */
export function retryOpen(key: number): void {
  void loadTab(key);
}

/**
 * Loads the tab's bytes again in a fresh worker, in the state the shown graph was computed for:
 * the same file and query give the same graph, but the new worker has its own tree handles.
 * Throws what the open threw.
 */
async function openAgain(key: number, applied: AppliedState): Promise<void> {
  const tab = tabOf(key);
  const session = sessions.get(key);
  if (!tab || !session) return;
  const engine = attachEngine(key);
  update(key, { busy: true, phase: session.compare ? 'reloading the profiles' : 'reloading the profile' });
  try {
    if (session.compare) {
      const { base, target } = session.compare;
      const { summary, initial } = await engine.openComparison(base, target, { ...compareArgs(tab, applied.filters, applied.search), order: applied.order });
      update(key, { summary, compared: initial, result: asQueryReply(initial), flame: initial.diff.flame, busy: false });
      return;
    }
    const opened = await engine.open({
      name: tab.name,
      source: session.source,
      widthPx: graphWidth(),
      withTable: false,
      order: applied.order,
      filters: applied.filters,
      search: applied.search,
      zoom: tab.zoom,
    });
    if (opened.kind === 'comparisonOpened') {
      comparisonReady(key, opened.summary, opened.initial, applied.filters);
      update(key, { busy: false });
    } else update(key, { summary: opened.summary, result: opened.initial, flame: opened.initial.flame, sandwich: null, busy: false });
  } finally {
    replenishSpare(anyEngineBusy);
  }
}

/** Loads the profile again behind the graph on screen (after a stop); a failure is the tab's error. */
async function reload(key: number, applied: AppliedState): Promise<void> {
  try {
    await openAgain(key, applied);
  } catch (error) {
    if (isStopped(error)) return;
    update(key, { status: 'error', busy: false, error: messageOf(error) });
  }
}

/** Esc / Cancel: ends the tab's open or query by ending its worker (see onStopped). */
export function cancelRequest(key: number): void {
  const fetching = remoteFetches.get(key);
  if (fetching) fetching.abort();
  else sessions.get(key)?.engine?.stop('cancelled');
}

export function openFailed(name: string, message: string): void {
  update(tabForFile(name), { status: 'error', error: `${name}: ${message}` });
}

/** Ends a tab's failed attempts that were still loading when it was opened again: one error tab per file. */
function closeOtherErrorTabs(key: number): void {
  const failed = tabOf(key);
  if (!failed || failed.remote || failed.comparison) return;
  for (const t of useStore.getState().tabs) {
    if (t.key !== key && t.status === 'error' && t.name === failed.name && !t.remote && !t.comparison) closeProfile(t.key);
  }
}

/**
 * The tab a file opens in: the error tab of its last failed attempt if it has one, so failures
 * of one file do not pile up as tabs (one error tab per file), else a new tab.
 */
function tabForFile(name: string): number {
  const { tabs, addTab, holdActive, activeKey, activate } = useStore.getState();
  const failedBefore = tabs.find((t) => t.status === 'error' && t.name === name && !t.remote && !t.comparison);
  if (!failedBefore) return addTab(name);
  // As addTab does: the tab comes to the front unless a reload is restoring another one.
  if (!(holdActive && activeKey)) activate(failedBefore.key);
  return failedBefore.key;
}

/** Re-runs the tab's query (filters, sample type, search, order, sort) in the worker. */
export async function refresh(key: number): Promise<void> {
  const tab = tabOf(key);
  const engine = engineOf(key);
  if (!tab || tab.status !== 'ready' || !tab.summary || !engine) return;
  update(key, { busy: true, phase: 'updating' });
  if (tab.comparison) {
    try {
      const compared = await engine.compare(compareArgs(tab, tab.filters, tab.search));
      const applied = askedState(tab);
      update(key, { compared, result: asQueryReply(compared), flame: compared.diff.flame, busy: false, queryError: '', stopped: '', searchCursor: -1, applied });
    } catch (error) {
      queryFailed(key, error);
    }
    return;
  }
  try {
    const result = await engine.query({
      filters: tab.filters,
      order: tab.order,
      zoom: tab.zoom,
      widthPx: graphWidth(),
      search: tab.search,
      tableSort: tableShown(tab) ? workerTableSort(tab.tableSort) : null,
    });
    const applied = askedState(tab);
    update(key, { result, flame: result.flame, table: result.top, busy: false, queryError: '', stopped: '', searchCursor: -1, applied });
  } catch (error) {
    queryFailed(key, error);
  }
}

function tableShown(tab: Tab): boolean {
  return tab.view === 'table' || tab.tableBeside;
}

/** Fetches the table of the current result (in the chosen sort) from the worker. */
export async function loadTable(key: number): Promise<void> {
  const tab = tabOf(key);
  const engine = engineOf(key);
  if (!tab?.summary || !tab.result || !engine) return;
  const result = tab.result;
  try {
    const table = await engine.table(result.tree, workerTableSort(tab.tableSort));
    // A newer query may have replaced the result meanwhile; its table comes with it.
    if (tabOf(key)?.result === result) update(key, { table });
  } catch (error) {
    failed(key, error);
  }
}

/** Lays the graph out again at another zoom (no re-query). */
export async function zoomTo(key: number, target: ZoomTarget): Promise<void> {
  const tab = tabOf(key);
  const engine = engineOf(key);
  if (!tab?.summary || !tab.result || !engine) return;
  try {
    const flame = await engine.layout(tab.result.tree, target, graphWidth());
    // A path that is not in the graph stays asked for (a filter may bring it back); a node's path is known now.
    const zoom = 'path' in target ? target.path : layoutZoomPath(flame, tab.summary.functionNames);
    const compared = tab.compared;
    if (compared) {
      // Side by side zooms both sides to the same path of names; a side without it says so.
      const [base, other] = await Promise.all([engine.layout(compared.base.tree, { path: zoom }, graphWidth()), engine.layout(compared.target.tree, { path: zoom }, graphWidth())]);
      const next = { ...compared, diff: { ...compared.diff, flame }, base: { ...compared.base, flame: base }, target: { ...compared.target, flame: other } };
      if (tabOf(key)?.compared === compared) update(key, { flame, zoom, compared: next, result: { ...asQueryReply(next), search: tab.result.search } });
      return;
    }
    if (tabOf(key)?.result === tab.result) update(key, { flame, zoom });
  } catch (error) {
    failed(key, error);
  }
}

/** Zooms out one level (Esc, Backspace). */
export function zoomOut(key: number): void {
  const tab = tabOf(key);
  if (tab?.flame && tab.summary) void zoomTo(key, { path: layoutZoomPath(tab.flame, tab.summary.functionNames).slice(0, -1) });
}

/** Searches the current call tree (no re-query); the newest answer wins. */
const searchSerial = new Map<number, number>();
export async function search(key: number, text: string): Promise<void> {
  update(key, { search: text, searchCursor: -1 });
  const tab = tabOf(key);
  const engine = engineOf(key);
  if (!tab?.summary || !tab.result || !engine) return;
  const serial = (searchSerial.get(key) ?? 0) + 1;
  searchSerial.set(key, serial);
  try {
    const stats = await engine.search(tab.result.tree, text).catch((error: unknown) => {
      // A query replaced the tree meanwhile (and was sent the older text): search its tree, unless newer typing has.
      const now = tabOf(key)?.result;
      if (error instanceof EngineError && error.code === 'superseded' && searchSerial.get(key) === serial && now && now.tree !== tab.result!.tree) return engine.search(now.tree, text);
      throw error;
    });
    if (searchSerial.get(key) !== serial) return;
    update(key, (t) => ({ result: t.result && { ...t.result, search: stats, searchError: undefined }, applied: t.applied && { ...t.applied, search: text } }));
  } catch (error) {
    // An invalid regex: say so where the search is, and leave no stats of an earlier search standing.
    if (error instanceof EngineError && error.code === 'bad-input' && searchSerial.get(key) === serial) {
      update(key, (t) => ({ result: t.result && { ...t.result, search: null, searchError: error.message }, applied: t.applied && { ...t.applied, search: text } }));
      return;
    }
    failed(key, error);
  }
}

export function closeProfile(key: number): void {
  remoteFetches.get(key)?.abort();
  // Ending the tab's worker frees its profile.
  sessions.get(key)?.engine?.dispose();
  sessions.delete(key);
  useStore.getState().closeTab(key);
}

export function tagSummary(tab: Tab) {
  const engine = engineOf(tab.key);
  if (!tab.summary || !engine) return Promise.resolve([]);
  return facetedTags(tab.filters, (filters) => engine.tags(filters));
}

/** Changes filters, remembering the old ones so a refinement can be undone. */
export function setFilters(key: number, change: (tab: Tab) => Partial<Tab['filters']>, remember = true): void {
  update(key, (tab) => ({
    filters: { ...tab.filters, ...change(tab) },
    filterHistory: remember ? [...tab.filterHistory, tab.filters] : tab.filterHistory,
  }));
  void refresh(key);
}

export function undoFilters(key: number): void {
  const tab = tabOf(key);
  if (!tab || tab.filterHistory.length === 0) return;
  update(key, { filters: tab.filterHistory[tab.filterHistory.length - 1], filterHistory: tab.filterHistory.slice(0, -1) });
  void refresh(key);
}
