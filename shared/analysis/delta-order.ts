import { compareGoStrings } from './go-string-order.js';

/** A delta table's columns; 'magnitude' is pprof's own order (|Δ flat|, largest change either way). */
export type DeltaColumn = 'name' | 'baseFlat' | 'baseCum' | 'targetFlat' | 'targetCum' | 'deltaFlat' | 'deltaCum';

export interface DeltaSort {
  column: DeltaColumn | 'magnitude';
  descending: boolean;
}

export const PPROF_DELTA_SORT: DeltaSort = { column: 'magnitude', descending: true };

/** Both sides' flat and cum per row (the view's rows, or diff-top's). */
export interface DeltaColumns {
  count: number;
  baseFlat: ArrayLike<number>;
  baseCum: ArrayLike<number>;
  targetFlat: ArrayLike<number>;
  targetCum: ArrayLike<number>;
}

/**
 * The rows of a delta table in the order a sort asks for, ties by name in Go's order: what the
 * table shows and what its CSV export writes, so the two agree. `keep` leaves rows out (a search).
 */
export function deltaOrder(rows: DeltaColumns, nameOf: (row: number) => string, sort: DeltaSort, keep?: (row: number) => boolean): number[] {
  const value = (column: DeltaColumn, r: number) =>
    column === 'deltaFlat' ? rows.targetFlat[r] - rows.baseFlat[r] : column === 'deltaCum' ? rows.targetCum[r] - rows.baseCum[r] : column === 'name' ? 0 : rows[column][r];
  const shown: number[] = [];
  for (let r = 0; r < rows.count; r++) if (!keep || keep(r)) shown.push(r);
  const byName = (a: number, b: number) => compareGoStrings(nameOf(a), nameOf(b));
  const sign = sort.descending ? 1 : -1;
  if (sort.column === 'name') return shown.sort((a, b) => -sign * byName(a, b));
  if (sort.column === 'magnitude') return shown.sort((a, b) => Math.abs(value('deltaFlat', b)) - Math.abs(value('deltaFlat', a)) || byName(a, b));
  const column = sort.column;
  return shown.sort((a, b) => sign * (value(column, b) - value(column, a)) || byName(a, b));
}
