import { useState } from 'react';
import { formatPercent, formatValue } from '../format.js';
import { openSandwich } from '../state/sandwich-actions.js';
import { unitOf, type Tab } from '../state/store.js';
import type { PeekRows, SandwichReply } from '../worker/protocol.js';

/**
 * pprof -peek's rows for the sandwiched function: its direct callers, itself, its direct callees,
 * each edge's weight and its share of the function's cum (pprof's calls%). A row walks the
 * sandwich to that function. A function called from thousands of places (an unsymbolized libc
 * frame, say) lists the heaviest rows first and the rest on request: thousands of table rows
 * would cost the UI thread more than the whole sandwich cost the worker.
 */
const FIRST_ROWS = 100;

export function PeekTable({ tab, sandwich }: { tab: Tab; sandwich: SandwichReply }) {
  const unit = unitOf(tab);
  const names = tab.summary!.functionNames;
  const total = tab.result?.total ?? 0;
  const [showAll, setShowAll] = useState<{ name: string; caller: boolean; callee: boolean }>({ name: '', caller: false, callee: false });
  const all = (kind: 'caller' | 'callee') => showAll.name === sandwich.name && showAll[kind];
  const rows = (kind: 'caller' | 'callee', edges: PeekRows) =>
    Array.from(all(kind) ? edges.func : edges.func.subarray(0, FIRST_ROWS), (func, i) => (
      <tr
        key={`${kind}-${func}`}
        className={`peek-row ${kind}`}
        data-testid="peek-row"
        data-kind={kind}
        data-name={names[func]}
        data-value={edges.value[i]}
        data-base-value={edges.baseValue?.[i]}
        onClick={() => openSandwich(tab.key, names[func])}
        title={`Sandwich ${names[func]}`}
      >
        {edges.baseValue ? (
          <td className="num" colSpan={2}>
            {formatValue(edges.baseValue[i], unit)} → {formatValue(edges.value[i], unit)}
          </td>
        ) : (
          <>
            <td className="num">{formatValue(edges.value[i], unit)}</td>
            <td className="num">{formatPercent(edges.value[i], sandwich.cum)}</td>
          </>
        )}
        <td className="peek-name">
          <span className="peek-arrow">{kind === 'caller' ? '↑' : '↓'}</span> {names[func]}
        </td>
      </tr>
    ));
  const more = (kind: 'caller' | 'callee', edges: PeekRows) =>
    edges.func.length > FIRST_ROWS &&
    !all(kind) && (
      <tr className="peek-more">
        <td colSpan={3}>
          <button className="small" data-testid={`peek-more-${kind}`} onClick={() => setShowAll({ ...(showAll.name === sandwich.name ? showAll : { caller: false, callee: false }), name: sandwich.name, [kind]: true })}>
            Show all {edges.func.length.toLocaleString()} {kind === 'caller' ? 'callers' : 'callees'}
          </button>
        </td>
      </tr>
    );
  return (
    <aside className="peek-table" data-testid="peek-table" aria-label="Direct callers and callees (pprof -peek)">
      <table>
        <colgroup>
          <col className="peek-figure" />
          <col className="peek-figure" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th className="num">calls</th>
            <th className="num">calls%</th>
            <th className="peek-name-head">callers ↑ · function · callees ↓</th>
          </tr>
        </thead>
        <tbody>
          {sandwich.directCallers.func.length === 0 && sandwich.cum !== 0 && (
            <tr className="peek-none">
              <td colSpan={3} className="muted">
                no callers (a root frame)
              </td>
            </tr>
          )}
          {rows('caller', sandwich.directCallers)}
          {more('caller', sandwich.directCallers)}
          <tr className="peek-self" data-testid="peek-self" data-flat={sandwich.flat} data-cum={sandwich.cum}>
            <td className="num">{formatValue(sandwich.cum, unit)}</td>
            <td className="num">{formatPercent(sandwich.cum, total)}</td>
            <td className="peek-name peek-self-name">
              <strong>{sandwich.name}</strong> <span className="muted">flat {formatValue(sandwich.flat, unit)}</span>
            </td>
          </tr>
          {rows('callee', sandwich.directCallees)}
          {more('callee', sandwich.directCallees)}
          {sandwich.directCallees.func.length === 0 && sandwich.cum !== 0 && (
            <tr className="peek-none">
              <td colSpan={3} className="muted">
                no callees (all its time is its own)
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </aside>
  );
}
