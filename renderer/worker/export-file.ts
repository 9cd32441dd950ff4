// The bytes of an export, built in the engine worker from the profile it holds: the UI thread
// never aggregates, it only hands the bytes to the host (Save dialog or download).
import { computeDiffTop } from '../../shared/analysis/diff-top.js';
import { queryOf, runQuery } from '../../shared/analysis/query.js';
import { deltaOrder } from '../../shared/analysis/delta-order.js';
import { deltaTableCsv, topTableCsv } from '../../shared/export/table-csv.js';
import { foldedComparison, foldedStacks } from '../../shared/formats/folded-encode.js';
import { gzipBytes } from '../../shared/formats/gzip.js';
import { encodeComparisonProfile, encodeFilteredProfile } from '../../shared/formats/pprof-encode.js';
import type { Profile } from '../../shared/model/profile.js';
import { comparedTypeIndex, type Comparison } from './comparison.js';
import type { ExportArgs } from './protocol.js';
import { sortedTop } from './table-order.js';

const utf8 = new TextEncoder();

/**
 * One profile's export under the view's filters: pprof (gzipped, as `go tool pprof -proto`
 * writes it), folded stacks, or the top table in the order it is shown.
 */
async function profileExport(profile: Profile, { format, filters, tableSort }: ExportArgs): Promise<Uint8Array> {
  switch (format) {
    case 'pprof':
      return gzipBytes(encodeFilteredProfile(profile, filters));
    case 'folded':
      return utf8.encode(foldedStacks(profile, filters));
    case 'csv': {
      const result = runQuery(profile, queryOf(filters), { top: true });
      return utf8.encode(topTableCsv(profile, sortedTop(profile, result.top!, tableSort), result.total, result.sampleTypeIndex));
    }
  }
}

/**
 * A comparison's export, its sample type named (both sides have it): pprof's -diff_base profile,
 * difffolded's two columns, and the delta table (each side and target − base) in the order shown.
 */
async function comparisonExport(c: Comparison, { format, filters, deltaSort }: ExportArgs): Promise<Uint8Array> {
  const sampleType = c.sampleTypes[comparedTypeIndex(c, filters)].type;
  switch (format) {
    case 'pprof':
      return gzipBytes(encodeComparisonProfile(c.base, c.target, { sampleType, filters }));
    case 'folded':
      return utf8.encode(foldedComparison(c.base, c.target, { sampleType, filters }));
    case 'csv': {
      const diff = computeDiffTop(c.base, c.target, queryOf(filters), { sampleType });
      return utf8.encode(deltaTableCsv(diff, deltaOrder(diff, (row) => diff.names[row], deltaSort)));
    }
  }
}

/** What the worker holds: a comparison, or one profile. */
export function buildExport(held: { comparison: Comparison } | { profile: Profile }, args: ExportArgs): Promise<Uint8Array> {
  return 'comparison' in held ? comparisonExport(held.comparison, args) : profileExport(held.profile, args);
}

/** A buffer holding exactly the bytes, to transfer (a view into a bigger buffer is copied out). */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes.buffer : bytes.slice().buffer;
}
