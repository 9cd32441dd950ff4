import type { Profile } from '../model/profile.js';
import { labelSetMask } from './tag-filter.js';

/**
 * pprof's -diff_base labels every base sample `pprof::base=true` before it filters, so a tag
 * filter sees that label on the base side only: `-tagfocus=base` keeps every base sample (the
 * keyless regex matches "pprof::base:true"), `-tagignore=pprof::base=true` drops them all. The
 * base profile is not copied to add the label: each expression is first tried on a one-label
 * stand-in profile, and what the label decides is taken out of the expression before it runs on
 * the base's own label sets.
 */
const BASE_LABEL_KEY = 'pprof::base';

/** A profile with one label set holding only pprof::base=true: all labelSetMask reads. */
const baseLabelOnly = {
  strings: ['', BASE_LABEL_KEY, 'true'],
  labels: { count: 1, key: Int32Array.of(1), str: Int32Array.of(2), num: Float64Array.of(0), unit: Int32Array.of(0) },
  labelSets: { count: 1, start: Int32Array.of(0), length: Int32Array.of(1) },
  numLabelUnits: new Map<string, string>(),
} as unknown as Profile;

const matchesBaseLabel = (expression: string) => labelSetMask(baseLabelOnly, [expression], [])![0] === 1;

/**
 * What is left of one expression once the base label is accounted for: null when the label alone
 * makes it match every base sample, else the expression to test on the base's own labels.
 * A keyless "a,b" needs every regex to match some label: the regexes the base label satisfies
 * drop out, the rest stay (each wrapped so that "1kb" left alone stays a regex, not a range).
 */
function residue(expression: string): string | null {
  if (matchesBaseLabel(expression)) return null;
  if (expression.includes('=')) return expression;
  const parts = expression.split(',');
  if (parts.length === 1) return expression;
  const left = parts.filter((part) => !matchesBaseLabel(part));
  if (left.length === parts.length) return expression;
  return left.length === 0 ? null : left.map((part) => `(?:${part})`).join(',');
}

/** labelSetMask for the base side of a diff: as if every base sample carried pprof::base=true. */
export function baseLabelSetMask(base: Profile, tagFocus: string[], tagIgnore: string[]): Uint8Array | null {
  const focus = tagFocus.map(residue).filter((e) => e !== null);
  const ignore = tagIgnore.map(residue);
  if (ignore.includes(null)) return new Uint8Array(base.labelSets.count);
  return labelSetMask(base, focus, ignore as string[]);
}

/**
 * Per label set: 1 when it holds pprof::base=true, the label pprof's own diff profiles (`-proto
 * -diff_base`) keep on their base samples; null when none does. pprof's total for a diff counts
 * those samples of the target too.
 */
export function baseLabelledSets(profile: Profile): Uint8Array | null {
  const { labels, labelSets, strings } = profile;
  let mask: Uint8Array | null = null;
  for (let set = 0; set < labelSets.count; set++) {
    const end = labelSets.start[set] + labelSets.length[set];
    for (let l = labelSets.start[set]; l < end; l++) {
      if (labels.str[l] !== 0 && strings[labels.key[l]] === BASE_LABEL_KEY && strings[labels.str[l]] === 'true') {
        mask ??= new Uint8Array(labelSets.count);
        mask[set] = 1;
        break;
      }
    }
  }
  return mask;
}
