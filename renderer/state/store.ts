import { PPROF_DELTA_SORT, type DeltaSort } from '../../shared/analysis/delta-order.js';
import { create } from 'zustand';
import { findSampleType, NO_FILTERS } from '../../shared/analysis/query.js';
import type { ChildOrder } from '../../shared/analysis/call-tree.js';
import type { DiffWidth } from '../../shared/analysis/diff-tree.js';
import type { CompareReply, FlameRects, ProfileFilters, ProfileSummary, QueryReply, SandwichReply, TopRows, ZoomPath } from '../worker/protocol.js';
import type { HashState, ViewKind } from './url-state.js';
import { DEFAULT_TABLE_SORT, type TopTableSort } from './table-sort.js';

/** One open profile: its view state and the latest results the worker sent for it. */
export interface Tab {
  key: number;
  name: string;
  /** 'stopped': the open was cancelled or took too long (the tab offers Retry). */
  status: 'loading' | 'ready' | 'error' | 'stopped';
  progress: number;
  phase: string;
  error: string;
  summary: ProfileSummary | null;
  view: ViewKind;
  tableBeside: boolean;
  filters: ProfileFilters;
  /** Earlier filters, for undoing refinements. */
  filterHistory: ProfileFilters[];
  search: string;
  order: ChildOrder;
  tableSort: TopTableSort;
  /** A comparison's delta table order (pprof's until a header is clicked). */
  deltaSort: DeltaSort;
  /** Where the graph is zoomed: function names from the root down ([] = all). */
  zoom: ZoomPath;
  /** The function the sandwich view shows ('' = none chosen yet). */
  sandwichFunc: string;
  /** The sandwich the worker cut for it, from the tree of `result`. */
  sandwich: SandwichReply | null;
  sandwichError: string;
  /** A sandwich request is out (Esc cancels it like a query). */
  sandwichBusy: boolean;
  /** A comparison tab: the two profiles' names (base → target); null for one profile. */
  comparison: { baseName: string; targetName: string; warnings: string[] } | null;
  /** The comparison's latest answer: the diff graph, both sides, the delta table. */
  compared: CompareReply | null;
  /** Diff colours: change in share of each total (normalized) or in raw value (absolute). */
  diffColor: 'normalized' | 'absolute';
  diffWidth: DiffWidth;
  colorBlind: boolean;
  /** Function highlighted from the table, or -1. */
  selectedFunc: number;
  /** Index into the search's matchNodes that Enter last stepped to. */
  searchCursor: number;
  result: QueryReply | null;
  flame: FlameRects | null;
  /** The top table of the current result, fetched when the table is on screen. */
  table: TopRows | null;
  /** Set while a query for this tab is running (or its profile reloads after a stop); Cancel ends it. */
  busy: boolean;
  queryError: string;
  /** Why the last request was stopped ("Stopped: … was cancelled."), until the next result. */
  stopped: string;
  /** The state the shown result was computed for: where a cancelled request goes back to. */
  applied: AppliedState | null;
  /** Where a remote tab's profile comes from (source URLs without credentials); null for files. */
  remote: RemoteOrigin | null;
  /** A remote fetch in flight (the first open or Refresh): bytes so far, and when a recording ends. */
  fetching: FetchState | null;
  /** What of a hand-edited hash could not be applied (an unknown sample type or view), until the next hash or dismissed. */
  hashNotice: string;
}

interface RemoteOrigin {
  source: string;
  /** A comparison of two remote profiles: the base's source (`source` is the target's). */
  baseSource?: string;
  /** Unix ms when the shown bytes were fetched. */
  fetchedAt?: number;
}

export interface FetchState {
  received: number;
  total?: number;
  /** Unix ms when the service's CPU recording ends (`seconds=`), for the countdown. */
  recordingEndsAt?: number;
}

export interface AppliedState {
  filters: ProfileFilters;
  filterHistory: ProfileFilters[];
  search: string;
  order: ChildOrder;
}

interface FlamedeckState {
  tabs: Tab[];
  activeKey: number;
  /** While set, a new tab opens behind the active one (the tab a reload restored stays in front). */
  holdActive: boolean;
  setHoldActive: (hold: boolean) => void;
  addTab: (name: string, patch?: Partial<Tab>) => number;
  update: (key: number, patch: Partial<Tab> | ((tab: Tab) => Partial<Tab>)) => void;
  closeTab: (key: number) => void;
  activate: (key: number) => void;
}

/**
 * The filters of the result on screen: while a newer query runs, `filters` already holds what was
 * asked for, and the graph, the table and their units are still those of `applied`.
 */
export function shownFilters(tab: Tab): ProfileFilters {
  return tab.applied?.filters ?? tab.filters;
}

/** The unit of the values on screen (the shown result's sample type). */
export function unitOf(tab: Tab): string {
  return tab.summary?.sampleTypes[shownFilters(tab).sampleTypeIndex]?.unit ?? '';
}

