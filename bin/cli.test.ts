import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { ProfileWriter } from '../test/hostile/craft.js';

const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
const bin = new URL('./flamedeck.mjs', import.meta.url).pathname;

interface TopReport {
  sampleType: string;
  unit: string;
  total: number;
  functions: { name: string; flat: number; cum: number }[];
}

const parseTop = (text: string) => JSON.parse(text) as TopReport;

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

describe('flamedeck top', () => {
  it('prints exactly the JSON contract, every function sorted by flat', async () => {
    const { status, out } = await run('top', `${fixtures}app-v1-cpu.pb.gz`, '--json');
    expect(status).toBe(0);
    const report = parseTop(out);
    expect(Object.keys(report)).toEqual(['sampleType', 'unit', 'total', 'functions']);
    expect(report).toMatchObject({ sampleType: 'cpu', unit: 'nanoseconds', total: 7_730_000_000 });
    expect(report.functions[0]).toEqual({ name: 'crypto/sha256.block', flat: 2_760_000_000, cum: 2_760_000_000 });
    const flats = report.functions.map((f) => f.flat);
    expect(flats).toEqual([...flats].sort((a, b) => b - a));
    expect(report.functions.length).toBeGreaterThan(200);
  });

  it('prints a pprof-like table with units and honours --nodecount and --sample-type', async () => {
    const { out } = await run('top', `${fixtures}app-v1-cpu.pb.gz`, '--nodecount', '3');
    const lines = out.trim().split('\n');
    // As pprof: the unit is chosen from the rows shown.
    expect(lines).toContain('Showing nodes accounting for 4140ms, 53.56% of 7730ms total');
    expect(lines.at(-3)).toBe('    2760ms 35.71% 35.71%     2760ms 35.71%  crypto/sha256.block');
    expect(lines).toHaveLength(8);
    const heap = await run('top', `${fixtures}app-v1-heap.pb.gz`, '--sample-type', 'alloc_space', '--nodecount', '1');
    expect(heap.out).toMatch(/Type: alloc_space/);
    expect(heap.out).toMatch(/MB/);
    const byIndex = await run('top', `${fixtures}app-v1-heap.pb.gz`, '--sample-type', '0', '--json');
    expect(parseTop(byIndex.out).sampleType).toBe('alloc_objects');
  });

  it('applies the filters', async () => {
    const { out } = await run('top', `${fixtures}app-v1-cpu.pb.gz`, '--json', '--tagfocus', 'endpoint=/healthz', '--hide', 'runtime');
    const report = parseTop(out);
    expect(report.total).toBe(7_730_000_000);
    expect(report.functions.some((f) => f.name.startsWith('runtime.'))).toBe(false);
  });

  it('rejects an unknown sample type and a bad regex with a one-line message', async () => {
    const type = await run('top', `${fixtures}app-v1-cpu.pb.gz`, '--sample-type', 'bogus');
    expect(type.status).toBe(1);
    expect(type.err.trim().split('\n')).toHaveLength(1);
    expect(type.err).toMatch(/unknown sample type "bogus" \(this profile has 0:samples, 1:cpu\)/);
    const regex = await run('top', `${fixtures}app-v1-cpu.pb.gz`, '--focus', '(');
    expect(regex.status).toBe(1);
    expect(regex.err.trim().split('\n')).toHaveLength(1);
    expect(regex.err).toMatch(/app-v1-cpu\.pb\.gz: invalid regular expression/);
  });
});

describe('bad input: one line naming the file, non-zero exit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flamedeck-cli-'));
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['empty.pb.gz', new Uint8Array(), /empty/],
    ['notes.txt', 'just some text\n', /not a pprof profile/],
    ['cut.pb.gz', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00]), /truncated/],
  ];
  it.each(cases)('%s', async (name, content, message) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const { status, err } = await run('top', path);
    expect(status).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(path);
    expect(err).toMatch(message);
  });

  it('a missing file', async () => {
    const { status, err } = await run('tags', join(dir, 'nope.pb.gz'));
    expect(status).toBe(1);
    expect(err).toMatch(/nope\.pb\.gz: no such file/);
  });

  it('usage errors exit 2', async () => {
    expect((await run('top')).status).toBe(2);
    expect((await run('frobnicate')).status).toBe(2);
    expect((await run('top', 'a', '--no-such-flag')).status).toBe(2);
  });
});

describe('odd but valid profiles (issue 7, defect 8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flamedeck-cli-odd-'));

  it('tags lists a key with a million distinct values', async () => {
    const w = new ProfileWriter().sampleType('samples', 'count').function(1, 'main.main').location(1, 0, [1]);
    const count = 1_000_000;
    for (let i = 0; i < count; i++) w.sample([1], [1 + (i % 7)], [{ key: 'request_id', str: `r${i}` }]);
    const path = join(dir, 'million-values.pb');
    writeFileSync(path, w.finish());
    const { status, out, err } = await run('tags', path);
    expect(err).toBe('');
    expect(status).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^request_id: Total \d+/);
    expect(lines.filter((l) => /: r\d+$/.test(l))).toHaveLength(count);
  }, 120_000);

  it('top and tags on a profile without sample types: one clear line', async () => {
    const path = join(dir, 'no-sample-types.pb');
    writeFileSync(path, new ProfileWriter().function(1, 'main.main').location(1, 0, [1]).finish());
    for (const args of [['tags', path, '--json'], ['tags', path], ['top', path, '--json'], ['top', path]]) {
      const { status, out, err } = await run(...args);
      expect(out).toBe('');
      expect(status).toBe(1);
      expect(err).toBe(`flamedeck: ${path}: the profile has no sample types\n`);
    }
  });
});

describe('the memory limit (issue 7, defect 6)', () => {
  const small = `${fixtures}synth-small.pb.gz`;

  it('--max-memory refuses a profile that needs more, in one sentence', async () => {
    const { status, err } = await run('top', small, '--max-memory', '1mb');
    expect(status).toBe(1);
    expect(err).toMatch(/^flamedeck: \S+synth-small\.pb\.gz: the profile .*more than the 1 MB (memory )?limit.*--max-memory or FLAMEDECK_MAX_MEMORY raises it\)\n$/);
    expect((await run('top', small, '--max-memory', '4gb', '--json')).status).toBe(0);
    expect((await run('tags', small, '--max-memory', '1.5 GB')).status).toBe(0);
  });

  it('FLAMEDECK_MAX_MEMORY sets it too; a bad size is a usage error', async () => {
    process.env.FLAMEDECK_MAX_MEMORY = '1mb';
    try {
      expect((await run('tags', small)).err).toMatch(/more than the 1 MB/);
    } finally {
      delete process.env.FLAMEDECK_MAX_MEMORY;
    }
    const bad = await run('top', small, '--max-memory', 'lots');
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/--max-memory takes a size such as 4gb or 800mb, not "lots"/);
  });
});

describe('the installed command', () => {
  it('runs through bin/flamedeck.mjs with no build step', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'tags', `${fixtures}app-v1-cpu.pb.gz`]);
    expect(stdout).toMatch(/^customer_tier: Total 7\.5s/);
    const failed = (await promisify(execFile)(process.execPath, [bin, 'top', '/nonexistent.pb.gz']).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('flamedeck: /nonexistent.pb.gz: no such file\n');
  });
});
