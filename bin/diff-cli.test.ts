import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { compareGoStrings } from '../shared/analysis/go-string-order.js';
import { fixturesDir } from '../test/golden-helpers.js';

interface DiffReport {
  sampleType: string;
  unit: string;
  total: number;
  baseTotal: number;
  targetTotal: number;
  functions: { name: string; flat: number; cum: number; baseFlat: number; baseCum: number }[];
}
interface TopReport {
  total: number;
  functions: { name: string; flat: number; cum: number }[];
}

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

const v1cpu = `${fixturesDir}app-v1-cpu.pb.gz`;
const v2cpu = `${fixturesDir}app-v2-cpu.pb.gz`;

async function top(file: string, ...flags: string[]): Promise<TopReport> {
  const { status, out } = await run('top', file, '--json', ...flags);
  expect(status).toBe(0);
  return JSON.parse(out) as TopReport;
}

describe('flamedeck diff', () => {
  it('prints the JSON contract: every function of either profile, each side from its own top', async () => {
    const { status, out, err } = await run('diff', v1cpu, v2cpu, '--json', '--sample-type', 'cpu');
    expect(status).toBe(0);
    expect(err).toBe('');
    const report = JSON.parse(out) as DiffReport;
    expect(Object.keys(report)).toEqual(['sampleType', 'unit', 'total', 'baseTotal', 'targetTotal', 'functions']);
    expect(Object.keys(report.functions[0])).toEqual(['name', 'flat', 'cum', 'baseFlat', 'baseCum']);
    const [base, target] = await Promise.all([top(v1cpu, '--sample-type', 'cpu'), top(v2cpu, '--sample-type', 'cpu')]);
    expect(report).toMatchObject({ sampleType: 'cpu', unit: 'nanoseconds', total: base.total, baseTotal: base.total, targetTotal: target.total });
    const baseRows = new Map(base.functions.map((f) => [f.name, f]));
    const targetRows = new Map(target.functions.map((f) => [f.name, f]));
    expect(new Set(report.functions.map((f) => f.name))).toEqual(new Set([...baseRows.keys(), ...targetRows.keys()]));
    expect(report.functions.some((f) => f.flat === 0 && f.cum === 0)).toBe(true); // kept, unlike pprof's table
    for (const f of report.functions) {
      const b = baseRows.get(f.name) ?? { flat: 0, cum: 0 };
      const t = targetRows.get(f.name) ?? { flat: 0, cum: 0 };
      expect(f).toEqual({ name: f.name, flat: t.flat - b.flat, cum: t.cum - b.cum, baseFlat: b.flat, baseCum: b.cum });
    }
    for (let i = 1; i < report.functions.length; i++) {
      const [a, b] = [report.functions[i - 1], report.functions[i]];
      expect(Math.abs(a.flat) > Math.abs(b.flat) || (Math.abs(a.flat) === Math.abs(b.flat) && compareGoStrings(a.name, b.name) < 0)).toBe(true);
    }
  });

  it('--fail-on-growth exits 3 naming exactly the functions whose cum share grew by more than PCT points', async () => {
    const [base, target] = await Promise.all([top(v1cpu), top(v2cpu)]);
    const share = (report: TopReport, name: string) => ((report.functions.find((f) => f.name === name)?.cum ?? 0) / report.total) * 100;
    const names = new Set([...base.functions, ...target.functions].map((f) => f.name));
    const grown = [...names].filter((name) => share(target, name) - share(base, name) > 2).sort();
    expect(grown.length).toBeGreaterThan(0);

    const { status, out, err } = await run('diff', v1cpu, v2cpu, '--fail-on-growth', '2');
    expect(status).toBe(3);
    expect(out).toMatch(/^Type: cpu\n/); // the report is still printed
    expect(err).toMatch(new RegExp(`^flamedeck: ${grown.length} functions? grew by more than 2 points of cum share:\n`));
    const named = [...err.matchAll(/^ {2}(.+): [\d.]+% → [\d.]+% \(\+[\d.]+ points\)$/gm)].map((m) => m[1]).sort();
    expect(named).toEqual(grown);

    expect((await run('diff', v1cpu, v2cpu, '--json', '--fail-on-growth', '100')).status).toBe(0);
    expect((await run('diff', v1cpu, v2cpu, '--fail-on-growth', 'lots')).status).toBe(2);
  });

  it('says clearly when the two profiles have no sample type in common (exit 1)', async () => {
    const { status, out, err } = await run('diff', v1cpu, `${fixturesDir}app-v2-heap.pb.gz`);
    expect(status).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      `flamedeck: ${v1cpu} → ${fixturesDir}app-v2-heap.pb.gz: the two profiles have no sample type in common ` +
        '(base: samples, cpu; target: alloc_objects, alloc_space, inuse_objects, inuse_space)\n',
    );
  });

  it('names a corrupt or missing file (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flamedeck-diff-'));
    const corrupt = join(dir, 'corrupt.pb.gz');
    writeFileSync(corrupt, Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]));
    for (const [base, target, bad] of [[corrupt, v2cpu, corrupt], [v1cpu, corrupt, corrupt], [v1cpu, join(dir, 'missing.pb'), join(dir, 'missing.pb')]]) {
      const { status, out, err } = await run('diff', base, target);
      expect(status).toBe(1);
      expect(out).toBe('');
      expect(err.split('\n')).toHaveLength(2);
      expect(err.startsWith(`flamedeck: ${bad}: `)).toBe(true);
    }
  });

  it('takes exactly two files', async () => {
    expect((await run('diff', v1cpu)).status).toBe(2);
    expect((await run('diff', v1cpu, v2cpu, v2cpu)).status).toBe(2);
  });

  it('--nodecount shows the top N rows of the table', async () => {
    const { status, out } = await run('diff', v1cpu, v2cpu, '--nodecount', '3');
    expect(status).toBe(0);
    expect(out).toMatch(/^Showing top 3 nodes out of \d+$/m);
    expect(out.trimEnd().split('\n').slice(-4)[0]).toMatch(/^\s+flat\s+flat%/);
  });
});
