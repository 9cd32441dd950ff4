import { describe, expect, it } from 'vitest';
import { absoluteRange, dragToRange, formatAbsoluteTime, presetOf, RANGE_PRESETS, resolveRange, shiftRange, stepSecondsFor, timeToX, compareView } from './time-range.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('range presets and resolution', () => {
  it('offers 15m, 1h, 6h, 24h and 7d back from now, and recognises them', () => {
    expect(RANGE_PRESETS.map((p) => p.label)).toEqual(['15m', '1h', '6h', '24h', '7d']);
    expect(RANGE_PRESETS.map((p) => resolveRange(p.range, NOW).endMs - resolveRange(p.range, NOW).startMs)).toEqual([15 * 60_000, HOUR, 6 * HOUR, DAY, 7 * DAY]);
    expect(presetOf({ from: 'now-6h', until: 'now' })).toBe('6h');
    expect(presetOf({ from: 'now-6h', until: 'now-1h' })).toBeUndefined();
  });

  it('resolves custom text as the render API reads it, and says when it cannot', () => {
    expect(resolveRange({ from: '2026-11-26T10:00:00Z', until: String(NOW / 1000) }, NOW)).toEqual({ startMs: NOW - 2 * HOUR, endMs: NOW });
    expect(() => resolveRange({ from: 'yesterday', until: 'now' }, NOW)).toThrow(/"yesterday" is not a valid from time/);
    expect(() => resolveRange({ from: 'now', until: 'now-1h' }, NOW)).toThrow(/The time range is empty/);
  });

  it('writes absolute times as RFC 3339 to the second, which parse back', () => {
    expect(formatAbsoluteTime(NOW + 400)).toBe('2026-11-26T12:00:00Z');
    expect(absoluteRange({ startMs: NOW - HOUR, endMs: NOW })).toEqual({ from: '2026-11-26T11:00:00Z', until: '2026-11-26T12:00:00Z' });
    expect(resolveRange(absoluteRange({ startMs: NOW - HOUR, endMs: NOW }), 0)).toEqual({ startMs: NOW - HOUR, endMs: NOW });
  });
});

describe('comparison shifts', () => {
  it('keeps a relative range relative, in the largest whole unit', () => {
    expect(shiftRange({ from: 'now-1h', until: 'now' }, DAY, NOW)).toEqual({ from: 'now-25h', until: 'now-1d' });
    expect(shiftRange({ from: 'now-15m', until: 'now' }, 7 * DAY, NOW)).toEqual({ from: 'now-10095m', until: 'now-7d' });
    expect(resolveRange(shiftRange({ from: 'now-90m', until: 'now-30m' }, DAY, NOW), NOW)).toEqual({ startMs: NOW - DAY - 90 * 60_000, endMs: NOW - DAY - 30 * 60_000 });
  });

  it('moves an absolute range to absolute times', () => {
    expect(shiftRange({ from: '2026-11-26T10:00:00Z', until: '2026-11-26T11:00:00Z' }, DAY, NOW)).toEqual({ from: '2026-11-25T10:00:00Z', until: '2026-11-25T11:00:00Z' });
  });
});

describe('timeline step', () => {
  it('keeps every preset between 100 and 300 points, on a round step', () => {
    for (const preset of RANGE_PRESETS) {
      const range = resolveRange(preset.range, NOW);
      const step = stepSecondsFor(range);
      const points = (range.endMs - range.startMs) / 1000 / step;
      expect(points, preset.label).toBeGreaterThanOrEqual(100);
      expect(points, preset.label).toBeLessThanOrEqual(300);
    }
    expect(stepSecondsFor({ startMs: NOW - HOUR, endMs: NOW })).toBe(15);
    expect(stepSecondsFor({ startMs: NOW - 7 * DAY, endMs: NOW })).toBe(3600);
  });

  it('stays at most 300 points for any span, tiny or huge', () => {
    expect(stepSecondsFor({ startMs: NOW - 1000, endMs: NOW })).toBe(1);
    const year = { startMs: NOW - 365 * DAY, endMs: NOW };
    expect((year.endMs - year.startMs) / 1000 / stepSecondsFor(year)).toBeLessThanOrEqual(300);
    const decade = { startMs: NOW - 3650 * DAY, endMs: NOW };
    expect((decade.endMs - decade.startMs) / 1000 / stepSecondsFor(decade)).toBeLessThanOrEqual(300);
  });
});

describe('drag on the timeline', () => {
  const view = { startMs: NOW - HOUR, endMs: NOW };

  it('maps pixels to whole seconds, either direction', () => {
    expect(dragToRange(250, 500, 1000, view)).toEqual({ startMs: NOW - 45 * 60_000, endMs: NOW - 30 * 60_000 });
    expect(dragToRange(500, 250, 1000, view)).toEqual({ startMs: NOW - 45 * 60_000, endMs: NOW - 30 * 60_000 });
    const odd = dragToRange(333, 351.7, 400, view)!;
    expect([odd.startMs % 1000, odd.endMs % 1000]).toEqual([0, 0]);
  });

  it('clamps to the plot and treats a short drag as a click', () => {
    expect(dragToRange(-50, 2000, 1000, view)).toEqual(view);
    expect(dragToRange(100, 102, 1000, view)).toBeNull();
    expect(dragToRange(100, 300, 0, view)).toBeNull();
  });

  it('places times back on the plot, and shows both sides of a comparison with context', () => {
    expect(timeToX(NOW - 30 * 60_000, 800, view)).toBe(400);
    // Both sides with a tenth of context before, none after now.
    expect(compareView(view, { startMs: NOW - DAY - HOUR, endMs: NOW - DAY }, NOW)).toEqual({ startMs: NOW - DAY - HOUR - 2.5 * HOUR, endMs: NOW });
    const past = { startMs: NOW - 10 * HOUR, endMs: NOW - 9 * HOUR };
    expect(compareView(past, past, NOW)).toEqual({ startMs: NOW - 10 * HOUR - 360_000, endMs: NOW - 9 * HOUR + 360_000 });
  });
});
