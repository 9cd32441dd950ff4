/**
 * What the Pyroscope pickers make of the server's answers: services and their profile types (from
 * Series over service_name × __profile_type__), the selector a choice stands for, the rows of
 * "explore by label", and the paths the timeline and the sparklines draw.
 */
import { formatLabelSelector, type LabelMatcher } from '../../../shared/remote/pyroscope-selector.js';
import type { LabelPair, ProfileType, TimeSeries } from '../../../shared/remote/remote-api.js';
import { timeToX, type RangeMs } from './time-range.js';

export const SERVICE_LABEL = 'service_name';
export const TYPE_LABEL = '__profile_type__';

/** Each service with the profile types it has (both sorted). */
export function servicesAndTypes(series: readonly LabelPair[][]): Map<string, string[]> {
  const types = new Map<string, Set<string>>();
  for (const labels of series) {
    const service = labels.find((l) => l.name === SERVICE_LABEL)?.value;
    const type = labels.find((l) => l.name === TYPE_LABEL)?.value;
    if (service === undefined) continue;
    const set = types.get(service) ?? new Set<string>();
    if (type) set.add(type);
    types.set(service, set);
  }
  return new Map([...types.keys()].sort().map((service) => [service, [...types.get(service)!].sort()]));
}

/** CPU when the service has it (what one opens most), else the first type. */
export function defaultType(typeIds: readonly string[]): string {
  return typeIds.find((id) => id.startsWith('process_cpu:cpu:')) ?? typeIds[0] ?? '';
}

/** How a profile type reads in the picker: `process_cpu cpu (nanoseconds)`. */
export function typeLabel(id: string, types: readonly ProfileType[]): string {
  const known = types.find((t) => t.id === id);
  const [name, sampleType, sampleUnit] = known ? [known.name, known.sampleType, known.sampleUnit] : id.split(':');
  return sampleUnit ? `${name} ${sampleType} (${sampleUnit})` : id;
}

/** The selector of a service and the user's matchers (`{}` for everything). */
export function selectorFor(service: string, matchers: readonly LabelMatcher[]): string {
  return formatLabelSelector([...(service ? [{ name: SERVICE_LABEL, op: '=' as const, value: service }] : []), ...matchers]);
}

/** Label names the chips may use: not the service and type (they have pickers) nor internal ones. */
export function chipLabelNames(names: readonly string[]): string[] {
  return names.filter((n) => n !== SERVICE_LABEL && !n.startsWith('__')).sort();
}

type Point = TimeSeries['points'][number];

/** The series added up per timestamp (a timeline without groupBy may still get several). */
export function sumSeries(series: readonly TimeSeries[]): Point[] {
  const byTime = new Map<number, number>();
  for (const s of series) for (const p of s.points) byTime.set(p.timestampMs, (byTime.get(p.timestampMs) ?? 0) + p.value);
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([timestampMs, value]) => ({ timestampMs, value }));
}

export interface ExploreRow {
  value: string;
  total: number;
  points: Point[];
}

/** One row per value of `label` (series without it are "(none)"), largest total first. */
export function exploreRows(series: readonly TimeSeries[], label: string): ExploreRow[] {
  const rows = new Map<string, TimeSeries[]>();
  for (const s of series) {
    const value = s.labels.find((l) => l.name === label)?.value ?? '';
    rows.set(value, [...(rows.get(value) ?? []), s]);
  }
  return [...rows]
    .map(([value, group]) => {
      const points = sumSeries(group);
      return { value, points, total: points.reduce((sum, p) => sum + p.value, 0) };
    })
    .sort((a, b) => b.total - a.total || a.value.localeCompare(b.value));
}

/** The largest value of the points (0 for none): lines drawn together share it as their top. */
export function maxValue(points: readonly Point[]): number {
  let max = 0;
  for (const p of points) if (p.value > max) max = p.value;
  return max;
}

/**
 * An SVG path of the points over `view` in a `width` × `height` box, zero at the bottom and `max`
 * (default: the largest value) at the top; an area when `closed` (for filling). Empty for no points.
 */
export function seriesPath(points: readonly Point[], width: number, height: number, view: RangeMs, { closed = false, max = maxValue(points) } = {}): string {
  if (points.length === 0) return '';
  max ||= 1;
  const xy = points.map((p) => [timeToX(p.timestampMs, width, view), height - (p.value / max) * height] as const);
  const line = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
  if (!closed) return line;
  return `${line}L${xy[xy.length - 1][0].toFixed(1)},${height}L${xy[0][0].toFixed(1)},${height}Z`;
}
