import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { fixturesDir, hasSignTies, readGoldens, settleSignTies, type PeekGolden } from '../test/golden-helpers.js';

const peekGoldens = readGoldens().filter((g): g is { name: string; golden: PeekGolden } => 'regex' in g.golden);

interface PeekReport {
  sampleType: string;
  unit: string;
  total: number;
  functions: { name: string; flat: number; cum: number; callers: { name: string; value: number }[]; callees: { name: string; value: number }[] }[];
}

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

const flagArgs = (flags: Record<string, string>) =>
  Object.entries(flags).flatMap(([k, v]) => [k === 'sample_index' ? '--sample-type' : `--${k}`, v]);

describe('flamedeck peek', () => {
  it('prints exactly the JSON contract', async () => {
    const { status, out } = await run('peek', `${fixturesDir}app-v1-cpu.pb.gz`, 'runtime\\.mallocgc$', '--json');
    expect(status).toBe(0);
    const report = JSON.parse(out) as PeekReport;
    expect(Object.keys(report)).toEqual(['sampleType', 'unit', 'total', 'functions']);
    expect(report).toMatchObject({ sampleType: 'cpu', unit: 'nanoseconds', total: 7_730_000_000 });
    expect(report.functions).toHaveLength(1);
    const [mallocgc] = report.functions;
    expect(Object.keys(mallocgc)).toEqual(['name', 'flat', 'cum', 'callers', 'callees']);
    expect(mallocgc).toMatchObject({ name: 'runtime.mallocgc', flat: 300_000_000, cum: 1_250_000_000 });
    expect(mallocgc.callers[0]).toEqual({ name: 'runtime.newobject', value: 670_000_000 });
    expect(mallocgc.callees.at(-1)).toEqual({ name: 'runtime.releasem', value: 10_000_000 });
  });

  it.each(peekGoldens)('--json equals $name', async ({ golden }) => {
    const { status, out } = await run('peek', fixturesDir + golden.file, golden.regex, ...flagArgs(golden.flags), '--json');
    expect(status).toBe(0);
    const report = JSON.parse(out) as PeekReport;
    expect({ sampleType: report.sampleType, unit: report.unit, total: report.total }).toEqual({ sampleType: golden.sampleType, unit: golden.unit, total: golden.total });
    const edges = (list: { name: string; value: number }[]) => settleSignTies(list).map(({ name, value }) => ({ name, value }));
    expect(report.functions).toEqual(golden.functions.map((f) => ({ ...f, callers: edges(f.callers), callees: edges(f.callees) })));
  });

  it.each(peekGoldens)('prints the table pprof prints for $name', async ({ golden }) => {
    const { status, out } = await run('peek', fixturesDir + golden.file, golden.regex, ...flagArgs(golden.flags));
    expect(status).toBe(0);
    const table = out.slice(out.indexOf('-----'));
    if (!hasSignTies(golden)) {
      expect(table).toBe(golden.text);
      return;
    }
    // pprof's order within such ties is chance: compare each function's block line by line, sorted.
    const blocks = (text: string) => text.split(/^-+\+-+$/m).map((block) => block.split('\n').sort());
    expect(blocks(table)).toEqual(blocks(golden.text));
  });

  it('says so in one line when nothing matches or the regex is bad, and asks for both arguments', async () => {
    const file = `${fixturesDir}app-v1-cpu.pb.gz`;
    const none = await run('peek', file, '^no such function$');
    expect(none).toEqual({ status: 1, out: '', err: `flamedeck: ${file}: no function matches "^no such function$"\n` });
    const bad = await run('peek', file, 'a(');
    expect(bad.status).toBe(1);
    expect(bad.err).toBe(`flamedeck: ${file}: invalid regular expression "a(": missing closing )\n`);
    const missing = await run('peek', file);
    expect(missing.status).toBe(2);
    expect(missing.err.split('\n')[0]).toBe('flamedeck: peek takes a FILE and a REGEX');
  });
});
