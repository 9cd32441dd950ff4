import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import type { CallTree } from './call-tree.js';
import { runQuery } from './query.js';

function childrenOf(tree: CallTree, node: number): number[] {
  const children: number[] = [];
  for (let c = node + 1; c < tree.subtreeEnd[node]; c = tree.subtreeEnd[c]) children.push(c);
  return children;
}

describe('call tree', () => {
  it('orders siblings by name, or by weight on request, with the same numbers', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const byName = runQuery(profile, { order: 'name' }).tree!;
    const byWeight = runQuery(profile, { order: 'weight' }).tree!;
    const name = (tree: CallTree, n: number) => profile.strings[profile.functions.name[tree.func[n]]];
    for (let node = 0; node < byName.count; node++) {
      const names = childrenOf(byName, node).map((c) => name(byName, c));
      expect(names).toEqual([...names].sort());
    }
    for (let node = 0; node < byWeight.count; node++) {
      const totals = childrenOf(byWeight, node).map((c) => byWeight.total[c]);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    }
    expect(byWeight.total[0]).toBe(byName.total[0]);
    const topName = runQuery(profile, { order: 'name' }).top!;
    const topWeight = runQuery(profile, { order: 'weight' }).top!;
    expect(Array.from(topWeight.flat)).toEqual(Array.from(topName.flat));
    expect(Array.from(topWeight.cum)).toEqual(Array.from(topName.cum));
  });

  it('keeps the structure between queries and changes only the weights', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const all = runQuery(profile).tree!;
    const healthz = runQuery(profile, { tagFocus: ['endpoint=/healthz'] }).tree!;
    expect(healthz.parent).toBe(all.parent);
    expect(healthz.total[0]).toBeLessThan(all.total[0]);
    expect(healthz.total[0]).toBeGreaterThan(0);
  });
});
