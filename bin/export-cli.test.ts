import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { fixturesDir } from '../test/golden-helpers.js';

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const chunks: Uint8Array[] = [];
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t), bytes: (b) => chunks.push(b) });
  return { status, out, err, bytes: Buffer.concat(chunks) };
}

interface TopReport {
  total: number;
  functions: { name: string; flat: number; cum: number }[];
}

async function top(file: string, ...flags: string[]) {
  const { status, out, err } = await run('top', file, '--json', ...flags);
  expect(err).toBe('');
  expect(status).toBe(0);
  const report = JSON.parse(out) as TopReport;
  return report.functions.filter((f) => f.flat !== 0 || f.cum !== 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const dir = mkdtempSync(join(tmpdir(), 'flamedeck-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const v1cpu = `${fixturesDir}app-v1-cpu.pb.gz`;
const v2cpu = `${fixturesDir}app-v2-cpu.pb.gz`;
const filterFlags = ['--hide', 'runtime\\.', '--tagfocus', 'customer_tier=free,pro', '--sample-type', 'cpu'];

describe('flamedeck export', () => {
  it('--format pprof writes a .pb.gz whose top is the filtered top', async () => {
    const out = join(dir, 'view.pb.gz');
    const { status, err } = await run('export', v1cpu, '--format', 'pprof', ...filterFlags, '-o', out);
    expect(status).toBe(0);
    expect(err).toMatch(/^flamedeck: wrote \d+ bytes to .*view\.pb\.gz\n$/);
    expect([...readFileSync(out).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(await top(out)).toEqual(await top(v1cpu, ...filterFlags));
  });

  it('--format folded -o - prints folded stacks that open as the filtered top', async () => {
    const { status, out } = await run('export', v1cpu, '--format', 'folded', ...filterFlags, '-o', '-');
    expect(status).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^\S.* \d+$/);
    const file = join(dir, 'view.folded');
    writeFileSync(file, out);
    expect(await top(file)).toEqual(await top(v1cpu, ...filterFlags));
    // A .txt name opens too: files are told by content.
    const txt = join(dir, 'stacks.txt');
    writeFileSync(txt, out);
    const opened = await run('top', txt, '--json');
    expect(opened.status).toBe(0);
  });

  it('--format csv writes the top table', async () => {
    const out = join(dir, 'top.csv');
    expect((await run('export', v1cpu, '--format', 'csv', ...filterFlags, '-o', out)).status).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('name,flat (nanoseconds),flat%,sum%,cum (nanoseconds),cum%');
    const expected = await top(v1cpu, ...filterFlags);
    expect(lines.length - 2).toBe(expected.length);
  });

  it('--base writes the comparison as pprof -diff_base does', async () => {
    const { status, bytes } = await run('export', v2cpu, '--base', v1cpu, '--format', 'pprof', '--sample-type', 'cpu', '-o', '-');
    expect(status).toBe(0);
    const file = join(dir, 'diff.pb');
    writeFileSync(file, gunzipSync(bytes));
    const diff = await run('diff', v1cpu, v2cpu, '--json', '--sample-type', 'cpu');
    const expected = (JSON.parse(diff.out) as TopReport).functions
      .filter((f) => f.flat !== 0 || f.cum !== 0)
      .map(({ name, flat, cum }) => ({ name, flat, cum }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(await top(file)).toEqual(expected);
    const csv = await run('export', v2cpu, '--base', v1cpu, '--format', 'csv', '-o', '-');
    expect(csv.out.split('\r\n')[0]).toMatch(/^name,base flat \(\w+\),target flat/);
    const folded = await run('export', v2cpu, '--base', v1cpu, '--format', 'folded', '-o', '-');
    expect(folded.out.split('\n')[0]).toMatch(/^\S.* -?\d+ -?\d+$/);
  });

  it('--format svg draws the filtered flame graph, or the icicle, as the app does', async () => {
    const out = join(dir, 'cpu.svg');
    const flame = await run('export', v1cpu, '--format', 'svg', '--tagfocus', 'customer_tier=free', '-o', out);
    expect(flame.status).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*\?>\s*<svg /);
    expect(svg).toContain('width="1200"');
    expect(svg).toContain('<title>main.handleRequest');
    expect(svg).toContain('customer_tier=free');
    // The header says what the filtered graph's full width stands for, beside pprof's total.
    expect(svg).toMatch(/total 7\.73s, shown 2\.56s/);
    const icicle = await run('export', v1cpu, '--format', 'svg', '--view', 'icicle', '--width', '640', '--theme', 'dark', '-o', '-');
    expect(icicle.status).toBe(0);
    expect(icicle.out).toContain('width="640"');
    expect(icicle.out).not.toBe(svg);
    const comparison = await run('export', v1cpu, '--base', v2cpu, '--format', 'svg', '-o', '-');
    expect(comparison.status).toBe(2);
    expect(comparison.err).toMatch(/the diff graph of a comparison is exported from the app/);
    // A pprof diff file (pprof::base samples) is a comparison too: its signed total would draw an empty image.
    const diffFile = await run('export', `${fixturesDir}diff-v2-minus-v1-cpu.pb.gz`, '--format', 'svg', '-o', '-');
    expect(diffFile.status).toBe(2);
    expect(diffFile.err).toMatch(/is a comparison \(a diff: its negative samples are the base\); the diff graph of a comparison is exported from the app/);
    expect((await run('export', v1cpu, '--format', 'svg', '--width', 'wide', '-o', '-')).status).toBe(2);
    expect((await run('export', v1cpu, '--format', 'svg', '--view', 'sideways', '-o', '-')).status).toBe(2);
  });

  it('says why it could not write OUT, naming OUT, and leaves nothing behind', async () => {
    const missing = await run('export', v1cpu, '--format', 'csv', '-o', join(dir, 'no', 'such', 'dir', 'x.csv'));
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/x\.csv: could not write the export: the folder does not exist\n/);
    expect(missing.err).not.toContain('partial');
    const folder = await run('export', v1cpu, '--format', 'csv', '-o', dir);
    expect(folder.status).toBe(1);
    expect(folder.err).toMatch(/could not write the export: a folder has that name\n/);
    expect(readdirSync(dir).some((name) => name.includes('.partial-'))).toBe(false);
  });

  it('is in the usage text', async () => {
    const help = await run('help');
    expect(help.out).toContain('flamedeck export FILE --format pprof|folded|csv|svg -o OUT|-');
  });

  it('refuses bad usage with status 2 and a bad file with status 1 and one sentence', async () => {
    const unknown = await run('export', v1cpu, '--format', 'bmp', '-o', join(dir, 'x'));
    expect(unknown.status).toBe(2);
    expect(unknown.err).toMatch(/^flamedeck: export cannot write --format "bmp" \(it writes pprof, folded, svg, csv\)\n/);
    const noOutput = await run('export', v1cpu, '--format', 'pprof');
    expect(noOutput.status).toBe(2);
    expect(noOutput.err).toMatch(/^flamedeck: export needs -o FILE/);
    expect((await run('export', v1cpu, '-o', '-')).status).toBe(2);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'hello, this is not a profile\n');
    const bad = await run('export', notes, '--format', 'pprof', '-o', join(dir, 'bad.pb.gz'));
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^flamedeck: .*notes\.txt: This is not a pprof profile — it looks like text\./);
    expect(bad.err.trimEnd().split('\n')).toHaveLength(1);
    const badType = await run('export', v1cpu, '--format', 'csv', '--sample-type', 'nope', '-o', '-');
    expect(badType.status).toBe(1);
    expect(badType.err).toMatch(/unknown sample type "nope"/);
  });
});
