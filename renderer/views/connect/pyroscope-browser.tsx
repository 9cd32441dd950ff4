import { useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { ProfileType } from '../../../shared/remote/remote-api.js';
import type { LabelMatcher } from '../../../shared/remote/pyroscope-selector.js';
import { closeConnectDialog } from '../../state/connect-store.js';
import { ComparePanel } from './compare-panel.js';
import { DialogFooter } from './dialog-footer.js';
import { ExplorePanel } from './explore-panel.js';
import { LabelChips } from './label-chips.js';
import { pyroscopeOpen } from './open-pyroscope.js';
import { openRemoteSource } from '../../state/remote-actions.js';
import { chipLabelNames, defaultType, selectorFor, servicesAndTypes, SERVICE_LABEL, TYPE_LABEL, typeLabel } from './pyroscope-pick.js';
import { type PyroscopeServer, pyroscopeRequest } from './pyroscope-server.js';
import { RangePicker } from './range-picker.js';
import { SeriesTimeline } from './series-timeline.js';
import { absoluteRange, RANGE_PRESETS, resolveRange, type RangeMs, type RangeText } from './time-range.js';
import { failureMessage, useRemoteQuery } from './use-remote-query.js';

type Task = 'profile' | 'compare' | 'explore';

const TASKS: [Task, string][] = [
  ['profile', 'Profile'],
  ['compare', 'Compare ranges'],
  ['explore', 'Explore by label'],
];

/** What the pickers have chosen, shared by the three tasks (switching task keeps it). */
export interface Picks {
  server: PyroscopeServer;
  types: ProfileType[];
  service: string;
  type: string;
  chips: LabelMatcher[];
  /** The range to open (the timeline's view, or the part of it dragged out). */
  range: RangeText;
  rangeMs: RangeMs | null;
  /** The clock relative ranges resolve against, pinned so `now-1h` means one range while the dialog is open. */
  nowMs: number;
}

function tryResolve(range: RangeText, nowMs: number): { ms: RangeMs | null; error: string } {
  try {
    return { ms: resolveRange(range, nowMs), error: '' };
  } catch (e) {
    return { ms: null, error: failureMessage(e) };
  }
}

/** After a successful test: service, type, labels and range; then a profile, a comparison or a label's values. */
export function PyroscopeBrowser({ remote, server, types }: { remote: RemoteHost; server: PyroscopeServer; types: ProfileType[] }) {
  const [task, setTask] = useState<Task>('profile');
  const [nowMs, setNowMs] = useState(() => Date.now());
  // The timeline shows `view`; a drag selects part of it (`selection`), which is what opens.
  const [view, setView] = useState<RangeText>(RANGE_PRESETS[1].range);
  const [selection, setSelection] = useState<RangeText | null>(null);
  const [pickedService, setService] = useState('');
  const [pickedType, setType] = useState('');
  const [chips, setChips] = useState<LabelMatcher[]>([]);
  const [openError, setOpenError] = useState('');
  const [opening, setOpening] = useState(false);

  const viewMs = tryResolve(view, nowMs);
  const range = selection ?? view;
  const rangeMs = selection ? tryResolve(selection, nowMs) : viewMs;

  // Services and their types over the view, from Series over service_name × __profile_type__.
  const series = useRemoteQuery(
    remote,
    viewMs.ms ? pyroscopeRequest(server, { method: 'series', ...viewMs.ms, matchers: [], labelNames: [SERVICE_LABEL, TYPE_LABEL] }) : null,
    { keepStale: true },
  );
  const services = servicesAndTypes(series.value ?? []);
  const service = services.has(pickedService) ? pickedService : ([...services.keys()][0] ?? '');
  const serviceTypes = services.get(service) ?? [];
  const type = serviceTypes.includes(pickedType) ? pickedType : defaultType(serviceTypes);
  const scope = selectorFor(service, type ? [{ name: TYPE_LABEL, op: '=', value: type }] : []);

  const names = useRemoteQuery(remote, viewMs.ms && service ? pyroscopeRequest(server, { method: 'labelNames', ...viewMs.ms, matchers: [scope] }) : null, { keepStale: true });
  const labelNames = chipLabelNames(names.value ?? []);

  const picks: Picks = { server, types, service, type, chips, range, rangeMs: rangeMs.ms, nowMs };
  const ready = service !== '' && type !== '' && rangeMs.ms !== null;

  const setRange = (next: RangeText, asView: boolean) => {
    setNowMs(Date.now());
    if (asView) {
      setView(next);
      setSelection(null);
    } else {
      setSelection(next);
    }
    setOpenError('');
  };

  const open = async () => {
    if (!ready) return;
    setOpening(true);
    setOpenError('');
    try {
      await openRemoteSource(pyroscopeOpen(server, type, selectorFor(service, chips), range));
      closeConnectDialog();
    } catch (e) {
      setOpenError(failureMessage(e));
    } finally {
      setOpening(false);
    }
  };

  const error = viewMs.error || rangeMs.error || series.error || names.error || openError;
  const noData = series.value !== undefined && services.size === 0;

  return (
    <>
      <div className="connect-body connect-browser">
        <div className="connect-row">
          <div className="segmented" role="tablist" aria-label="What to open">
            {TASKS.map(([t, label]) => (
              <button key={t} type="button" role="tab" aria-selected={task === t} className={task === t ? 'active' : ''} data-testid={`pyroscope-task-${t}`} onClick={() => setTask(t)}>
                {label}
              </button>
            ))}
          </div>
          {series.loading && <span className="busy-bar" aria-label="Loading" />}
        </div>
        <div className="connect-row">
          <label className="connect-field">
            <span>Service</span>
            <select data-testid="pyroscope-service" value={service} disabled={services.size === 0} onChange={(event) => setService(event.target.value)}>
              {[...services.keys()].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="connect-field grow">
            <span>Profile type</span>
            <select data-testid="pyroscope-type" value={type} disabled={serviceTypes.length === 0} onChange={(event) => setType(event.target.value)}>
              {serviceTypes.map((id) => (
                <option key={id} value={id}>
                  {typeLabel(id, types)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {noData && <p className="muted">The server has no profiles in this time range: pick a longer one.</p>}
        <RangePicker
          label={task === 'compare' ? 'Comparison' : 'Range'}
          view={view}
          selection={selection}
          onPreset={(r) => setRange(r, true)}
          onCustom={(r) => setRange(r, true)}
        />
        {task !== 'compare' && (
          <LabelChips remote={remote} server={server} rangeMs={viewMs.ms} scope={selectorFor(service, [...chips, { name: TYPE_LABEL, op: '=', value: type }])} names={labelNames} chips={chips} onChange={setChips} />
        )}
        {task === 'profile' && viewMs.ms && (
          <SeriesTimeline
            remote={remote}
            picks={picks}
            view={viewMs.ms}
            selector={selectorFor(service, chips)}
            bands={selection && rangeMs.ms ? [{ range: rangeMs.ms, kind: 'selection' }] : []}
            selected={rangeMs.ms}
            onDrag={(ms) => (ms ? setRange(absoluteRange(ms), false) : setSelection(null))}
          />
        )}
      </div>
      {task === 'compare' && <ComparePanel remote={remote} picks={picks} labelNames={labelNames} error={error} onTargetChips={setChips} onTargetRange={(r) => setRange(r, false)} />}
      {task === 'explore' && <ExplorePanel remote={remote} picks={picks} labelNames={labelNames} error={error} />}
      {task === 'profile' && (
        <DialogFooter
          error={error}
          summary={ready ? `${typeLabel(type, types)} ${selectorFor(service, chips)}` : 'Pick a service and a profile type.'}
          canOpen={ready}
          busy={opening}
          onOpen={() => void open()}
        />
      )}
    </>
  );
}
