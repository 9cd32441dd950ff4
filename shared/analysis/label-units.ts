import type { Profile } from '../model/profile.js';

/**
 * pprof's NumLabelUnits: a numeric key's unit is the first non-empty unit seen for it; keys
 * that never carry one are `bytes` for request/alignment and otherwise named after themselves.
 */
export function computeNumLabelUnits(profile: Pick<Profile, 'labels' | 'labelSets' | 'strings'>): Map<string, string> {
  const { labels, labelSets, strings } = profile;
  const units = new Map<string, string>();
  const seen = new Set<string>();
  // Label sets are numbered in the order samples first use them, so this is sample order.
  for (let set = 1; set < labelSets.count; set++) {
    const end = labelSets.start[set] + labelSets.length[set];
    for (let l = labelSets.start[set]; l < end; l++) {
      if (labels.str[l] !== 0) continue;
      const key = strings[labels.key[l]];
      seen.add(key);
      const unit = strings[labels.unit[l]];
      if (unit !== '' && !units.has(key)) units.set(key, unit);
    }
  }
  for (const key of seen) {
    if (!units.has(key)) units.set(key, key === 'request' || key === 'alignment' ? 'bytes' : key);
  }
  return units;
}
