import { describe, expect, it } from 'vitest';
import { computePeek } from '../shared/analysis/peek.js';
import { queryFromFlags, resolveSampleType, runQuery, type ProfileQuery } from '../shared/analysis/query.js';
import { exactMatchRegex } from '../shared/analysis/regex-quote.js';
import { computeSandwich, type EdgeList } from '../shared/analysis/sandwich.js';
import type { Profile } from '../shared/model/profile.js';
import { loadFixture, readGoldens, type PeekGolden } from './golden-helpers.js';

const peekGoldens = readGoldens().filter((g): g is { name: string; golden: PeekGolden } => 'regex' in g.golden);

const edgeRows = (profile: Profile, edges: EdgeList) =>
  Array.from(edges.func, (f, i) => ({ name: profile.strings[profile.functions.name[f]], value: edges.value[i] }));

/** The sandwich's header and direct rows against computePeek (itself checked against go tool pprof -peek). */
function expectSandwichesMatchPeek(profile: Profile, query: ProfileQuery, regex: string) {
  const peek = computePeek(profile, query, regex);
  const tree = runQuery(profile, query, { tree: true }).tree!;
  expect(peek.functions.length).toBeGreaterThan(0);
  for (const entry of peek.functions) {
    const sandwich = computeSandwich(profile, tree, entry.func, 'name');
    const name = profile.strings[profile.functions.name[entry.func]];
    const asPeek = (edges: typeof entry.callers) => edges.map((e) => ({ name: profile.strings[profile.functions.name[e.func]], value: e.value }));
    expect({ name, flat: sandwich.flat, cum: sandwich.cum, callers: edgeRows(profile, sandwich.directCallers), callees: edgeRows(profile, sandwich.directCallees) }).toEqual({
      name,
      flat: entry.flat,
      cum: entry.cum,
      callers: asPeek(entry.callers),
      callees: asPeek(entry.callees),
    });
    // Both trees are sized by the function's cum.
    expect(sandwich.callers.total[0]).toBe(entry.cum);
    expect(sandwich.callees.total[0]).toBe(entry.cum);
    expect(sandwich.callees.self[0]).toBe(entry.flat - innerFlat(sandwich, entry.func));
  }
}

/** Flat of the function's own recursive calls inside its callees tree. */
function innerFlat(sandwich: ReturnType<typeof computeSandwich>, func: number): number {
  let flat = 0;
  for (let n = 1; n < sandwich.callees.count; n++) if (sandwich.callees.func[n] === func) flat += sandwich.callees.self[n];
  return flat;
}

describe('the sandwich shows pprof -peek numbers', () => {
  it.each(peekGoldens)('$name', async ({ golden }) => {
    const profile = await loadFixture(golden.file);
    const query = { ...queryFromFlags(golden.flags), sampleTypeIndex: resolveSampleType(profile, golden.flags.sample_index) };
    expectSandwichesMatchPeek(profile, query, golden.regex);
  });

  it.each(['app-v1-cpu.pb.gz', 'synth-small.pb.gz', 'edge-deep-stack.pb.gz', 'app-v2-heap.pb.gz'])('for every function of %s', async (file) => {
    const profile = await loadFixture(file);
    expectSandwichesMatchPeek(profile, {}, '.');
  });
});

describe('sandwich trees', () => {
  it('puts the function at the root of both trees and its callers above it', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const func = profile.functions.name.findIndex((s) => profile.strings[s] === 'runtime.mallocgc');
    const tree = runQuery(profile, {}, { tree: true }).tree!;
    const sandwich = computeSandwich(profile, tree, func, 'name');
    expect(sandwich.callers.func[0]).toBe(func);
    expect(sandwich.callees.func[0]).toBe(func);
    // Depth 1 of the callers tree: the outermost calls' direct callers.
    const firstCallers = new Set<number>();
    for (let n = 1; n < sandwich.callers.count; n++) if (sandwich.callers.depth[n] === 1) firstCallers.add(sandwich.callers.func[n]);
    expect(firstCallers.size).toBeGreaterThan(0);
    for (const f of firstCallers) expect(Array.from(sandwich.directCallers.func)).toContain(f);
    expect(exactMatchRegex('runtime.mallocgc')).toBe('^runtime\\.mallocgc$');
  });
});
