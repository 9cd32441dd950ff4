import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { runQuery } from './query.js';
import { matchFunctions, summarizeSearch } from './search.js';

describe('search', () => {
  it('matches substrings case-insensitively and /regexes/, and sums matched samples once', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const { tree, top } = runQuery(profile);
    const sha = matchFunctions(profile, 'SHA256');
    const summary = summarizeSearch(tree!, sha);
    expect(summary.matchedFunctions).toBeGreaterThanOrEqual(1);
    // crypto/sha256.block's cum (pprof: 2.76s) is inside the matched total.
    const blockRow = Array.from(top!.func).findIndex((f) => profile.strings[profile.functions.name[f]] === 'crypto/sha256.block');
    expect(summary.matchedTotal).toBeGreaterThanOrEqual(top!.cum[blockRow]);
    expect(summary.matchedTotal).toBeLessThanOrEqual(tree!.total[0]);
    const regex = matchFunctions(profile, '/^sort\\./');
    const names = Array.from(regex.keys()).filter((f) => regex[f]).map((f) => profile.strings[profile.functions.name[f]]);
    expect(names.length).toBeGreaterThan(2);
    expect(names.every((n) => n.startsWith('sort.'))).toBe(true);
    // Recursion: a function matching at several depths of one path counts that path once.
    const all = summarizeSearch(tree!, matchFunctions(profile, '/./'));
    expect(all.matchedTotal).toBe(tree!.total[0]);
  });
});
