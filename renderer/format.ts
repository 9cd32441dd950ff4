import { scaledLabel, scaleValue } from '../shared/analysis/units.js';

const COUNT_SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A count in three figures: 999, 1.23k, 16.4M (the exact number goes in a tooltip, see exactValue). */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  for (let i = 0; i < COUNT_SUFFIXES.length; i++) {
    const [factor, suffix] = COUNT_SUFFIXES[i];
    if (abs < factor) continue;
    const short = Number((abs / factor).toPrecision(3));
    // 999,999 is 1M, not 1000k.
    if (short >= 1000 && i > 0) return `${sign}${Number((abs / COUNT_SUFFIXES[i - 1][0]).toPrecision(3))}${COUNT_SUFFIXES[i - 1][1]}`;
    return `${sign}${short}${suffix}`;
  }
  return scaledLabel(value, 'count');
}

/** Counts (units pprof leaves unscaled) are shortened, as pprof's -top does not and other tools do. */
function isCount(value: number, unit: string): boolean {
  return scaleValue(value, unit, 'minimum')[1] === '';
}

/** A value in the sample type's unit, scaled as pprof prints it: "1.25s", "3.50MB"; counts as "16.4M". */
export function formatValue(value: number, unit: string): string {
  return isCount(value, unit) ? formatCount(value) : scaledLabel(value, unit);
}

/** The exact number behind a shortened count ("16,403,882"), for a tooltip; undefined when nothing was shortened. */
export function exactValue(value: number, unit: string): string | undefined {
  if (!isCount(value, unit) || Math.abs(value) < 1000) return undefined;
  return value.toLocaleString('en-US');
}

export function formatPercent(value: number, total: number): string {
  if (total === 0) return '0%';
  const p = (Math.abs(value) / total) * 100;
  // Below 0.01% the digits say nothing a reader can use, and they overflow the table's columns.
  return `${p >= 10 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p === 0 ? '0' : p < 0.01 ? '<0.01' : p.toPrecision(1)}%`;
}
