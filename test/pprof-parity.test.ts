import { describe, expect, it } from 'vitest';
import { queryFromFlags, resolveSampleType, runQuery, samplePredicate } from '../shared/analysis/query.js';
import { summarizeTags } from '../shared/analysis/tag-summary.js';
import type { CallTree } from '../shared/analysis/call-tree.js';
import { main } from '../bin/cli.js';
import { loadFixture, readGoldens, fixturesDir, type TagsGolden, type TopGolden } from './golden-helpers.js';

const goldens = readGoldens();
const topGoldens = goldens.filter((g): g is { name: string; golden: TopGolden } => 'functions' in g.golden && !('regex' in g.golden));
const tagGoldens = goldens.filter((g): g is { name: string; golden: TagsGolden } => 'text' in g.golden && !('regex' in g.golden));

describe('flat/cum/total equal go tool pprof -top', () => {
  it('has goldens for every fixture', () => {
    expect(topGoldens.length).toBeGreaterThan(60);
  });

  it.each(topGoldens)('$name', async ({ golden }) => {
    const profile = await loadFixture(golden.file);
    const result = runQuery(profile, { ...queryFromFlags(golden.flags), sampleTypeIndex: resolveSampleType(profile, golden.flags.sample_index) });
    const type = profile.sampleTypes[result.sampleTypeIndex];
    expect({ type: type.type, unit: type.unit }).toEqual({ type: golden.sampleType, unit: golden.unit });
    expect(result.total).toBe(golden.total);
    const top = result.top!;
    const rows = Array.from({ length: top.count }, (_, i) => ({
      name: profile.strings[profile.functions.name[top.func[i]]],
      flat: top.flat[i],
      cum: top.cum[i],
    }));
    // pprof lists by |flat| then name; compare as sets keyed by name, then the order of flats.
    const byName = (list: typeof rows) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(byName(rows)).toEqual(byName(golden.functions));
    expect(rows.map((r) => Math.abs(r.flat))).toEqual(golden.functions.map((r) => Math.abs(r.flat)));

    // The table computed straight from the stacks (the CLI's path) is the same table.
    const stacksOnly = runQuery(profile, { ...queryFromFlags(golden.flags), sampleTypeIndex: result.sampleTypeIndex }, { top: true }).top!;
    expect(Array.from(stacksOnly.func)).toEqual(Array.from(top.func));
    expect(Array.from(stacksOnly.flat)).toEqual(Array.from(top.flat));
    expect(Array.from(stacksOnly.cum)).toEqual(Array.from(top.cum));

    // The call tree the flame graph draws carries the same numbers.
    const fromTree = flatCumFromTree(result.tree!);
    for (let i = 0; i < top.count; i++) {
      expect(fromTree.get(top.func[i])).toEqual({ flat: top.flat[i], cum: top.cum[i] });
    }
    expect(result.tree!.total[0]).toBe(golden.functions.reduce((sum, f) => sum + f.flat, 0));
  });
});

/** flat and cum per function from a depth-first call tree (outermost occurrences for cum). */
function flatCumFromTree(tree: CallTree): Map<number, { flat: number; cum: number }> {
  const out = new Map<number, { flat: number; cum: number }>();
  const activeDepth = new Map<number, number>();
  const open: number[] = [];
  for (let i = 1; i < tree.count; i++) {
    while (open.length >= tree.depth[i]) {
      const closed = tree.func[open.pop()!];
      activeDepth.set(closed, activeDepth.get(closed)! - 1);
    }
    const func = tree.func[i];
    const row = out.get(func) ?? { flat: 0, cum: 0 };
    if (!activeDepth.get(func)) row.cum += tree.total[i];
    row.flat += tree.self[i];
    out.set(func, row);
    activeDepth.set(func, (activeDepth.get(func) ?? 0) + 1);
    open.push(i);
    expect(tree.subtreeEnd[i]).toBeGreaterThan(i);
  }
  return out;
}

/** `-tags` text as (key, total) and (key, amount, share, value) tuples, whitespace aside. */
function parseTags(text: string) {
  const out: string[] = [];
  let key = '';
  for (const line of text.split('\n')) {
    const head = /^\s*(\S+): Total (\S+)$/.exec(line);
    if (head) {
      key = head[1];
      out.push(`${key} total ${head[2]}`);
      continue;
    }
    const row = /^\s*(\S+)(?: \(\s*([^)]+)\))?:\s+(.*)$/.exec(line);
    if (row) out.push(`${key} ${row[1]} ${row[2] ?? ''} ${row[3]}`);
  }
  return out;
}

describe('tag summaries equal go tool pprof -tags', () => {
  it.each(tagGoldens)('$name', async ({ golden }) => {
    const profile = await loadFixture(golden.file);
    const sampleTypeIndex = resolveSampleType(profile, golden.flags.sample_index);
    const keys = summarizeTags(profile, sampleTypeIndex, samplePredicate(profile, queryFromFlags(golden.flags)));
    expect(keys.length > 0).toBe(golden.text.trim() !== '');
    let text = '';
    const args = ['tags', `${fixturesDir}${golden.file}`];
    if (golden.flags.sample_index) args.push('--sample-type', golden.flags.sample_index);
    if (golden.flags.tagfocus) args.push('--tagfocus', golden.flags.tagfocus);
    const status = await main(args, { out: (t) => (text += t), err: (t) => (text += t) });
    expect(status).toBe(0);
    expect(parseTags(text)).toEqual(parseTags(golden.text));
  });
});
