import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import type { Profile } from '../model/profile.js';
import type { CallTree } from './call-tree.js';
import { computeDiffTree, diffWidthTree } from './diff-tree.js';
import { runQuery, type ProfileQuery } from './query.js';

/** path of names → [self, total] over the reached nodes of a call tree. */
function pathWeights(profile: Profile, tree: CallTree): Map<string, [number, number]> {
  const paths = new Array<string>(tree.count);
  const out = new Map<string, [number, number]>();
  paths[0] = '';
  for (let i = 1; i < tree.count; i++) {
    paths[i] = `${paths[tree.parent[i]]};${profile.strings[profile.functions.name[tree.func[i]]]}`;
    if (tree.reached[i]) out.set(paths[i], [tree.self[i], tree.total[i]]);
  }
  return out;
}

function diffPathWeights(diff: ReturnType<typeof computeDiffTree>, side: 'base' | 'target'): Map<string, [number, number]> {
  const paths = new Array<string>(diff.count);
  const out = new Map<string, [number, number]>();
  paths[0] = '';
  const self = side === 'base' ? diff.baseSelf : diff.targetSelf;
  const total = side === 'base' ? diff.baseTotal : diff.targetTotal;
  for (let i = 1; i < diff.count; i++) {
    paths[i] = `${paths[diff.parent[i]]};${diff.names[diff.func[i]]}`;
    if (self[i] !== 0 || total[i] !== 0) out.set(paths[i], [self[i], total[i]]);
  }
  return out;
}

const nonZero = (m: Map<string, [number, number]>) => new Map([...m].filter(([, [s, t]]) => s !== 0 || t !== 0));

describe('diff tree', () => {
  it.each([
    ['app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz', {}],
    ['app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz', { tagFocus: ['endpoint=/api/v1/orders'], hide: 'runtime\\.' }],
    ['app-v1-heap.pb.gz', 'app-v2-heap.pb.gz', { sampleTypeIndex: 1 }],
    ['app-v1-mutex.pb.gz', 'app-v2-mutex.pb.gz', {}],
  ] as [string, string, ProfileQuery][])('aligns %s and %s by path with both weights kept', async (baseFile, targetFile, query) => {
    const [baseProfile, targetProfile] = await Promise.all([loadFixture(baseFile), loadFixture(targetFile)]);
    const base = { profile: baseProfile, tree: runQuery(baseProfile, query, { tree: true }).tree! };
    const target = { profile: targetProfile, tree: runQuery(targetProfile, query, { tree: true }).tree! };
    for (const order of ['name', 'weight'] as const) {
      const diff = computeDiffTree(base, target, order);
      expect(diffPathWeights(diff, 'base')).toEqual(nonZero(pathWeights(baseProfile, base.tree)));
      expect(diffPathWeights(diff, 'target')).toEqual(nonZero(pathWeights(targetProfile, target.tree)));
      expect(diff.baseTotal[0]).toBe(base.tree.total[0]);
      expect(diff.targetTotal[0]).toBe(target.tree.total[0]);
      // Depth-first with subtree ends.
      for (let i = 1; i < diff.count; i++) {
        expect(diff.parent[i]).toBeLessThan(i);
        expect(diff.subtreeEnd[i]).toBeLessThanOrEqual(diff.subtreeEnd[diff.parent[i]]);
      }
    }
    // v2 adds main.newFeature: a path only in the target.
    if (baseFile === 'app-v1-cpu.pb.gz' && !query.hide) {
      const diff = computeDiffTree(base, target, 'name');
      const fresh = diff.names.indexOf('main.newFeature');
      expect(fresh).toBeGreaterThanOrEqual(0);
      expect(diff.baseFunc[fresh]).toBe(-1);
      const nodes = Array.from(diff.func.keys()).filter((i) => diff.func[i] === fresh);
      expect(nodes.length).toBeGreaterThan(0);
      for (const i of nodes) {
        expect(diff.baseTotal[i]).toBe(0);
        expect(diff.targetTotal[i]).toBeGreaterThan(0);
      }
    }
  });

  it('sizes by the mean of both shares so a vanished path keeps a width', async () => {
    const [a, b] = await Promise.all([loadFixture('app-v1-cpu.pb.gz'), loadFixture('app-v2-cpu.pb.gz')]);
    const diff = computeDiffTree({ profile: a, tree: runQuery(a).tree! }, { profile: b, tree: runQuery(b).tree! }, 'name');
    // Sized by the target, a path only the base has has no width and is no zoom target.
    const byTarget = diffWidthTree(diff, 'target');
    for (let i = 1; i < diff.count; i++) expect(byTarget.reached[i]).toBe(diff.targetTotal[i] !== 0 ? 1 : 0);
    const both = diffWidthTree(diff, 'both');
    expect(both.total[0]).toBeCloseTo(1, 12);
    for (let i = 1; i < diff.count; i++) {
      if (diff.targetTotal[i] === 0 && diff.baseTotal[i] !== 0) expect(both.total[i]).toBeGreaterThan(0);
      let children = 0;
      for (let c = i + 1; c < both.subtreeEnd[i]; c = both.subtreeEnd[c]) children += both.total[c];
      expect(children + both.self[i]).toBeCloseTo(both.total[i], 12);
    }
  });
});
