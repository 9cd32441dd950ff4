import type { TableSort } from '../worker/protocol.js';

/** The top table's columns; flat% and sum% order rows as flat does, cum% as cum. */
export type TopColumn = 'flat' | 'flatShare' | 'sumShare' | 'cum' | 'cumShare' | 'name';

/** The column the table is sorted on, and which way (what the header's aria-sort says). */
export interface TopTableSort {
  column: TopColumn;
  descending: boolean;
}

export const DEFAULT_TABLE_SORT: TopTableSort = { column: 'flat', descending: true };

/** A header click: the same column again reverses it; another starts largest first (names A→Z). */
export function nextTableSort(now: TopTableSort, column: TopColumn): TopTableSort {
  if (now.column === column) return { column, descending: !now.descending };
  return { column, descending: column !== 'name' };
}

/**
 * What the worker sorts by. sum% is the running total of flat down the table, so it follows the
 * flat order (its own values rise down the table whichever way that goes).
 */
export function workerTableSort({ column, descending }: TopTableSort): TableSort {
  const by = column === 'name' ? 'name' : column === 'cum' || column === 'cumShare' ? 'cum' : 'flat';
  // The worker's own orders are largest first and names A→Z.
  return { by, reverse: by === 'name' ? descending : !descending };
}
