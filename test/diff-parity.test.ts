import { describe, expect, it } from 'vitest';
import { computeDiffTop } from '../shared/analysis/diff-top.js';
import { queryFromFlags } from '../shared/analysis/query.js';
import { main } from '../bin/cli.js';
import { fixturesDir, loadFixture, readDiffGoldens } from './golden-helpers.js';

const goldens = readDiffGoldens();

describe('flamedeck diff equals go tool pprof -top -diff_base', () => {
  it('has goldens for every kind of profile, plain and -normalize, with tag filters', () => {
    const kinds = new Set(goldens.map(({ golden }) => `${golden.target.replace(/^app-v\d-|\.pb\.gz$/g, '')}/${golden.sampleType}`));
    for (const kind of ['cpu/cpu', 'cpu/samples', 'heap/alloc_objects', 'heap/alloc_space', 'heap/inuse_objects', 'heap/inuse_space', 'allocs/alloc_space', 'goroutine/goroutine', 'mutex/delay', 'mutex/contentions', 'block/delay', 'block/contentions']) {
      expect(kinds).toContain(kind);
    }
    expect(goldens.some(({ golden }) => golden.normalize)).toBe(true);
    expect(goldens.filter(({ golden }) => golden.flags.tagfocus || golden.flags.tagignore).length).toBeGreaterThan(10);
  });

  it.each(goldens)('$name', async ({ golden }) => {
    const [base, target] = await Promise.all([loadFixture(golden.base), loadFixture(golden.target)]);
    const diff = computeDiffTop(base, target, queryFromFlags(golden.flags), { sampleType: golden.flags.sample_index, normalize: golden.normalize });
    expect({ type: diff.sampleType.type, unit: diff.sampleType.unit }).toEqual({ type: golden.sampleType, unit: golden.unit });
    expect(diff.total).toBe(golden.total);
    // pprof lists the nodes of the merged profile whose flat or cum is not 0; the same rows, in the same order.
    const rows = diff.names.map((name, i) => ({ name, flat: diff.flat[i], cum: diff.cum[i] })).filter((r) => r.flat !== 0 || r.cum !== 0);
    expect(rows).toEqual(golden.functions);
    // Each side's own columns add up to the delta.
    for (let i = 0; i < diff.count; i++) {
      expect(diff.targetFlat[i] - diff.baseFlat[i]).toBe(diff.flat[i]);
      expect(diff.targetCum[i] - diff.baseCum[i]).toBe(diff.cum[i]);
    }

    // The printed table, as pprof prints it (units, percentages, sum%).
    let out = '';
    const args = ['diff', `${fixturesDir}${golden.base}`, `${fixturesDir}${golden.target}`];
    for (const [flag, value] of Object.entries(golden.flags)) args.push(flag === 'sample_index' ? '--sample-type' : `--${flag}`, value);
    if (golden.normalize) args.push('--normalize');
    const status = await main(args, { out: (t) => (out += t), err: () => {} });
    expect(status).toBe(0);
    // As `flamedeck top`, the table leaves out pprof's "(inline)" / "(partial-inline)" marks.
    const pprofText = golden.text.replace(/ \((partial-)?inline\)$/gm, '');
    expect(out.slice(out.search(/^Showing nodes accounting for/m))).toBe(pprofText);
  });
});
