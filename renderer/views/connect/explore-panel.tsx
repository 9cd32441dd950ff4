import { useState } from 'react';
import type { RemoteHost } from '../../host.js';
import { formatPercent, formatValue } from '../../format.js';
import { closeConnectDialog } from '../../state/connect-store.js';
import { openRemoteSource } from '../../state/remote-actions.js';
import { DialogFooter } from './dialog-footer.js';
import { pyroscopeOpen } from './open-pyroscope.js';
import type { Picks } from './pyroscope-browser.js';
import { exploreRows, maxValue, selectorFor, seriesPath } from './pyroscope-pick.js';
import { pyroscopeRequest } from './pyroscope-server.js';
import { stepSecondsFor } from './time-range.js';
import { failureMessage, useRemoteQuery } from './use-remote-query.js';

const SPARK_W = 120;
const SPARK_H = 22;

/** Explore by label: the timeline grouped by one label, a row per value with its total; a click opens that value. */
export function ExplorePanel({ remote, picks, labelNames, error }: { remote: RemoteHost; picks: Picks; labelNames: string[]; error: string }) {
  const [picked, setLabel] = useState('');
  const [openError, setOpenError] = useState('');
  const label = labelNames.includes(picked) ? picked : (labelNames[0] ?? '');
  const range = picks.rangeMs;
  const selector = selectorFor(picks.service, picks.chips);
  const grouped = useRemoteQuery(
    remote,
    label && picks.type && range
      ? pyroscopeRequest(picks.server, { method: 'selectSeries', profileTypeId: picks.type, labelSelector: selector, ...range, stepSeconds: stepSecondsFor(range), groupBy: [label] })
      : null,
  );
  const rows = exploreRows(grouped.value ?? [], label);
  const sum = rows.reduce((s, r) => s + r.total, 0);
  const unit = picks.types.find((t) => t.id === picks.type)?.sampleUnit ?? '';

  const open = async (value: string) => {
    setOpenError('');
    try {
      const valueSelector = selectorFor(picks.service, [...picks.chips, { name: label, op: '=', value }]);
      await openRemoteSource(pyroscopeOpen(picks.server, picks.type, valueSelector, picks.range, `${label}=${value}`));
      closeConnectDialog();
    } catch (e) {
      setOpenError(failureMessage(e));
    }
  };

  return (
    <>
      <div className="connect-body">
        <div className="connect-row">
          <label className="connect-field inline">
            <span>Group by</span>
            <select data-testid="explore-label" value={label} disabled={labelNames.length === 0} onChange={(e) => setLabel(e.target.value)}>
              {labelNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          {grouped.loading && <span className="busy-bar" aria-label="Loading" />}
        </div>
        {labelNames.length === 0 && <p className="muted">This service has no labels to group by in this range.</p>}
        {grouped.value && rows.length === 0 && <p className="muted">No data for this selection in this range.</p>}
        {rows.length > 0 && range && (
          <div className="explore-rows" role="list" data-testid="explore-rows" data-label={label}>
            {rows.map((row) => (
              <button
                type="button"
                role="listitem"
                key={row.value}
                className="explore-row"
                data-testid="explore-row"
                data-value={row.value}
                data-total={row.total}
                title={`Open ${label}="${row.value}"`}
                onClick={() => void open(row.value)}
              >
                <span className="explore-value">{row.value === '' ? '(none)' : row.value}</span>
                <svg className="sparkline" width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} aria-hidden="true">
                  <path d={seriesPath(row.points, SPARK_W, SPARK_H - 2, range, { max: maxValue(row.points) * 1.15 })} transform="translate(0,1)" />
                </svg>
                <span className="num">{formatValue(row.total, unit)}</span>
                <span className="num muted">{formatPercent(row.total, sum)}</span>
              </button>
            ))}
          </div>
        )}
      </div>
      <DialogFooter error={error || grouped.error || openError} summary={label ? `${selector} grouped by ${label}: click a row to open it` : 'Pick a label to group by.'} />
    </>
  );
}
