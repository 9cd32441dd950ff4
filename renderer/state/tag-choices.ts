import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';

type TagValue = TagKeySummary['values'][number];

/** The label key a tag filter names ("endpoint" of "endpoint=^/x$"); "" when it names none (any key). */
function keyOfTagFilter(expression: string): string {
  const eq = expression.indexOf('=');
  return eq >= 0 ? expression.slice(0, eq) : '';
}

/**
 * "only B" after "only A" on the same key: tagfocus expressions must all pass, and a sample has one
 * value per key, so keeping both would show nothing. The new choice replaces every focus on that key
 * and a "drop" of the same expression; focuses on other keys stay.
 */
export function chooseOnly(filters: { tagFocus: string[]; tagIgnore: string[] }, key: string, expression: string): { tagFocus: string[]; tagIgnore: string[] } {
  return {
    tagFocus: [...filters.tagFocus.filter((e) => keyOfTagFilter(e) !== key), expression],
    tagIgnore: filters.tagIgnore.filter((e) => e !== expression),
  };
}

/**
 * The panel's summary, faceted: a key with an "only" lists its values as if that key had no focus
 * (the other filters still apply), so the other values stay on screen to switch to in one click.
 * Keys without a focus are summed under every filter. One extra summary per focused key.
 */
export async function facetedTags<F extends { tagFocus: string[] }>(filters: F, summarize: (filters: F) => Promise<TagKeySummary[]>): Promise<TagKeySummary[]> {
  const focusedKeys = [...new Set(filters.tagFocus.map(keyOfTagFilter).filter((k) => k !== ''))];
  const [all, ...withoutOwnFocus] = await Promise.all([
    summarize(filters),
    ...focusedKeys.map((key) => summarize({ ...filters, tagFocus: filters.tagFocus.filter((e) => keyOfTagFilter(e) !== key) })),
  ]);
  const byKey = new Map(all.map((k) => [k.key, k]));
  focusedKeys.forEach((key, i) => {
    const section = withoutOwnFocus[i].find((k) => k.key === key);
    if (section) byKey.set(key, section);
  });
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** How many values of one key the panel lists; the rest are the lightest. */
export const LISTED_VALUES = 200;

/**
 * The values the panel lists, in the order users expect: the heaviest LISTED_VALUES, string values
 * by weight (as pprof -tags), numeric values by value (1kB before 2kB), so their weights read as a
 * histogram. A string value under a numeric key (pprof allows both) goes after the numbers.
 */
export function listedValues(key: TagKeySummary): TagValue[] {
  const heaviest = key.values.slice(0, LISTED_VALUES);
  if (!key.numeric) return heaviest;
  return [...heaviest].sort((a, b) => {
    if (a.numeric === null || b.numeric === null) return (a.numeric === null ? 1 : 0) - (b.numeric === null ? 1 : 0) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    return a.numeric - b.numeric;
  });
}
