import { useState, type KeyboardEvent } from 'react';
import { presetOf, RANGE_PRESETS, type RangeText } from './time-range.js';

/**
 * From and until as text (`now-2h`, Unix seconds, RFC 3339…), applied with Enter or Apply so a
 * half-typed time asks the server nothing. Remounted (by key) when the range changes elsewhere.
 */
function RangeFields({ value, onApply, testPrefix }: { value: RangeText; onApply: (range: RangeText) => void; testPrefix: string }) {
  const [from, setFrom] = useState(value.from);
  const [until, setUntil] = useState(value.until);
  const changed = from !== value.from || until !== value.until;
  const apply = () => onApply({ from: from.trim(), until: until.trim() });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    }
  };
  return (
    <span className="range-fields">
      <input aria-label="From" title="now-1h, Unix seconds or milliseconds, or 2026-11-26T10:00:00Z" data-testid={`${testPrefix}from`} value={from} spellCheck={false} onChange={(e) => setFrom(e.target.value)} onKeyDown={onKeyDown} />
      <span className="muted">→</span>
      <input aria-label="Until" data-testid={`${testPrefix}until`} value={until} spellCheck={false} onChange={(e) => setUntil(e.target.value)} onKeyDown={onKeyDown} />
      <button type="button" className="small" data-testid={`${testPrefix}apply`} disabled={!changed} onClick={apply}>
        Apply
      </button>
    </span>
  );
}

/** The range to open: presets, or from/until by hand; a selection dragged on the timeline shows here too. */
export function RangePicker({
  label,
  view,
  selection,
  onPreset,
  onCustom,
}: {
  label: string;
  view: RangeText;
  selection: RangeText | null;
  onPreset: (range: RangeText) => void;
  onCustom: (range: RangeText) => void;
}) {
  const shown = selection ?? view;
  const preset = selection ? undefined : presetOf(view);
  return (
    <div className="connect-row range-picker">
      <span className="row-label">{label}</span>
      <div className="segmented" role="group" aria-label="Last">
        {RANGE_PRESETS.map((p) => (
          <button key={p.label} type="button" className={preset === p.label ? 'active' : ''} aria-pressed={preset === p.label} data-testid={`range-preset-${p.label}`} onClick={() => onPreset(p.range)}>
            {p.label}
          </button>
        ))}
      </div>
      <RangeFields key={`${shown.from}|${shown.until}`} value={shown} onApply={onCustom} testPrefix="range-" />
    </div>
  );
}

/** The baseline of a comparison: the comparison's range moved back (`shifts`), or from/until by hand. */
export function BaselinePicker({
  value,
  shifts,
  onShift,
  onCustom,
}: {
  value: RangeText | null;
  shifts: { id: string; label: string; active: boolean }[];
  onShift: (id: string) => void;
  onCustom: (range: RangeText) => void;
}) {
  return (
    <div className="connect-row range-picker">
      <span className="row-label">Baseline</span>
      <div className="segmented" role="group" aria-label="Baseline range">
        {shifts.map((s) => (
          <button key={s.id} type="button" className={s.active ? 'active' : ''} aria-pressed={s.active} data-testid={`baseline-${s.id}`} onClick={() => onShift(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      {value && <RangeFields key={`${value.from}|${value.until}`} value={value} onApply={onCustom} testPrefix="baseline-" />}
    </div>
  );
}
