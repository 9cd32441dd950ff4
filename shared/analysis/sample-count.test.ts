import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Profile as PProfile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { splitDiffProfile } from './diff-split.js';
import { runQuery } from './query.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url).pathname;

/** The file's own samples, as pprof-format (the reference decoder) reads them, before any merging. */
function referenceSamples(file: string) {
  const ref = PProfile.decode(gunzipSync(readFileSync(`${fixtures}${file}`)));
  const strings = ref.stringTable.strings;
  const functionName = new Map(ref.function.map((f) => [Number(f.id), strings[Number(f.name)]]));
  const locationNames = new Map(ref.location.map((l) => [Number(l.id), l.line.map((line) => functionName.get(Number(line.functionId)) ?? '')]));
  return ref.sample.map((s) => ({
    labels: s.label.map((l) => `${strings[Number(l.key)]}=${strings[Number(l.str)]}`),
    names: s.locationId.flatMap((id) => locationNames.get(Number(id)) ?? []),
  }));
}

describe("a query's sample count follows the filters", () => {
  it('counts every file sample without filters, though equal samples are merged', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const samples = referenceSamples('app-v1-cpu.pb.gz');
    expect(profile.samples.count).toBeLessThan(samples.length);
    expect(runQuery(profile, {}, { tree: true }).sampleCount).toBe(samples.length);
  });

  it('counts the samples a tag focus keeps, merged ones as the samples they were', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const kept = referenceSamples('app-v1-cpu.pb.gz').filter((s) => s.labels.includes('endpoint=/api/v1/orders')).length;
    expect(kept).toBeGreaterThan(0);
    expect(runQuery(profile, { tagFocus: ['endpoint=/api/v1/orders'] }, { tree: true }).sampleCount).toBe(kept);
  });

  it('counts the samples focus and ignore keep; hide drops frames, not samples', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const samples = referenceSamples('app-v1-cpu.pb.gz');
    const through = samples.filter((s) => s.names.some((n) => /sha256/.test(n))).length;
    expect(through).toBeGreaterThan(0);
    expect(runQuery(profile, { focus: 'sha256' }, { tree: true }).sampleCount).toBe(through);
    expect(runQuery(profile, { ignore: 'sha256' }, { tree: true }).sampleCount).toBe(samples.length - through);
    expect(runQuery(profile, { hide: 'sha256' }, { tree: true }).sampleCount).toBe(samples.length);
  });

  it("a pprof diff file's two sides keep their own sample counts", async () => {
    const diff = await loadFixture('diff-v2-minus-v1-cpu.pb.gz');
    const split = splitDiffProfile(diff)!;
    expect(runQuery(split.base, {}, { tree: true }).sampleCount + runQuery(split.target, {}, { tree: true }).sampleCount).toBe(referenceSamples('diff-v2-minus-v1-cpu.pb.gz').length);
  });
});
