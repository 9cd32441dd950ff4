// The bytes of an export, built in the engine worker from the profile it holds: the UI thread
// never aggregates, it only hands the bytes to the host (Save dialog or download).
import { comparisonExportData, profileExportData } from '../../shared/export/view-export.js';
import { gzipBytes } from '../../shared/formats/gzip.js';
import type { Profile } from '../../shared/model/profile.js';
import { comparedTypeIndex, type Comparison } from './comparison.js';
import type { ExportArgs } from './protocol.js';
import { sortedTop } from './table-order.js';

const utf8 = new TextEncoder();

/**
 * What the worker holds (a comparison, or one profile) exported as the view shows it: its
 * filters, and its table's order. pprof is gzipped, as `go tool pprof -proto` writes it.
 */
export async function buildExport(held: { comparison: Comparison } | { profile: Profile }, { format, filters, tableSort, deltaSort }: ExportArgs): Promise<Uint8Array> {
  let data: Uint8Array<ArrayBuffer> | string;
  if ('comparison' in held) {
    const c = held.comparison;
    data = comparisonExportData(c.base, c.target, c.sampleTypes[comparedTypeIndex(c, filters)].type, format, filters, deltaSort);
  } else {
    const { profile } = held;
    data = profileExportData(profile, format, filters, (top) => sortedTop(profile, top, tableSort));
  }
  if (typeof data === 'string') return utf8.encode(data);
  return format === 'pprof' ? gzipBytes(data) : data;
}

/** A buffer holding exactly the bytes, to transfer (a view into a bigger buffer is copied out). */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes.buffer : bytes.slice().buffer;
}
