import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runQuery } from '../analysis/query.js';
import { computeDiffTop } from '../analysis/diff-top.js';
import { decodeProfile } from '../formats/pprof-decode.js';
import { decodeFolded } from '../formats/folded-decode.js';
import { deltaTableCsv, topTableCsv } from './table-csv.js';
import { parseCsv } from '../../test/export-helpers.js';

const fixture = (name: string) => decodeProfile(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url)));


describe('top table as CSV', () => {
  it('has pprof -top’s columns with raw numbers and the unit in the header', async () => {
    const profile = await fixture('app-v1-cpu.pb.gz');
    const result = runQuery(profile, {}, { top: true });
    const rows = parseCsv(topTableCsv(profile, result.top!, result.total, result.sampleTypeIndex));
    expect(rows[0]).toEqual(['name', 'flat (nanoseconds)', 'flat%', 'sum%', 'cum (nanoseconds)', 'cum%']);
    expect(rows.length).toBe(result.top!.count + 1);
    const first = rows[1];
    expect(first[0]).toBe(profile.strings[profile.functions.name[result.top!.func[0]]]);
    expect(Number(first[1])).toBe(result.top!.flat[0]);
    expect(Number(first[4])).toBe(result.top!.cum[0]);
    expect(first[2]).toBe(((result.top!.flat[0] / result.total) * 100).toFixed(2));
    expect(first[3]).toBe(first[2]);
    expect(Number(rows.at(-1)![3])).toBeCloseTo(100 * (runQuery(profile, {}, { top: true }).top!.flat.reduce((a, b) => a + b, 0) / result.total), 2);
  });

  it('quotes as RFC 4180 and defuses formulas', () => {
    const profile = decodeFolded(new TextEncoder().encode('main;=HYPERLINK("http://x"),a;@SUM(1) 2\nmain;-neg;+plus;say "hi", then\tgo 1\n'));
    const result = runQuery(profile, {}, { top: true });
    const csv = topTableCsv(profile, result.top!, result.total, 0);
    expect(csv).toContain('"\'=HYPERLINK(""http://x""),a"');
    const names = parseCsv(csv).slice(1).map((r) => r[0]);
    expect(names.sort()).toEqual(["'+plus", "'-neg", "'=HYPERLINK(\"http://x\"),a", "'@SUM(1)", 'main', 'say "hi", then\tgo'].sort());
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('delta table as CSV', () => {
  it('has each side, the delta and its share of the diff total, negative numbers as numbers', async () => {
    const diff = computeDiffTop(await fixture('app-v1-cpu.pb.gz'), await fixture('app-v2-cpu.pb.gz'), {}, { sampleType: 'cpu' });
    const rows = parseCsv(deltaTableCsv(diff));
    expect(rows[0][0]).toBe('name');
    expect(rows[0][3]).toBe('flat delta (nanoseconds)');
    expect(rows.length).toBe(diff.count + 1);
    const negative = diff.names.findIndex((_, i) => diff.flat[i] < 0);
    expect(negative).toBeGreaterThanOrEqual(0);
    const row = rows[negative + 1];
    expect(row.slice(0, 4)).toEqual([diff.names[negative], String(diff.baseFlat[negative]), String(diff.targetFlat[negative]), String(diff.flat[negative])]);
    expect(row[4]).toBe(((diff.flat[negative] / diff.total) * 100).toFixed(2));
  });
});
