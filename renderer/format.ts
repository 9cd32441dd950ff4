import { scaledLabel } from '../shared/analysis/units.js';

/** A value in the sample type's unit, scaled as pprof prints it: "1.25s", "3.50MB", "120". */
export function formatValue(value: number, unit: string): string {
  return scaledLabel(value, unit);
}

export function formatPercent(value: number, total: number): string {
  if (total === 0) return '0%';
  const p = (Math.abs(value) / total) * 100;
  return `${p >= 10 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p === 0 ? '0' : p.toPrecision(1)}%`;
}