let nextKey = 1;

/** View and order a new tab starts with (the desktop app's settings). */
let tabDefaults: { view: ViewKind; order: ChildOrder } = { view: 'flame', order: 'name' };
export function setTabDefaults(defaults: { view: ViewKind; order: ChildOrder }): void {
  tabDefaults = defaults;
}

function newTab(name: string): Tab {
  return {
    key: nextKey++,
    name,
    status: 'loading',
    progress: 0,
    phase: 'reading',
    error: '',
    summary: null,
    view: tabDefaults.view,
    tableBeside: false,
    filters: { ...NO_FILTERS },
    filterHistory: [],
    search: '',
    order: tabDefaults.order,
    tableSort: DEFAULT_TABLE_SORT,
    deltaSort: PPROF_DELTA_SORT,
    zoom: [],
    sandwichFunc: '',
    sandwich: null,
    sandwichError: '',
    sandwichBusy: false,
    comparison: null,
    compared: null,
    diffColor: 'normalized',
    diffWidth: 'target',
    colorBlind: false,
    selectedFunc: -1,
    searchCursor: -1,
    result: null,
    flame: null,
    table: null,
    busy: false,
    queryError: '',
    stopped: '',
    applied: null,
    remote: null,
    fetching: null,
    hashNotice: '',
  };
}

export const useStore = create<FlamedeckState>((set) => ({
  tabs: [],
  activeKey: 0,
  holdActive: false,
  setHoldActive(hold) {
    set({ holdActive: hold });
  },
  addTab(name, patch) {
    const tab = { ...newTab(name), ...patch };
    set((state) => ({ tabs: [...state.tabs, tab], activeKey: state.holdActive && state.activeKey ? state.activeKey : tab.key }));
    return tab.key;
  },
  update(key, patch) {
    set((state) => ({
      tabs: state.tabs.map((tab) => (tab.key === key ? { ...tab, ...(typeof patch === 'function' ? patch(tab) : patch) } : tab)),
    }));
  },
  closeTab(key) {
    set((state) => {
      const index = state.tabs.findIndex((t) => t.key === key);
      const tabs = state.tabs.filter((t) => t.key !== key);
      const activeKey = state.activeKey === key ? (tabs[Math.min(index, tabs.length - 1)]?.key ?? 0) : state.activeKey;
      return { tabs, activeKey };
    });
  },
  activate(key) {
    set({ activeKey: key });
  },
}));

export function activeTab(): Tab | undefined {
  const { tabs, activeKey } = useStore.getState();
  return tabs.find((t) => t.key === activeKey);
}

/** The views a tab can show: a comparison has no plain flame graph, one profile no diff. */
function tabViews(tab: Pick<Tab, 'comparison'>): ViewKind[] {
  return tab.comparison ? ['diff', 'icicle', 'sbs', 'table', 'sandwich'] : ['flame', 'icicle', 'table', 'sandwich'];
}

/**
 * Applies hash state to a tab's view state (sample type by name or index). The hash is the state:
 * a filter, search or sandwich missing from it is cleared; view and sample type stay as they are.
 * A view or sample type the tab does not have is named in the tab's notice (`extraNotice` adds
 * what the caller could not apply).
 */
export function tabPatchFromHash(tab: Tab, hash: HashState, extraNotice = ''): Partial<Tab> {
  const patch: Partial<Tab> = { search: hash.q ?? '', sandwichFunc: hash.sw ?? '', zoom: hash.z ?? [] };
  const notices = extraNotice ? [extraNotice] : [];
  // An error belongs to the function it was for.
  if ((hash.sw ?? '') !== tab.sandwichFunc) patch.sandwichError = '';
  const views = tabViews(tab);
  if (hash.view !== undefined && (views as string[]).includes(hash.view)) patch.view = hash.view as ViewKind;
  else if (hash.view !== undefined) notices.push(`The link's view "${hash.view}" is not one of this tab's views (${views.join(', ')}): showing ${tab.view}.`);
  const filters = { ...tab.filters, tagFocus: hash.tf ?? [], tagIgnore: hash.ti ?? [], focus: hash.f ?? '', ignore: hash.i ?? '', hide: hash.h ?? '', show: hash.s ?? '' };
  if (hash.si !== undefined && tab.summary) {
    const types = tab.summary.sampleTypes;
    const index = findSampleType(types, hash.si);
    if (index >= 0) filters.sampleTypeIndex = index;
    else notices.push(`The link's sample type "${hash.si}" is not in this profile (${types.map((t) => t.type).join(', ')}): showing ${types[filters.sampleTypeIndex]?.type ?? 'the default'}.`);
  }
  patch.filters = filters;
  patch.hashNotice = notices.join(' ');
  return patch;
}
