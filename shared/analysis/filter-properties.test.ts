import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { runQuery, type ProfileQuery } from './query.js';
import { compileGoRegexp } from './go-regexp.js';
import { exactTagValueFilter, quoteMeta } from './regex-quote.js';

/** Seeded choices, so a failure names a reproducible case. */
function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const shown = (profile: Awaited<ReturnType<typeof loadFixture>>, query: ProfileQuery) => runQuery(profile, query).tree!.total[0];

describe('filter properties (random regexes and label values)', () => {
  for (const file of ['app-v1-cpu.pb.gz', 'synth-small.pb.gz', 'app-v1-heap.pb.gz']) {
    it(`${file}: focus R and ignore R split the samples; tagfocus E and tagignore E too; hide keeps the total`, async () => {
      const profile = await loadFixture(file);
      const pick = seeded(file.length * 7919);
      const all = shown(profile, {});
      const names = Array.from(profile.functions.name, (s) => profile.strings[s]).filter((n) => !n.startsWith('['));
      for (let round = 0; round < 12; round++) {
        const name = names[pick(names.length)];
        // A regex from a piece of a real name: matches one or several functions.
        const start = pick(Math.max(1, name.length - 4));
        const regex = quoteMeta(name.slice(start, start + 3 + pick(6)));
        expect(shown(profile, { focus: regex }) + shown(profile, { ignore: regex })).toBeCloseTo(all, 6);
        const hidden = runQuery(profile, { hide: regex }).tree!;
        expect(hidden.total[0]).toBeLessThanOrEqual(all + 1e-6);
        for (let i = 1; i < hidden.count; i++) {
          if (hidden.total[i] !== 0) expect(compileGoRegexp(regex).test(profile.strings[profile.functions.name[hidden.func[i]]])).toBe(false);
        }
      }
      const { labels, strings } = profile;
      const rounds = Math.min(12, labels.count);
      expect(rounds).toBeGreaterThan(0);
      for (let round = 0; round < rounds; round++) {
        const l = pick(labels.count);
        const key = strings[labels.key[l]];
        // A string value as an exact-match filter; a numeric one as an exact value in its unit.
        const expression = labels.str[l]
          ? exactTagValueFilter(key, strings[labels.str[l]])
          : `${key}=${labels.num[l]}${profile.numLabelUnits.get(key) ?? key}`;
        expect(shown(profile, { tagFocus: [expression] }) + shown(profile, { tagIgnore: [expression] })).toBeCloseTo(all, 6);
      }
    });
  }
});
