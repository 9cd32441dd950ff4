import { describe, expect, it } from 'vitest';
import { loadFixture, readGoldens, type TopGolden } from '../../test/golden-helpers.js';
import { ProfileWriter } from '../../test/hostile/craft.js';
import { decodeUncompressedProfile } from '../formats/pprof-decode.js';
import { splitDiffProfile } from './diff-split.js';
import { resolveSampleType, runQuery } from './query.js';
import type { Profile } from '../model/profile.js';

const topGolden = (name: string) => readGoldens().find((g) => g.name === name)!.golden as TopGolden;

function topOf(profile: Profile, type: string) {
  const { top } = runQuery(profile, { sampleTypeIndex: resolveSampleType(profile, type) }, { top: true });
  return Array.from({ length: top!.count }, (_, r) => ({ name: profile.strings[profile.functions.name[top!.func[r]]], flat: top!.flat[r], cum: top!.cum[r] }));
}

const byName = (rows: { name: string; flat: number; cum: number }[]) => new Map(rows.map((r) => [r.name, r]));

describe('a pprof diff file', () => {
  it('splits into the base (its pprof::base samples, negated back) and the target', async () => {
    const diff = await loadFixture('diff-v2-minus-v1-cpu.pb.gz');
    const split = splitDiffProfile(diff)!;
    expect(split.by).toBe('sign');
    expect(byName(topOf(split.base, 'cpu'))).toEqual(byName(topGolden('app-v1-cpu__sample_index-cpu').functions));
    expect(byName(topOf(split.target, 'cpu'))).toEqual(byName(topGolden('app-v2-cpu__sample_index-cpu').functions));
  });

  it('takes the samples labelled pprof::base as the base, as pprof writes a diff', () => {
    const writer = new ProfileWriter().sampleType('samples', 'count').sampleType('cpu', 'nanoseconds');
    writer.function(1, 'main.main').function(2, 'main.old').function(3, 'main.new');
    writer.location(1, 0, [1]).location(2, 0, [2]).location(3, 0, [3]);
    writer.sample([2, 1], [-3, -30], [{ key: 'pprof::base', str: 'true' }]);
    writer.sample([1], [-1, -10], [{ key: 'pprof::base', str: 'true' }]);
    writer.sample([3, 1], [5, 50]);
    writer.sample([1], [2, 20]);
    // No CPU time but one sample: only its label says it is the base's.
    writer.sample([2, 1], [-1, 0], [{ key: 'pprof::base', str: 'true' }]);
    const split = splitDiffProfile(decodeUncompressedProfile(writer.finish()))!;
    expect(split.by).toBe('label');
    expect(topOf(split.base, 'cpu')).toEqual([
      { name: 'main.old', flat: 30, cum: 30 },
      { name: 'main.main', flat: 10, cum: 40 },
    ]);
    expect(topOf(split.target, 'cpu')).toEqual([
      { name: 'main.new', flat: 50, cum: 50 },
      { name: 'main.main', flat: 20, cum: 70 },
    ]);
    expect(topOf(split.base, 'samples')[0]).toEqual({ name: 'main.old', flat: 4, cum: 4 });
  });

  it('leaves a plain profile alone', async () => {
    expect(splitDiffProfile(await loadFixture('app-v1-cpu.pb.gz'))).toBeNull();
  });
});
