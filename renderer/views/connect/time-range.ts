/**
 * Time ranges of the Pyroscope pickers: presets, custom text, the timeline's step and the drag that
 * narrows a range. Ranges are kept as the text Pyroscope's render API reads (`now-1h`, RFC 3339…)
 * so a relative range stays relative in the source URL; they are resolved against a pinned clock.
 */
import { parsePyroscopeTime } from '../../../shared/remote/pyroscope-source.js';
import { PyroscopeQueryError } from '../../../shared/remote/pyroscope-selector.js';

/** A range as written: `from` and `until` in any form parsePyroscopeTime accepts. */
export interface RangeText {
  from: string;
  until: string;
}

/** A resolved range in epoch milliseconds. */
export interface RangeMs {
  startMs: number;
  endMs: number;
}

export const RANGE_PRESETS: readonly { label: string; range: RangeText }[] = ['15m', '1h', '6h', '24h', '7d'].map((span) => ({
  label: span,
  range: { from: `now-${span}`, until: 'now' },
}));

/** The preset a range is, if it is one. */
export function presetOf(range: RangeText): string | undefined {
  return RANGE_PRESETS.find((p) => p.range.from === range.from.trim() && p.range.until === range.until.trim())?.label;
}

/** Resolves a range against `nowMs`; an unreadable or empty range throws its one sentence. */
export function resolveRange(range: RangeText, nowMs: number): RangeMs {
  const startMs = parsePyroscopeTime(range.from, nowMs, 'from');
  const endMs = parsePyroscopeTime(range.until, nowMs, 'until');
  if (startMs >= endMs) throw new PyroscopeQueryError(`The time range is empty: from (${range.from.trim()}) must be before until (${range.until.trim()}).`);
  return { startMs, endMs };
}

/** RFC 3339 in UTC to the second: what a drag or a shift writes into the custom fields. */
export function formatAbsoluteTime(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `now-25h` for 25 hours ago (the largest unit that divides it), `now` for no offset. */
function relativeText(agoMs: number): string {
  if (agoMs <= 0) return 'now';
  const [unit, size] = UNITS.find(([, size]) => agoMs % size === 0) ?? ['s', 1000];
  return `now-${Math.round(agoMs / size)}${unit}`;
}

/**
 * The same range `earlierMs` before: a relative range stays relative (`now-1h`…`now` one day
 * earlier is `now-25h`…`now-24h`), any other becomes absolute.
 */
export function shiftRange(range: RangeText, earlierMs: number, nowMs: number): RangeText {
  const { startMs, endMs } = resolveRange(range, nowMs);
  const relative = (text: string) => /^now(\s*-\s*\d+(ms|s|m|h|d|w|y))?$/.test(text.trim());
  if (relative(range.from) && relative(range.until) && earlierMs % 1000 === 0) {
    return { from: relativeText(nowMs - startMs + earlierMs), until: relativeText(nowMs - endMs + earlierMs) };
  }
  return { from: formatAbsoluteTime(startMs - earlierMs), until: formatAbsoluteTime(endMs - earlierMs) };
}

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
const MAX_POINTS = 300;

/** The timeline's step in seconds: the smallest round step that keeps it to at most 300 points. */
export function stepSecondsFor(range: RangeMs): number {
  const spanSeconds = Math.max(1, (range.endMs - range.startMs) / 1000);
  return NICE_STEPS.find((step) => spanSeconds / step <= MAX_POINTS) ?? Math.ceil(spanSeconds / MAX_POINTS);
}

/** A drag shorter than this many pixels is a click, not a range. */
const MIN_DRAG_PX = 4;

/**
 * The range a drag from `x0` to `x1` (pixels, either direction, clamped to the plot) selects on a
 * plot `width` pixels wide showing `view`; null for a click. Rounded to whole seconds.
 */
export function dragToRange(x0: number, x1: number, width: number, view: RangeMs): RangeMs | null {
  if (!(width > 0)) return null;
  const clamp = (x: number) => Math.min(width, Math.max(0, x));
  const [a, b] = [clamp(x0), clamp(x1)].sort((p, q) => p - q);
  if (b - a < MIN_DRAG_PX) return null;
  const at = (x: number) => Math.round((view.startMs + (x / width) * (view.endMs - view.startMs)) / 1000) * 1000;
  const range = { startMs: at(a), endMs: at(b) };
  return range.endMs > range.startMs ? range : null;
}

/** Where a time falls on the plot, in pixels (may lie outside 0…width). */
export function timeToX(ms: number, width: number, view: RangeMs): number {
  return ((ms - view.startMs) / Math.max(1, view.endMs - view.startMs)) * width;
}

/**
 * What the compare timeline shows: both ranges, with a tenth of their span of context on each side
 * (not past `nowMs`, where there is nothing yet), so two bands never fill the whole plot.
 */
export function compareView(a: RangeMs, b: RangeMs, nowMs: number): RangeMs {
  const startMs = Math.min(a.startMs, b.startMs);
  const endMs = Math.max(a.endMs, b.endMs);
  const pad = Math.round((endMs - startMs) / 10);
  return { startMs: startMs - pad, endMs: endMs + Math.min(pad, Math.max(0, nowMs - endMs)) };
}

/** A range as absolute text, for the custom fields. */
export function absoluteRange(range: RangeMs): RangeText {
  return { from: formatAbsoluteTime(range.startMs), until: formatAbsoluteTime(range.endMs) };
}
