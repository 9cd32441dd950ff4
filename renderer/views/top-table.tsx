import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { formatPercent, formatValue } from '../format.js';
import { loadTable } from '../state/actions.js';
import { openSandwich } from '../state/sandwich-actions.js';
import { useStore, type Tab } from '../state/store.js';
import type { TableSortKey } from '../worker/protocol.js';

/**
 * pprof's -top as a virtualized table: flat, flat%, sum%, cum, cum%, name; sortable. A click
 * selects a row (or, with `onPick`, picks its function); a double-click or the row's button
 * opens the function's sandwich.
 */
export function TopTable({ tab, onPick }: { tab: Tab; onPick?: (name: string) => void }) {
  const parent = useRef<HTMLDivElement>(null);
  const top = tab.table;
  useEffect(() => {
    if (!tab.table && tab.result) void loadTable(tab.key);
  }, [tab.table, tab.result, tab.key]);
  const summary = tab.summary!;
  const unit = summary.sampleTypes[tab.filters.sampleTypeIndex]?.unit ?? '';
  const total = tab.result?.total ?? 0;
  const rows = top?.count ?? 0;
  // TanStack Virtual returns a mutable object the React Compiler cannot memoize; nothing here memoizes it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => parent.current, estimateSize: () => 24, overscan: 20 });
  const update = useStore((s) => s.update);

  // sum% runs down the table in its current order, as pprof's does.
  const running = new Float64Array(rows);
  if (top) for (let i = 0, sum = 0; i < rows; i++) running[i] = sum += top.flat[i];

  const sortBy = (key: TableSortKey) => {
    update(tab.key, { tableSort: key, table: null });
  };
  const header = (key: TableSortKey, label: string, className: string) => (
    <button className={`th ${className} ${tab.tableSort === key ? 'sorted' : ''}`} onClick={() => sortBy(key)} aria-sort={tab.tableSort === key ? 'descending' : 'none'}>
      {label}
      {tab.tableSort === key ? ' ▾' : ''}
    </button>
  );
  return (
    <div className="top-table" data-testid="top-table">
      <div className="top-header">
        {header('flat', 'flat', 'num')}
        <span className="th num">flat%</span>
        <span className="th num">sum%</span>
        {header('cum', 'cum', 'num')}
        <span className="th num">cum%</span>
        {header('name', 'name', 'name')}
        <span />
      </div>
      <div className="top-body" ref={parent}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {top &&
            virtualizer.getVirtualItems().map((item) => {
              const row = item.index;
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
                  <span className="num">{formatValue(top.flat[row], unit)}</span>
                  <span className="num">{formatPercent(top.flat[row], total)}</span>
                  <span className="num">{formatPercent(running[row], total)}</span>
                  <span className="num">{formatValue(top.cum[row], unit)}</span>
                  <span className="num">{formatPercent(top.cum[row], total)}</span>
                  <span className="name" title={summary.functionFiles[func]}>
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
