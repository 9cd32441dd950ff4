import type { RemoteHost } from '../../host.js';
import type { Picks } from './pyroscope-browser.js';
import { sumSeries } from './pyroscope-pick.js';
import { pyroscopeRequest } from './pyroscope-server.js';
import { stepSecondsFor, type RangeMs } from './time-range.js';
import { Timeline, type TimelineBand, type TimelineLine } from './timeline.js';
import { useRemoteQuery } from './use-remote-query.js';

/**
 * The chosen type's totals over `view` (SelectSeries, ~100–300 points) for `selector`, and for
 * `baseSelector` as a second line when a comparison's baseline selects something else.
 */
export function SeriesTimeline({
  remote,
  picks,
  view,
  selector,
  baseSelector,
  bands,
  selected,
  onDrag,
}: {
  remote: RemoteHost;
  picks: Picks;
  view: RangeMs;
  selector: string;
  baseSelector?: string;
  bands: TimelineBand[];
  selected: RangeMs | null;
  onDrag: (range: RangeMs | null) => void;
}) {
  const request = (labelSelector: string) =>
    pyroscopeRequest(picks.server, { method: 'selectSeries', profileTypeId: picks.type, labelSelector, ...view, stepSeconds: stepSecondsFor(view), groupBy: [] });
  const target = useRemoteQuery(remote, picks.type ? request(selector) : null, { keepStale: true });
  const base = useRemoteQuery(remote, picks.type && baseSelector !== undefined && baseSelector !== selector ? request(baseSelector) : null, { keepStale: true });
  const lines: TimelineLine[] = [{ points: sumSeries(target.value ?? []), kind: 'target' }];
  if (base.value) lines.push({ points: sumSeries(base.value), kind: 'base' });
  const unit = picks.types.find((t) => t.id === picks.type)?.sampleUnit ?? picks.type.split(':')[2] ?? '';
  const error = target.error ?? base.error;
  return (
    <>
      <Timeline view={view} lines={lines} bands={bands} selected={selected} unit={unit} loading={target.loading || base.loading} onDrag={onDrag} />
      {error && (
        <p className="connect-error error-text" role="alert" data-testid="connect-error">
          {error}
        </p>
      )}
    </>
  );
}
