import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, queryOf, runQuery } from '../../shared/analysis/query.js';
import { PPROF_DELTA_SORT } from '../../shared/analysis/delta-order.js';
import { decodeUncompressedProfile } from '../../shared/formats/pprof-decode.js';
import { loadFixture } from '../../test/golden-helpers.js';
import { openComparison } from './comparison.js';
import { buildExport, ownBuffer } from './export-file.js';

const fixture = loadFixture;
const cpu = await fixture('app-v1-cpu.pb.gz');
const cpuType = cpu.defaultSampleTypeIndex;
const filters = { ...NO_FILTERS, sampleTypeIndex: cpuType, hide: 'runtime\\.' };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('exports built in the worker', () => {
  it('pprof is gzipped and decodes to the filtered view', async () => {
    const bytes = await buildExport({ profile: cpu }, { format: 'pprof', filters, tableSort: { by: 'flat', reverse: false }, deltaSort: PPROF_DELTA_SORT });
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const again = decodeUncompressedProfile(gunzipSync(bytes));
    const shown = runQuery(cpu, queryOf(filters), { top: true });
    const exported = runQuery(again, {}, { top: true });
    expect(exported.total).toBe(shown.total);
    expect(exported.top!.count).toBe(shown.top!.count);
  });

  it('the table CSV follows the order the table is shown in', async () => {
    const byName = text(await buildExport({ profile: cpu }, { format: 'csv', filters, tableSort: { by: 'name', reverse: false }, deltaSort: PPROF_DELTA_SORT }));
    const names = byName.trim().split('\r\n').slice(1).map((line) => line.split(',')[0].replace(/^"|"$/g, ''));
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.some((n) => n.startsWith('runtime.'))).toBe(false);
    const byCumReversed = text(await buildExport({ profile: cpu }, { format: 'csv', filters, tableSort: { by: 'cum', reverse: true }, deltaSort: PPROF_DELTA_SORT }));
    const cums = byCumReversed.trim().split('\r\n').slice(1).map((line) => Number(line.split(',').at(-2)));
    expect(cums).toEqual([...cums].sort((a, b) => a - b));
  });

  it('a comparison writes its two sides: folded in two columns, the delta table', async () => {
    const comparison = openComparison(await fixture('app-v1-cpu.pb.gz'), await fixture('app-v2-cpu.pb.gz'), 'v1', 'v2');
    const args = { filters: { ...NO_FILTERS, sampleTypeIndex: comparison.defaultSampleTypeIndex }, tableSort: { by: 'flat' as const, reverse: false }, deltaSort: PPROF_DELTA_SORT };
    const folded = text(await buildExport({ comparison }, { ...args, format: 'folded' }));
    expect(folded.trimEnd().split('\n').every((line) => / \d+ \d+$/.test(line))).toBe(true);
    const csv = text(await buildExport({ comparison }, { ...args, format: 'csv' }));
    expect(csv.split('\r\n')[0]).toMatch(/^name,base flat \(nanoseconds\),target flat/);
    // pprof's order: the largest change of flat first, either way.
    const flatDeltas = (text: string) => text.trim().split('\r\n').slice(1).map((line) => Number(line.split(',').at(-6)));
    const pprofOrder = flatDeltas(csv).map(Math.abs);
    expect(pprofOrder).toEqual([...pprofOrder].sort((a, b) => b - a));
    // The delta table sorted by Δcum, shrank most first: the CSV in that order.
    const byCum = text(await buildExport({ comparison }, { ...args, format: 'csv', deltaSort: { column: 'deltaCum', descending: false } }));
    const cumDeltas = byCum.trim().split('\r\n').slice(1).map((line) => Number(line.split(',').at(-2)));
    expect(cumDeltas[0]).toBeLessThan(0);
    expect(cumDeltas).toEqual([...cumDeltas].sort((a, b) => a - b));
  });

  it('hands over a buffer holding exactly the bytes', () => {
    const whole = Uint8Array.of(1, 2, 3);
    expect(ownBuffer(whole)).toBe(whole.buffer);
    const view = new Uint8Array(new ArrayBuffer(10), 2, 3);
    view.set([7, 8, 9]);
    expect(new Uint8Array(ownBuffer(view))).toEqual(Uint8Array.of(7, 8, 9));
  });
});
