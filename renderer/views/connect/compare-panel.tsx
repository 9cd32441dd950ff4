import { useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { LabelMatcher } from '../../../shared/remote/pyroscope-selector.js';
import { closeConnectDialog } from '../../state/connect-store.js';
import { openRemoteComparison } from '../../state/remote-actions.js';
import { DialogFooter } from './dialog-footer.js';
import { LabelChips } from './label-chips.js';
import { matchersDetail, pyroscopeOpen } from './open-pyroscope.js';
import type { Picks } from './pyroscope-browser.js';
import { selectorFor, TYPE_LABEL } from './pyroscope-pick.js';
import { BaselinePicker } from './range-picker.js';
import { SeriesTimeline } from './series-timeline.js';
import { absoluteRange, compareView, resolveRange, shiftRange, type RangeMs, type RangeText } from './time-range.js';
import { failureMessage } from './use-remote-query.js';

const DAY_MS = 86_400_000;
const SHIFTS = [
  { id: 'same', label: 'same range', ms: 0 },
  { id: 'day', label: '1 day earlier', ms: DAY_MS },
  { id: 'week', label: '1 week earlier', ms: 7 * DAY_MS },
];

/** A shift follows the comparison's range as it changes; a custom baseline stays where it was put. */
type Baseline = { shift: string } | { custom: RangeText };

function baselineRange(baseline: Baseline, target: RangeText, nowMs: number): { range: RangeText | null; ms: RangeMs | null; error: string } {
  try {
    const shift = 'shift' in baseline ? SHIFTS.find((s) => s.id === baseline.shift)!.ms : 0;
    const range = 'custom' in baseline ? baseline.custom : shift === 0 ? target : shiftRange(target, shift, nowMs);
    return { range, ms: resolveRange(range, nowMs), error: '' };
  } catch (e) {
    return { range: 'custom' in baseline ? baseline.custom : null, ms: null, error: failureMessage(e) };
  }
}

/**
 * Compare ranges: the picked range is the comparison (target), a baseline range (a day or a week
 * earlier, or by hand) the base, each with its own labels; both on one timeline, where a drag moves
 * the side chosen. Open lands in the comparison views.
 */
export function ComparePanel({
  remote,
  picks,
  labelNames,
  error,
  onTargetChips,
  onTargetRange,
}: {
  remote: RemoteHost;
  picks: Picks;
  labelNames: string[];
  error: string;
  onTargetChips: (chips: LabelMatcher[]) => void;
  onTargetRange: (range: RangeText) => void;
}) {
  const [baseline, setBaseline] = useState<Baseline>({ shift: 'day' });
  const [baseChips, setBaseChips] = useState<LabelMatcher[]>([]);
  const [dragSide, setDragSide] = useState<'target' | 'base'>('target');
  const [openError, setOpenError] = useState('');
  const [opening, setOpening] = useState(false);
  const base = baselineRange(baseline, picks.range, picks.nowMs);
  const target = picks.rangeMs;
  const targetSelector = selectorFor(picks.service, picks.chips);
  const baseSelector = selectorFor(picks.service, baseChips);
  const typeMatcher: LabelMatcher = { name: TYPE_LABEL, op: '=', value: picks.type };
  // The same query on both sides would compare a profile with itself: nothing to see.
  const sameQuery = base.range !== null && base.range.from === picks.range.from && base.range.until === picks.range.until && baseSelector === targetSelector;
  const ready = picks.service !== '' && picks.type !== '' && target !== null && base.range !== null && base.ms !== null && !sameQuery;

  const open = async () => {
    if (!ready || !base.range) return;
    setOpening(true);
    setOpenError('');
    try {
      await openRemoteComparison(
        pyroscopeOpen(picks.server, picks.type, baseSelector, base.range, matchersDetail(baseChips)),
        pyroscopeOpen(picks.server, picks.type, targetSelector, picks.range, matchersDetail(picks.chips)),
      );
      closeConnectDialog();
    } catch (e) {
      setOpenError(failureMessage(e));
    } finally {
      setOpening(false);
    }
  };

  return (
    <>
      <div className="connect-body">
        <LabelChips
          title="Comparison labels"
          remote={remote}
          server={picks.server}
          rangeMs={target}
          scope={selectorFor(picks.service, [...picks.chips, typeMatcher])}
          names={labelNames}
          chips={picks.chips}
          onChange={onTargetChips}
        />
        <BaselinePicker
          value={base.range}
          shifts={SHIFTS.map((s) => ({ id: s.id, label: s.label, active: 'shift' in baseline && baseline.shift === s.id }))}
          onShift={(id) => setBaseline({ shift: id })}
          onCustom={(range) => setBaseline({ custom: range })}
        />
        <div data-side="base">
          <LabelChips
            title="Baseline labels"
            remote={remote}
            server={picks.server}
            rangeMs={base.ms}
            scope={selectorFor(picks.service, [...baseChips, typeMatcher])}
            names={labelNames}
            chips={baseChips}
            onChange={setBaseChips}
          />
        </div>
        <div className="connect-row compare-legend">
          <span className="legend-swatch base" /> baseline
          <span className="legend-swatch target" /> comparison
          <span className="row-label drag-label">Drag sets the</span>
          <label className="check">
            <input type="radio" name="drag-side" checked={dragSide === 'target'} onChange={() => setDragSide('target')} data-testid="drag-target" /> comparison
          </label>
          <label className="check">
            <input type="radio" name="drag-side" checked={dragSide === 'base'} onChange={() => setDragSide('base')} data-testid="drag-base" /> baseline
          </label>
        </div>
        {target && (
          <SeriesTimeline
            remote={remote}
            picks={picks}
            view={compareView(base.ms ?? target, target, picks.nowMs)}
            selector={targetSelector}
            baseSelector={baseSelector}
            bands={[...(base.ms ? [{ range: base.ms, kind: 'base' as const }] : []), { range: target, kind: 'target' }]}
            selected={dragSide === 'base' ? base.ms : target}
            onDrag={(ms) => {
              if (!ms) return;
              if (dragSide === 'base') setBaseline({ custom: absoluteRange(ms) });
              else onTargetRange(absoluteRange(ms));
            }}
          />
        )}
      </div>
      <DialogFooter
        error={error || base.error || openError || (sameQuery ? 'The baseline is the same query as the comparison: shift its range or change its labels.' : '')}
        summary={ready && base.range ? `baseline ${base.range.from} → ${base.range.until}  vs  comparison ${picks.range.from} → ${picks.range.until}` : 'Pick a service, a type and two ranges.'}
        canOpen={ready}
        busy={opening}
        onOpen={() => void open()}
      />
    </>
  );
}
