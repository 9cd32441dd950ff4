/**
 * The location hash and the tabs, kept in step both ways (DESIGN.md section 6). The hash describes
 * the active tab: `src` names a remote tab, `tab` any other by its name. A changed hash is applied
 * to the tab it names (activating it); the hash a page was loaded with waits for the tab it
 * describes, which then gets its state and is made active, so a reload restores the tab that was
 * active. Closing the last tab clears the hash.
 */
import { refresh, zoomTo } from './actions.js';
import { openRemoteComparison, openRemoteSource, type RemoteOpen } from './remote-actions.js';
import { tabOf, update } from './sessions.js';
import { activeTab, tabPatchFromHash, useStore, type Tab } from './store.js';
import { formatHash, parseHash, type HashState } from './url-state.js';
import { sourceCredentials, storedSource } from '../../shared/remote/source-url.js';

/** A hash waiting for its tab to be ready. */
interface PendingHash {
  matches: (tab: Tab) => boolean;
  state: HashState;
  /** The hash on load: its tab is made active when ready (a hash changed later leaves the user's tab alone). */
  restore: boolean;
}

/** The tab showing a source (with `base`, the remote comparison of base and source). */
const showsSources = (source: string, base?: string) => (tab: Tab) => tab.remote?.source === source && tab.remote.baseSource === base;
/** A tab the hash names by `tab` (remote tabs are named by `src`). */
const namedTab = (name: string) => (tab: Tab) => tab.name === name && !tab.remote;

/** The tabs a hash describes: by source, by name, or (a hand-written hash naming none) the first profile ready. */
function describedBy(state: HashState): (tab: Tab) => boolean {
  if (state.src) return showsSources(storedSource(state.src), state.base === undefined ? undefined : storedSource(state.base));
  if (state.tab !== undefined) return namedTab(state.tab);
  return () => true;
}

function loadPending(): PendingHash | null {
  const hash = globalThis.location?.hash ?? '';
  if (hash.replace(/^#/, '') === '') return null;
  const state = parseHash(hash);
  return { matches: describedBy(state), state, restore: true };
}

let pending: PendingHash | null = loadPending();
/** Until the files named at start are open, the hash on load is not overwritten by another tab's. */
let starting = true;
let hadTabs = false;

/** Applies hash state to a ready tab and re-queries (a zoom alone needs only a layout). */
function applyTo(key: number, state: HashState, extraNotice = ''): void {
  const tab = tabOf(key);
  if (!tab || tab.status !== 'ready') return;
  const patch = tabPatchFromHash(tab, state, extraNotice);
  const changed = JSON.stringify({ f: tab.filters, s: tab.search }) !== JSON.stringify({ f: patch.filters, s: patch.search ?? tab.search });
  const zoomChanged = patch.zoom !== undefined && patch.zoom.join('\n') !== tab.zoom.join('\n');
  update(key, patch);
  if (changed) void refresh(key);
  else if (zoomChanged) void zoomTo(key, { path: patch.zoom! });
}

/** Applies now if the tab is ready, else once it is. */
function applyOrWait(key: number, state: HashState, extraNotice = ''): void {
  if (tabOf(key)?.status === 'ready') applyTo(key, state, extraNotice);
  else pending = { matches: (t) => t.key === key, state, restore: false };
}

/** A source from a hand-written hash: its user:password go with the fetch, never into the tab's source. */
function hashOpen(src: string): RemoteOpen {
  const credentials = sourceCredentials(src, {})?.credentials;
  return { source: storedSource(src), ...(credentials && { credentials }) };
}

/**
 * A hash naming a remote source (`src`, and `base` for a remote comparison): the tab that shows
 * it, or else a new tab fetching it.
 */
function showSource(src: string, state: HashState, restore: boolean): void {
  const target = hashOpen(src);
  const base = state.base === undefined ? undefined : hashOpen(state.base);
  const showing = useStore.getState().tabs.find(showsSources(target.source, base?.source));
  if (showing) {
    useStore.getState().activate(showing.key);
    applyOrWait(showing.key, state);
    return;
  }
  void (base ? openRemoteComparison(base, target) : openRemoteSource(target)).then((key) => (pending = { matches: (t) => t.key === key, state, restore }));
}

/** A changed hash: the tab it names becomes active and gets its state (no name: the active tab). */
export function onHashChange(): void {
  const state = parseHash(location.hash);
  if (state.src) return showSource(state.src, state, false);
  const { tabs, activeKey, activate } = useStore.getState();
  const active = tabs.find((t) => t.key === activeKey);
  if (state.tab === undefined || !active) {
    if (active) applyOrWait(active.key, state);
    return;
  }
  const isNamed = namedTab(state.tab);
  const named = active && isNamed(active) ? active : tabs.find(isNamed);
  if (named) {
    activate(named.key);
    applyOrWait(named.key, state);
  } else applyOrWait(active.key, state, `No open tab is named "${state.tab}": the link's state is shown on this one.`);
}

/** The tabs changed: a hash waiting for its tab gets it once ready; no tabs left, no hash. */
export function syncTabs(tabs: Tab[]): void {
  if (hadTabs && tabs.length === 0) {
    pending = null;
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  hadTabs = tabs.length > 0;
  const waiting = pending;
  const ready = waiting && tabs.find((t) => t.status === 'ready' && waiting.matches(t));
  if (!waiting || !ready) return;
  pending = null;
  if (waiting.restore) {
    useStore.getState().activate(ready.key);
    // The rest of the files named at start open behind it.
    if (starting) useStore.getState().setHoldActive(true);
  }
  applyTo(ready.key, waiting.state);
}

/**
 * The files named at start are open (their tabs exist). A hash on load naming a source no tab
 * shows opens it now; one naming a file that did not come back (web mode reopens only the files
 * named at start) says so, and still waits for that file to be opened again.
 */
export function startOpened(): void {
  starting = false;
  useStore.getState().setHoldActive(false);
  const waiting = pending;
  if (!waiting?.restore) return;
  const { tabs } = useStore.getState();
  if (tabs.some(waiting.matches)) return;
  if (waiting.state.src) return showSource(waiting.state.src, waiting.state, true);
  const active = activeTab();
  if (active && waiting.state.tab !== undefined) update(active.key, { hashNotice: `The link was for "${waiting.state.tab}", which is not open: open it again to see that state.` });
}

/** Writes the active tab's state to the hash as the user acts. */
export function writeHash(tab: Tab | undefined): void {
  if (!tab || tab.status !== 'ready' || !tab.summary) return;
  // A newer state of the tab is in the store: its render writes that one.
  if (tabOf(tab.key) !== tab) return;
  if (starting && pending?.restore && !pending.matches(tab)) return;
  const hash = formatHash({
    view: tab.view,
    sampleTypeName: tab.summary.sampleTypes[tab.filters.sampleTypeIndex]?.type ?? '',
    search: tab.search,
    filters: tab.filters,
    sandwichFunc: tab.sandwichFunc,
    zoom: tab.zoom,
    source: tab.remote?.source,
    baseSource: tab.remote?.baseSource,
    tabName: tab.remote ? undefined : tab.name,
  });
  if (hash === location.hash) return;
  // Walking from one function's sandwich to another is a step Back can undo; the rest of the
  // state replaces the entry it is in.
  const walked = tab.sandwichFunc !== '' && tab.sandwichFunc !== (parseHash(location.hash).sw ?? '');
  if (walked) history.pushState(null, '', hash);
  else history.replaceState(null, '', hash);
}
