import { describe, expect, it } from 'vitest';
import { queryFromFlags, resolveSampleType, runQuery } from '../shared/analysis/query.js';
import type { CallTree } from '../shared/analysis/call-tree.js';
import type { Profile } from '../shared/model/profile.js';
import { loadFixture, readGoldens, type TracesGolden } from './golden-helpers.js';

const traceGoldens = readGoldens().filter((g): g is { name: string; golden: TracesGolden } => 'paths' in g.golden);

interface PathValues {
  total: number;
  self: number;
}

/**
 * Per call path (root→leaf names joined by ";"): the summed total and self of the tree's nodes on
 * it. Nodes are keyed by names because pprof prints names; two functions of one name under one
 * parent add up, as they do in pprof's output.
 */
function treeByPath(profile: Profile, tree: CallTree): Map<string, PathValues> {
  const key: string[] = new Array<string>(tree.count);
  const out = new Map<string, PathValues>();
  for (let i = 1; i < tree.count; i++) {
    const name = profile.strings[profile.functions.name[tree.func[i]]];
    key[i] = tree.parent[i] > 0 ? `${key[tree.parent[i]]};${name}` : name;
    const row = out.get(key[i]) ?? { total: 0, self: 0 };
    row.total += tree.total[i];
    row.self += tree.self[i];
    out.set(key[i], row);
  }
  return out;
}

/** The same from the golden: a path's self is its own samples, its total theirs and its extensions'. */
function goldenByPath(golden: TracesGolden): Map<string, PathValues> {
  const out = new Map<string, PathValues>();
  for (const [path, value] of Object.entries(golden.paths)) {
    const names = path.split(';');
    for (let depth = 1; depth <= names.length; depth++) {
      const prefix = names.slice(0, depth).join(';');
      const row = out.get(prefix) ?? { total: 0, self: 0 };
      row.total += value;
      if (depth === names.length) row.self += value;
      out.set(prefix, row);
    }
  }
  return out;
}

/** A path with nothing on it (a zero-value sample's stack) is no number to compare: pprof prints it, a tree may omit it. */
function withoutEmpty(paths: Map<string, PathValues>): [string, PathValues][] {
  return [...paths].filter(([, v]) => v.total !== 0 || v.self !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('the call tree equals go tool pprof -traces, path by path', () => {
  it('has trace goldens with stacks in them', () => {
    expect(traceGoldens.length).toBeGreaterThanOrEqual(10);
    for (const { golden } of traceGoldens) expect(Object.keys(golden.paths).length).toBeGreaterThan(0);
  });

  const cases = traceGoldens.flatMap((g) => (['name', 'weight'] as const).map((order) => ({ ...g, order })));
  it.each(cases)('$name, children by $order', async ({ golden, order }) => {
    const profile = await loadFixture(golden.file);
    const sampleTypeIndex = resolveSampleType(profile, golden.flags.sample_index);
    const result = runQuery(profile, { ...queryFromFlags(golden.flags), sampleTypeIndex, order });
    expect(profile.sampleTypes[result.sampleTypeIndex].type).toBe(golden.sampleType);
    const tree = result.tree!;
    const expected = goldenByPath(golden);
    expect(withoutEmpty(treeByPath(profile, tree))).toEqual(withoutEmpty(expected));
    // The root holds every kept sample's value. pprof prints no value for a sample that filters
    // left without a frame, so the cases are chosen to have none.
    expect(golden.emptyStacks).toBe(0);
    expect(tree.total[0]).toBe(Object.values(golden.paths).reduce((a, b) => a + b, 0));
  });
});
