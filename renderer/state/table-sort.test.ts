import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE_SORT, nextTableSort, workerTableSort } from './table-sort.js';

describe('top table sort', () => {
  it('starts by flat, largest first', () => {
    expect(workerTableSort(DEFAULT_TABLE_SORT)).toEqual({ by: 'flat', reverse: false });
  });

  it('a second click on a column reverses it, a third restores it', () => {
    const once = nextTableSort(DEFAULT_TABLE_SORT, 'cum');
    expect(once).toEqual({ column: 'cum', descending: true });
    const twice = nextTableSort(once, 'cum');
    expect(twice).toEqual({ column: 'cum', descending: false });
    expect(workerTableSort(twice)).toEqual({ by: 'cum', reverse: true });
    expect(nextTableSort(twice, 'cum')).toEqual(once);
  });

  it('names start A→Z, numbers largest first', () => {
    const names = nextTableSort(DEFAULT_TABLE_SORT, 'name');
    expect(names).toEqual({ column: 'name', descending: false });
    expect(workerTableSort(names)).toEqual({ by: 'name', reverse: false });
    expect(workerTableSort(nextTableSort(names, 'name'))).toEqual({ by: 'name', reverse: true });
    expect(nextTableSort(names, 'flatShare')).toEqual({ column: 'flatShare', descending: true });
  });

  it('percent columns sort as the values they are shares of', () => {
    expect(workerTableSort({ column: 'flatShare', descending: false })).toEqual({ by: 'flat', reverse: true });
    expect(workerTableSort({ column: 'sumShare', descending: true })).toEqual({ by: 'flat', reverse: false });
    expect(workerTableSort({ column: 'cumShare', descending: true })).toEqual({ by: 'cum', reverse: false });
  });
});
