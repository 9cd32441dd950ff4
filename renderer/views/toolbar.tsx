import { useRef } from 'react';
import { openComparison, refresh, search as runSearch, swapComparison, tabSource, zoomTo } from '../state/actions.js';
import { openSandwich } from '../state/sandwich-actions.js';
import { unitOf, useStore, type Tab } from '../state/store.js';
import type { ViewKind } from '../state/url-state.js';
import { formatPercent, formatValue } from '../format.js';
import { setFilters } from '../state/actions.js';
import { ExportMenu } from './export-menu.js';

const VIEWS: [ViewKind, string][] = [
  ['flame', 'Flame'],
  ['icicle', 'Icicle'],
  ['table', 'Top table'],
  ['sandwich', 'Sandwich'],
];

const COMPARISON_VIEWS: [ViewKind, string][] = [
  ['diff', 'Diff flame'],
  ['icicle', 'Diff icicle'],
  ['sbs', 'Side by side'],
  ['table', 'Delta table'],
  ['sandwich', 'Sandwich'],
];

/** "Compare with…": another open profile or a file becomes the base, this tab the target. */
function CompareWith({ tab }: { tab: Tab }) {
  const tabs = useStore((s) => s.tabs);
  const fileInput = useRef<HTMLInputElement>(null);
  const others = tabs.filter((t) => t.key !== tab.key && t.status === 'ready' && !t.comparison);
  const target = tabSource(tab.key);
  if (!target) return null;
  return (
    <>
      <select
        data-testid="compare-with"
        value=""
        title="Compare with another profile: it becomes the base, this one the target"
        onChange={(e) => {
          const choice = e.target.value;
          if (choice === 'file') fileInput.current?.click();
          else {
            const base = tabSource(Number(choice));
            if (base) void openComparison(base, target);
          }
        }}
      >
        <option value="">Compare with…</option>
        {others.map((t) => (
          <option key={t.key} value={t.key}>
            base: {t.name}
          </option>
        ))}
        <option value="file">base: a file…</option>
      </select>
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="compare-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openComparison({ name: file.name, source: file }, target);
        }}
      />
    </>
  );
}

/** What the matched samples weigh: of the total, or in a comparison base → target, each of its own total. */
function matchedShare(tab: Tab, search: NonNullable<NonNullable<Tab['result']>['search']>, unit: string): string {
  const compared = tab.compared;
  if (compared && search.baseMatchedTotal !== undefined) {
    return `base ${formatValue(search.baseMatchedTotal, unit)} (${formatPercent(search.baseMatchedTotal, compared.baseTotal)}) → target ${formatValue(search.matchedTotal, unit)} (${formatPercent(search.matchedTotal, compared.targetTotal)})`;
  }
  return `${formatValue(search.matchedTotal, unit)}, ${formatPercent(search.matchedTotal, tab.result!.total)} of total`;
}

export function Toolbar({ tab, showTags, onToggleTags }: { tab: Tab; showTags: boolean; onToggleTags: () => void }) {
  const update = useStore((s) => s.update);
  const summary = tab.summary!;
  const unit = unitOf(tab);
  const search = tab.result?.search;
  const setView = (view: ViewKind) => update(tab.key, { view });
  return (
    <div className="toolbar" role="toolbar">
      <div className="segmented" role="tablist" aria-label="View">
        {(tab.comparison ? COMPARISON_VIEWS : VIEWS).map(([view, label]) => (
          <button key={view} role="tab" aria-selected={tab.view === view} data-testid={`view-${view}`} className={tab.view === view ? 'active' : ''} onClick={() => setView(view)}>
            {label}
          </button>
        ))}
      </div>
      {tab.comparison ? (
        <button onClick={() => void swapComparison(tab.key)} data-testid="swap" title="Make the target the base and the base the target">
          ⇄ Swap
        </button>
      ) : (
        <CompareWith tab={tab} />
      )}
      {!tab.comparison && (tab.view === 'flame' || tab.view === 'icicle') && (
        <label className="check">
          <input type="checkbox" checked={tab.tableBeside} onChange={(e) => update(tab.key, { tableBeside: e.target.checked })} data-testid="table-beside" />
          table beside
        </label>
      )}
      <label>
        <span className="label">Sample</span>
        <select
          data-testid="sample-type"
          value={tab.filters.sampleTypeIndex}
          onChange={(e) => setFilters(tab.key, () => ({ sampleTypeIndex: Number(e.target.value) }), false)}
        >
          {summary.sampleTypes.map((t, i) => (
            <option key={i} value={i}>
              {t.type} ({t.unit})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="label">Order</span>
        <select
          data-testid="order"
          value={tab.order}
          onChange={(e) => {
            update(tab.key, { order: e.target.value as Tab['order'] });
            void refresh(tab.key);
          }}
        >
          <option value="name">by name</option>
          <option value="weight">by weight</option>
        </select>
      </label>
      <div className="search">
        <input
          id="search"
          data-testid="search"
          type="search"
          placeholder="Search functions (/regex/)   /"
          value={tab.search}
          onChange={(e) => void runSearch(tab.key, e.target.value)}
          onKeyDown={(e) => {
            // Enter steps through the matches in the graph; in the table and sandwich views (or with
            // Ctrl/Cmd anywhere) it opens the sandwich of the one function that matches.
            const graph = tab.view === 'flame' || tab.view === 'icicle' || tab.view === 'diff' || tab.view === 'sbs';
            if (e.key === 'Enter' && search?.matchedFunctions === 1 && (!graph || e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              openSandwich(tab.key, summary.functionNames[search.firstMatchedFunc]);
            } else if (e.key === 'Enter' && search && search.matchNodes.length > 0 && graph) {
              e.preventDefault();
              const next = (tab.searchCursor + (e.shiftKey ? -1 : 1) + search.matchNodes.length) % search.matchNodes.length;
              update(tab.key, { searchCursor: next });
              void zoomTo(tab.key, { node: search.matchNodes[next] });
            }
          }}
        />
        {tab.result?.searchError && tab.search.trim() !== '' && (
          <span className="search-stats error-text" data-testid="search-error" role="alert" title={tab.result.searchError}>
            {tab.result.searchError}
          </span>
        )}
        {search && tab.search.trim() !== '' && (
          <span className="search-stats" data-testid="search-stats" data-query={search.query}>
            {search.matchedFunctions === 0
              ? 'no match'
              : `${matchedShare(tab, search, unit)}, ${search.matchedFunctions} function${search.matchedFunctions === 1 ? '' : 's'}`}
          </span>
        )}
        {search?.matchedFunctions === 1 && tab.search.trim() !== '' && (
          <button
            className="small"
            data-testid="search-sandwich"
            title="Every caller and callee of the matching function (Ctrl+Enter)"
            onClick={() => openSandwich(tab.key, summary.functionNames[search.firstMatchedFunc])}
          >
            ⇅ Sandwich {summary.functionNames[search.firstMatchedFunc]}
          </button>
        )}
      </div>
      <button className={showTags ? 'active' : ''} onClick={onToggleTags} data-testid="toggle-tags" aria-pressed={showTags}>
        Tags
      </button>
      <ExportMenu tab={tab} />
    </div>
  );
}
