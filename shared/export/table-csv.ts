import type { Profile, ValueType } from '../model/profile.js';
import type { TopTable } from '../analysis/top-table.js';
import type { DiffTop } from '../analysis/diff-top.js';

/**
 * The top table as CSV (RFC 4180: comma separated, CRLF line ends, a field holding a comma, quote
 * or line break quoted with its quotes doubled). Values are the raw numbers in the sample type's
 * unit, named in the header; percentages are of pprof's total, with two decimals as pprof prints.
 */

/**
 * A spreadsheet runs a cell that starts with = + - or @ as a formula (CSV injection: a function
 * named `=HYPERLINK(…)` in a profile would become a live link). Text cells starting so get a
 * leading apostrophe, which spreadsheets take as "this is text" and do not show; numbers are
 * written as numbers, so a negative delta stays a number.
 */
function textCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const numberCell = (value: number) => String(value);
const percentCell = (value: number, total: number) => (total === 0 ? '0' : ((value / total) * 100).toFixed(2));
const unitOf = (type: ValueType) => type.unit || 'count';

function csv(rows: string[][]): string {
  return rows.map((row) => `${row.join(',')}\r\n`).join('');
}

/** pprof -top's columns: name, flat, flat%, sum%, cum, cum% (rows as the table orders them). */
export function topTableCsv(profile: Profile, top: TopTable, total: number, sampleTypeIndex: number): string {
  const unit = unitOf(profile.sampleTypes[sampleTypeIndex]);
  const rows = [['name', `flat (${unit})`, 'flat%', 'sum%', `cum (${unit})`, 'cum%'].map(textCell)];
  let running = 0;
  for (let r = 0; r < top.count; r++) {
    running += top.flat[r];
    rows.push([
      textCell(profile.strings[profile.functions.name[top.func[r]]]),
      numberCell(top.flat[r]),
      percentCell(top.flat[r], total),
      percentCell(running, total),
      numberCell(top.cum[r]),
      percentCell(top.cum[r], total),
    ]);
  }
  return csv(rows);
}

/** A comparison's table: each side's flat and cum and target − base, the deltas' shares of pprof's diff total. */
export function deltaTableCsv(diff: DiffTop, order?: ArrayLike<number>): string {
  const unit = unitOf(diff.sampleType);
  const header = ['name', `base flat (${unit})`, `target flat (${unit})`, `flat delta (${unit})`, 'flat delta%', `base cum (${unit})`, `target cum (${unit})`, `cum delta (${unit})`, 'cum delta%'];
  const rows = [header.map(textCell)];
  for (let k = 0; k < diff.count; k++) {
    const i = order ? order[k] : k;
    rows.push([
      textCell(diff.names[i]),
      numberCell(diff.baseFlat[i]),
      numberCell(diff.targetFlat[i]),
      numberCell(diff.flat[i]),
      percentCell(diff.flat[i], diff.total),
      numberCell(diff.baseCum[i]),
      numberCell(diff.targetCum[i]),
      numberCell(diff.cum[i]),
      percentCell(diff.cum[i], diff.total),
    ]);
  }
  return csv(rows);
}
