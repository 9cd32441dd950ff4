import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { deltaOrder, type DeltaColumn } from '../../shared/analysis/delta-order.js';
import { formatPercent, formatValue } from '../format.js';
import { unitOf, useStore, type Tab } from '../state/store.js';
import { signed } from './compare-views.js';

const changeClass = (delta: number) => (delta > 0 ? 'grew' : delta < 0 ? 'shrank' : '');

const COLUMNS: [DeltaColumn, string][] = [
  ['baseFlat', 'base flat'],
  ['baseCum', 'base cum'],
  ['targetFlat', 'target flat'],
  ['targetCum', 'target cum'],
  ['deltaFlat', 'Δ flat'],
  ['deltaCum', 'Δ cum'],
];

/**
 * Every function of either profile with both sides' flat and cum and their change, as pprof
 * -top -diff_base counts them (Δcum% is of pprof's total for a diff, the base's). Sortable on
 * every column, filtered by the search; a click highlights the function in the graphs.
 */
export function DeltaTable({ tab }: { tab: Tab }) {
  const parent = useRef<HTMLDivElement>(null);
  const update = useStore((s) => s.update);
  // pprof's order first (|Δ flat|, largest change either way); a header sorts by its column,
  // largest first (for a delta: grew most first), and a second click reverses it. The sort is the
  // tab's, so the CSV export writes the rows in this order.
  const sort = tab.deltaSort;
  const rows = tab.compared!.rows;
  const names = tab.summary!.functionNames;
  const unit = unitOf(tab);
  const total = tab.compared!.total;
  const matches = tab.search.trim() !== '' ? (tab.result?.search?.matches ?? null) : null;
  const order = useMemo(
    () => deltaOrder(rows, (r) => names[rows.func[r]], sort, matches ? (r) => matches[rows.func[r]] === 1 : undefined),
    [rows, sort, matches, names],
  );
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: order.length, getScrollElement: () => parent.current, estimateSize: () => 24, overscan: 20 });
  const choose = (column: DeltaColumn) => update(tab.key, { deltaSort: { column, descending: sort.column === column ? !sort.descending : column !== 'name' } });
  const mark = (column: DeltaColumn) => (sort.column === column ? (sort.descending ? ' ▾' : ' ▴') : '');
  const header = (column: DeltaColumn, label: string) => (
    <button
      key={column}
      className={`th num ${sort.column === column ? 'sorted' : ''}`}
      onClick={() => choose(column)}
      aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      data-testid={`delta-sort-${column}`}
    >
      {label}
      {mark(column)}
    </button>
  );
  return (
    <div className="delta-table" data-testid="delta-table">
      <div className="delta-header">
        {COLUMNS.map(([column, label]) => header(column, label))}
        <span className="th num">Δcum%</span>
        <button className={`th name ${sort.column === 'name' ? 'sorted' : ''}`} onClick={() => choose('name')}>
          name{mark('name')}
        </button>
        {matches && (
          <span className="muted delta-count" data-testid="delta-count">
            {order.length} of {rows.count}
          </span>
        )}
      </div>
      <div className="top-body" ref={parent}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = order[item.index];
            const func = rows.func[r];
            const deltaFlat = rows.targetFlat[r] - rows.baseFlat[r];
            const deltaCum = rows.targetCum[r] - rows.baseCum[r];
            const selected = tab.selectedFunc === func;
            return (
              <div
                key={item.key}
                className={`delta-row ${selected ? 'selected' : ''}`}
                data-testid="diff-row"
                data-name={names[func]}
                data-flat={deltaFlat}
                data-cum={deltaCum}
                data-base-flat={rows.baseFlat[r]}
                data-base-cum={rows.baseCum[r]}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => update(tab.key, { selectedFunc: selected ? -1 : func })}
                aria-selected={selected}
              >
                <span className="num">{formatValue(rows.baseFlat[r], unit)}</span>
                <span className="num">{formatValue(rows.baseCum[r], unit)}</span>
                <span className="num">{formatValue(rows.targetFlat[r], unit)}</span>
                <span className="num">{formatValue(rows.targetCum[r], unit)}</span>
                <span className={`num ${changeClass(deltaFlat)}`}>{signed(deltaFlat, unit)}</span>
                <span className={`num ${changeClass(deltaCum)}`}>{signed(deltaCum, unit)}</span>
                <span className={`num ${changeClass(deltaCum)}`}>
                  {deltaCum < 0 ? '−' : deltaCum > 0 ? '+' : ''}
                  {formatPercent(deltaCum, total)}
                </span>
                <span className="name" title={names[func]}>
                  {names[func]}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
