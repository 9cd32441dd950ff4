import type { Profile } from '../model/profile.js';
import { compileGoRegexp, type GoRegexp } from './go-regexp.js';
import { scaleValue } from './units.js';
import { UserFacingError } from '../user-facing-error.js';

/** Decides whether a label set passes; evaluated once per distinct set, never per sample. */
type LabelSetPredicate = (profile: Profile, set: number) => boolean;

class TagFilterError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'TagFilterError';
  }
}

const RANGE_PART = /([+-]?[0-9]+)([A-Za-z]+)?/g;

/**
 * pprof's parseTagFilterRange: "32kb" (equal), ":64kb", "4mb:", "12kb:64mb" (inclusive).
 * Returns null when the text is not a range, so it is read as a regex instead.
 */
function parseNumericRange(filter: string): ((value: number, unit: string) => boolean) | null {
  const parts = [...filter.matchAll(RANGE_PART)].slice(0, 2);
  if (parts.length === 0) return null;
  const [lowMatch, lowNumber, lowUnit = ''] = parts[0];
  const [low, unit] = scaleValue(Number(lowNumber), lowUnit, lowUnit);
  const inUnit = (v: number, u: string): number | null => {
    const [scaled, scaledUnit] = scaleValue(v, u, unit);
    return scaledUnit === unit ? scaled : null;
  };
  if (parts.length === 1) {
    if (filter === lowMatch) return (v, u) => inUnit(v, u) === low;
    if (filter === `${lowMatch}:`) return (v, u) => (inUnit(v, u) ?? -Infinity) >= low;
    if (filter === `:${lowMatch}`) return (v, u) => (inUnit(v, u) ?? Infinity) <= low;
    return null;
  }
  const [highMatch, highNumber, highUnit = ''] = parts[1];
  if (filter !== `${lowMatch}:${highMatch}`) return null;
  const [high, unit2] = scaleValue(Number(highNumber), highUnit, unit);
  if (unit2 !== unit) return null;
  return (v, u) => {
    const scaled = inUnit(v, u);
    return scaled !== null && scaled >= low && scaled <= high;
  };
}

/** One `-tagfocus`/`-tagignore` expression in pprof's syntax, compiled against a profile. */
function compileTagFilter(expression: string, numLabelUnits: Map<string, string>): LabelSetPredicate {
  let wantKey = '';
  let value = expression;
  const eq = expression.indexOf('=');
  if (eq >= 0) {
    wantKey = expression.slice(0, eq);
    value = expression.slice(eq + 1);
  }
  const range = parseNumericRange(value);
  if (range) {
    return (profile, set) => {
      const { labels, labelSets, strings } = profile;
      const end = labelSets.start[set] + labelSets.length[set];
      for (let l = labelSets.start[set]; l < end; l++) {
        if (labels.str[l] !== 0) continue;
        const key = strings[labels.key[l]];
        if (wantKey !== '' && key !== wantKey) continue;
        if (range(labels.num[l], numLabelUnits.get(key) ?? key)) return true;
      }
      return false;
    };
  }
  let regexes: GoRegexp[];
  try {
    regexes = value.split(',').map((part) => compileGoRegexp(part));
  } catch (error) {
    throw new TagFilterError(`tag filter ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
  // Verdicts per distinct string (or key:value pair): a value shared by many label sets is tested once.
  const verdicts = new Map<number, boolean>();
  if (wantKey === '') {
    // Every regex must match some "key:value" of the sample (AND).
    return (profile, set) => {
      const { labels, labelSets, strings } = profile;
      const end = labelSets.start[set] + labelSets.length[set];
      return regexes.every((rx, r) => {
        for (let l = labelSets.start[set]; l < end; l++) {
          if (labels.str[l] === 0) continue;
          const pair = (labels.key[l] * strings.length + labels.str[l]) * regexes.length + r;
          let verdict = verdicts.get(pair);
          if (verdict === undefined) {
            verdict = rx.test(`${strings[labels.key[l]]}:${strings[labels.str[l]]}`);
            verdicts.set(pair, verdict);
          }
          if (verdict) return true;
        }
        return false;
      });
    };
  }
  // key=a,b: any regex matching any value of that key (OR).
  return (profile, set) => {
    const { labels, labelSets, strings } = profile;
    const end = labelSets.start[set] + labelSets.length[set];
    for (let l = labelSets.start[set]; l < end; l++) {
      if (labels.str[l] === 0 || strings[labels.key[l]] !== wantKey) continue;
      let verdict = verdicts.get(labels.str[l]);
      if (verdict === undefined) {
        const text = strings[labels.str[l]];
        verdict = regexes.some((rx) => rx.test(text));
        verdicts.set(labels.str[l], verdict);
      }
      if (verdict) return true;
    }
    return false;
  };
}

/** Which label sets pass tagfocus and not tagignore (pprof's FilterSamplesByTag). */
export function labelSetMask(profile: Profile, tagFocus: string[], tagIgnore: string[]): Uint8Array | null {
  if (tagFocus.length === 0 && tagIgnore.length === 0) return null;
  const focus = tagFocus.map((e) => compileTagFilter(e, profile.numLabelUnits));
  const ignore = tagIgnore.map((e) => compileTagFilter(e, profile.numLabelUnits));
  const mask = new Uint8Array(profile.labelSets.count);
  for (let set = 0; set < mask.length; set++) {
    const focused = focus.every((f) => f(profile, set));
    const ignored = ignore.some((f) => f(profile, set));
    mask[set] = focused && !ignored ? 1 : 0;
  }
  return mask;
}
