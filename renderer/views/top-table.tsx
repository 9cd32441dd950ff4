import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { exactValue, formatPercent, formatValue } from '../format.js';
import { loadTable } from '../state/actions.js';
import { openSandwich } from '../state/sandwich-actions.js';
import { unitOf, useStore, type Tab } from '../state/store.js';
import { nextTableSort, type TopColumn } from '../state/table-sort.js';
import type { TopRows } from '../worker/protocol.js';

const COLUMNS: [TopColumn, string, string][] = [
  ['flat', 'flat', 'num'],
  ['flatShare', 'flat%', 'num share'],
  ['sumShare', 'sum%', 'num sum-share'],
  ['cum', 'cum', 'num'],
  ['cumShare', 'cum%', 'num share'],
  ['name', 'name', 'name'],
];

const HEADER_TITLES: Partial<Record<TopColumn, string>> = {
  sumShare: 'sum% is the running total of flat down the table: it sorts as flat does',
};

/**
 * The rows the search leaves, by the worker's own per-function matches (so a row matches exactly
 * when its frames are highlighted in the graph); null when there is no search to filter by.
 */
function rowsMatching(top: TopRows | null, matches: Uint8Array | null): Int32Array | null {
  if (!top || !matches) return null;
  const shown = new Int32Array(top.count);
  let n = 0;
  for (let row = 0; row < top.count; row++) if (matches[top.func[row]] === 1) shown[n++] = row;
  return shown.slice(0, n);
}

/**
 * pprof's -top as a virtualized table: flat, flat%, sum%, cum, cum%, name; every column sorts
 * both ways, and a search shows only the functions it matches. A click selects a row (or, with
 * `onPick`, picks its function); a double-click or the row's button opens the function's sandwich.
 */
export function TopTable({ tab, onPick }: { tab: Tab; onPick?: (name: string) => void }) {
  const parent = useRef<HTMLDivElement>(null);
  const top = tab.table;
  useEffect(() => {
    if (!tab.table && tab.result) void loadTable(tab.key);
  }, [tab.table, tab.result, tab.key]);
  const summary = tab.summary!;
  const unit = unitOf(tab);
  const total = tab.result?.total ?? 0;
  const searched = tab.search.trim() !== '' ? (tab.result?.search ?? null) : null;
  const shown = useMemo(() => rowsMatching(top, searched?.matches ?? null), [top, searched]);
  const rows = shown ? shown.length : (top?.count ?? 0);
  // TanStack Virtual returns a mutable object the React Compiler cannot memoize; nothing here memoizes it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => parent.current, estimateSize: () => 24, overscan: 20 });
  const update = useStore((s) => s.update);

  // sum% runs down the table in its current order, as pprof's does (-top, -top -cum); in name order it would add up nothing a reader asks about, so it is left blank.
  const running = new Float64Array(rows);
  const rowOf = (i: number) => (shown ? shown[i] : i);
  if (top) for (let i = 0, sum = 0; i < rows; i++) running[i] = sum += top.flat[rowOf(i)];

  // The exact value and its share: a narrow table hides the share columns.
  const valueTitle = (value: number) => `${exactValue(value, unit) ?? formatValue(value, unit)} (${formatPercent(value, total)} of the total)`;
  const sort = tab.tableSort;
  const sortBy = (column: TopColumn) => {
    update(tab.key, { tableSort: nextTableSort(sort, column), table: null });
  };
  return (
    <div className="top-table" data-testid="top-table">
      {shown && top && (
        <div className="table-matches" data-testid="table-matches" role="status">
          {shown.length} of {top.count} functions match
        </div>
      )}
      <div className="top-body" ref={parent}>
        <div className="top-header">
          {COLUMNS.map(([column, label, className]) => {
            const sorted = sort.column === column;
            return (
              <button
                key={column}
                className={`th ${className} ${sorted ? 'sorted' : ''}`}
                onClick={() => sortBy(column)}
                aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                data-column={column}
                title={HEADER_TITLES[column]}
              >
                {label}
                {sorted && <span aria-hidden="true">{sort.descending ? ' ▾' : ' ▴'}</span>}
              </button>
            );
          })}
          <span />
        </div>
        <div className="top-rows" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {top &&
            virtualizer.getVirtualItems().map((item) => {
              const row = rowOf(item.index);
              const func = top.func[row];
              const selected = tab.selectedFunc === func;
              return (
                <div
                  key={item.key}
                  className={`top-row ${selected ? 'selected' : ''}`}
                  data-testid="top-row"
                  data-name={summary.functionNames[func]}
                  data-flat={top.flat[row]}
                  data-cum={top.cum[row]}
                  style={{ transform: `translateY(${item.start}px)` }}
                  onClick={() => (onPick ? onPick(summary.functionNames[func]) : update(tab.key, { selectedFunc: selected ? -1 : func }))}
                  onDoubleClick={() => openSandwich(tab.key, summary.functionNames[func])}
                  aria-selected={selected}
                >
                  <span className="num" title={valueTitle(top.flat[row])}>
                    {formatValue(top.flat[row], unit)}
                  </span>
                  <span className="num share">{formatPercent(top.flat[row], total)}</span>
                  <span className="num sum-share">{sort.column === 'name' ? '–' : formatPercent(running[item.index], total)}</span>
                  <span className="num" title={valueTitle(top.cum[row])}>
                    {formatValue(top.cum[row], unit)}
                  </span>
                  <span className="num share">{formatPercent(top.cum[row], total)}</span>
                  <span className="name" title={summary.functionFiles[func] ? `${summary.functionNames[func]}\n${summary.functionFiles[func]}` : summary.functionNames[func]}>
                    {summary.functionNames[func]}
                  </span>
                  <button
                    className="small row-sandwich"
                    data-testid="row-sandwich"
                    title="Sandwich: every caller and callee of this function"
                    aria-label={`Sandwich ${summary.functionNames[func]}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      openSandwich(tab.key, summary.functionNames[func]);
                    }}
                  >
                    ⇅
                  </button>
                </div>
              );
            })}
        </div>
      </div>
    </div>
  );
}
