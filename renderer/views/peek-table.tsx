import { formatPercent, formatValue } from '../format.js';
import { openSandwich } from '../state/actions.js';
import type { Tab } from '../state/store.js';
import type { PeekRows, SandwichReply } from '../worker/protocol.js';
import { unitOf } from './graph-wiring.js';

/**
 * pprof -peek's rows for the sandwiched function: its direct callers, itself, its direct callees,
 * each edge's weight and its share of the function's cum (pprof's calls%). A row walks the
 * sandwich to that function.
 */
export function PeekTable({ tab, sandwich }: { tab: Tab; sandwich: SandwichReply }) {
  const unit = unitOf(tab);
  const names = tab.summary!.functionNames;
  const total = tab.result?.total ?? 0;
  const rows = (kind: 'caller' | 'callee', edges: PeekRows) =>
    Array.from(edges.func, (func, i) => (
      <tr
        key={`${kind}-${func}`}
        className={`peek-row ${kind}`}
        data-testid="peek-row"
        data-kind={kind}
        data-name={names[func]}
        data-value={edges.value[i]}
        onClick={() => openSandwich(tab.key, names[func])}
        title={`Sandwich ${names[func]}`}
      >
        <td className="num">{formatValue(edges.value[i], unit)}</td>
        <td className="num">{formatPercent(edges.value[i], sandwich.cum)}</td>
        <td className="peek-name">
          <span className="peek-arrow">{kind === 'caller' ? '↑' : '↓'}</span> {names[func]}
        </td>
      </tr>
    ));
  return (
    <aside className="peek-table" data-testid="peek-table" aria-label="Direct callers and callees (pprof -peek)">
      <table>
        <thead>
          <tr>
            <th className="num">calls</th>
            <th className="num">calls%</th>
            <th>callers ↑ · function · callees ↓</th>
          </tr>
        </thead>
        <tbody>
          {sandwich.directCallers.func.length === 0 && (
            <tr className="peek-none">
              <td colSpan={3} className="muted">
                no callers (a root frame)
              </td>
            </tr>
          )}
          {rows('caller', sandwich.directCallers)}
          <tr className="peek-self" data-testid="peek-self" data-flat={sandwich.flat} data-cum={sandwich.cum}>
            <td className="num">{formatValue(sandwich.cum, unit)}</td>
            <td className="num">{formatPercent(sandwich.cum, total)}</td>
            <td className="peek-name">
              <strong>{sandwich.name}</strong> <span className="muted">flat {formatValue(sandwich.flat, unit)}</span>
            </td>
          </tr>
          {rows('callee', sandwich.directCallees)}
          {sandwich.directCallees.func.length === 0 && (
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
