import { describe, expect, it } from 'vitest';
import { computePeek, type PeekEdge } from '../shared/analysis/peek.js';
import { queryFromFlags, resolveSampleType } from '../shared/analysis/query.js';
import type { Profile } from '../shared/model/profile.js';
import { loadFixture, readGoldens, settleSignTies, type PeekGolden } from './golden-helpers.js';

const peekGoldens = readGoldens().filter((g): g is { name: string; golden: PeekGolden } => 'regex' in g.golden);

function edgesOf(profile: Profile, edges: PeekEdge[]) {
  return edges.map((e) => ({ name: profile.strings[profile.functions.name[e.func]], value: e.value, inline: e.inline }));
}

describe('callers and callees equal go tool pprof -peek', () => {
  it('has a golden for each case, each listing edges', () => {
    expect(peekGoldens.length).toBeGreaterThanOrEqual(10);
    for (const { golden } of peekGoldens) expect(golden.functions.some((f) => f.callers.length + f.callees.length > 0)).toBe(true);
  });

  it.each(peekGoldens)('$name', async ({ golden }) => {
    const profile = await loadFixture(golden.file);
    const query = { ...queryFromFlags(golden.flags), sampleTypeIndex: resolveSampleType(profile, golden.flags.sample_index) };
    const result = computePeek(profile, query, golden.regex);
    const type = profile.sampleTypes[result.sampleTypeIndex];
    expect({ type: type.type, unit: type.unit, total: result.total }).toEqual({ type: golden.sampleType, unit: golden.unit, total: golden.total });
    const functions = result.functions.map((f) => ({
      name: profile.strings[profile.functions.name[f.func]],
      flat: f.flat,
      cum: f.cum,
      callers: edgesOf(profile, f.callers),
      callees: edgesOf(profile, f.callees),
    }));
    expect(functions).toEqual(golden.functions.map((f) => ({ ...f, callers: settleSignTies(f.callers), callees: settleSignTies(f.callees) })));
  });
});
