import { queryOf, runQuery, type ProfileFilters } from '../shared/analysis/query.js';
import type { Profile } from '../shared/model/profile.js';

/** The top table as [name, {flat, cum}] sorted by name (same-named functions summed, as pprof prints them once). */
export function topRowsByName(profile: Profile, filters: ProfileFilters, sampleTypeIndex = filters.sampleTypeIndex) {
  const top = runQuery(profile, { ...queryOf(filters), sampleTypeIndex }, { top: true }).top!;
  const rows = new Map<string, { flat: number; cum: number }>();
  for (let r = 0; r < top.count; r++) {
    const name = profile.strings[profile.functions.name[top.func[r]]];
    const row = rows.get(name) ?? { flat: 0, cum: 0 };
    row.flat += top.flat[r];
    row.cum += top.cum[r];
    rows.set(name, row);
  }
  return [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A minimal RFC 4180 reader (CRLF or LF), to check what a spreadsheet would see. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      field = '';
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
