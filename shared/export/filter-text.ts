import type { ProfileFilters } from '../analysis/query.js';

/** The filters in effect as pprof's flags name them ("focus=main tagfocus=..."), for an image's header line. */
export function filterText(filters: Partial<ProfileFilters>): string {
  const parts: string[] = [];
  for (const key of ['focus', 'ignore', 'hide', 'show'] as const) if (filters[key]) parts.push(`${key}=${filters[key]}`);
  for (const e of filters.tagFocus ?? []) if (e) parts.push(`tagfocus=${e}`);
  for (const e of filters.tagIgnore ?? []) if (e) parts.push(`tagignore=${e}`);
  return parts.join(' ');
}
