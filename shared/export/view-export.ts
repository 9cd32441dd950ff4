import { PPROF_DELTA_SORT, deltaOrder, type DeltaSort } from '../analysis/delta-order.js';
import { computeDiffTop } from '../analysis/diff-top.js';
import { queryOf, runQuery, type ProfileFilters } from '../analysis/query.js';
import type { TopTable } from '../analysis/top-table.js';
import { foldedComparison, foldedStacks } from '../formats/folded-encode.js';
import { encodeComparisonProfile, encodeFilteredProfile } from '../formats/pprof-encode.js';
import type { Profile } from '../model/profile.js';
import { deltaTableCsv, topTableCsv } from './table-csv.js';

/** The exports made of the profile's data (images are drawn, see flame-svg.ts). */
export type DataExportFormat = 'pprof' | 'folded' | 'csv';

/**
 * One profile's export under the view's filters, for the app's worker and the CLI alike: pprof as
 * plain protobuf (each caller gzips with what it has), folded stacks, or the top table, in the
 * order `arrangeTop` gives it (pprof's when absent).
 */
export function profileExportData(
  profile: Profile,
  format: DataExportFormat,
  filters: ProfileFilters,
  arrangeTop: (top: TopTable) => TopTable = (top) => top,
): Uint8Array<ArrayBuffer> | string {
  switch (format) {
    case 'pprof':
      return encodeFilteredProfile(profile, filters);
    case 'folded':
      return foldedStacks(profile, filters);
    case 'csv': {
      const result = runQuery(profile, queryOf(filters), { top: true });
      return topTableCsv(profile, arrangeTop(result.top!), result.total, result.sampleTypeIndex);
    }
  }
}

/**
 * A comparison's export, its sample type named (both sides have it): pprof's -diff_base profile
 * (plain protobuf), difffolded's two columns, or the delta table in the order `deltaSort` gives.
 */
export function comparisonExportData(
  base: Profile,
  target: Profile,
  sampleType: string,
  format: DataExportFormat,
  filters: ProfileFilters,
  deltaSort: DeltaSort = PPROF_DELTA_SORT,
): Uint8Array<ArrayBuffer> | string {
  switch (format) {
    case 'pprof':
      return encodeComparisonProfile(base, target, { sampleType, filters });
    case 'folded':
      return foldedComparison(base, target, { sampleType, filters });
    case 'csv': {
      const diff = computeDiffTop(base, target, queryOf(filters), { sampleType });
      return deltaTableCsv(diff, deltaOrder(diff, (row) => diff.names[row], deltaSort));
    }
  }
}
