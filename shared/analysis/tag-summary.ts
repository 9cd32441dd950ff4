import type { Profile } from '../model/profile.js';
import { scaledLabel } from './units.js';

interface TagValueSummary {
  /** The value as pprof -tags prints it (numeric values scaled: "2kB"). */
  label: string;
  /** The raw number of a numeric label value (the first one shown under this label). */
  numeric: number | null;
  total: number;
}

export interface TagKeySummary {
  key: string;
  numeric: boolean;
  /** Unit of a numeric key ("bytes"), "" for string keys. */
  unit: string;
  total: number;
  values: TagValueSummary[];
}

/**
 * pprof -tags: per label key, per value, the sum of the chosen sample type over the samples
 * carrying it. Sums run over label sets, so the work scales with distinct sets, not samples.
 */
export function summarizeTags(
  profile: Profile,
  sampleTypeIndex: number,
  samplePasses: (sample: number) => boolean = () => true,
): TagKeySummary[] {
  const { labels, labelSets, strings, samples } = profile;
  const values = samples.values[sampleTypeIndex];
  const setTotal = new Float64Array(labelSets.count);
  const setSeen = new Uint8Array(labelSets.count);
  for (let i = 0; i < samples.count; i++) {
    const set = samples.labelSet[i];
    if (set !== 0 && samplePasses(i)) {
      setTotal[set] += values[i];
      setSeen[set] = 1;
    }
  }
  const keys = new Map<string, { numeric: boolean; values: Map<string, TagValueSummary> }>();
  for (let set = 1; set < labelSets.count; set++) {
    if (!setSeen[set]) continue;
    const end = labelSets.start[set] + labelSets.length[set];
    for (let l = labelSets.start[set]; l < end; l++) {
      const key = strings[labels.key[l]];
      const numeric = labels.str[l] === 0;
      // pprof prints string and numeric values of one key in one list.
      const entry = keys.get(key) ?? { numeric, values: new Map<string, TagValueSummary>() };
      keys.set(key, entry);
      const label = numeric
        ? scaledLabel(labels.num[l], profile.numLabelUnits.get(key) ?? key)
        : strings[labels.str[l]];
      const value: TagValueSummary = entry.values.get(label) ?? { label, numeric: numeric ? labels.num[l] : null, total: 0 };
      value.total += setTotal[set];
      entry.values.set(label, value);
    }
  }
  const byWeight = <T extends { total: number }>(name: (x: T) => string) => (a: T, b: T) =>
    Math.abs(b.total) - Math.abs(a.total) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
  const summaries: TagKeySummary[] = [];
  for (const [key, entry] of keys) {
    const list = [...entry.values.values()].sort(byWeight((v) => v.label));
    summaries.push({
      key,
      numeric: entry.numeric,
      unit: entry.numeric ? (profile.numLabelUnits.get(key) ?? key) : '',
      total: list.reduce((sum, v) => sum + v.total, 0),
      values: list,
    });
  }
  // pprof lists keys by name.
  return summaries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
