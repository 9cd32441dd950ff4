import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { runQuery } from './query.js';
import type { CallTree } from './call-tree.js';
import type { Profile } from '../model/profile.js';
import { functionSpaceOf } from './function-space.js';
import { findZoomNode } from './zoom-path.js';

/** The names from the root's child down to `node`. */
function zoomPathOf(profile: Profile, tree: CallTree, node: number): string[] {
  const names: string[] = [];
  for (let n = node; n > 0; n = tree.parent[n]) names.push(profile.strings[profile.functions.name[tree.func[n]]]);
  return names.reverse();
}

describe('zoom paths of function names', () => {
  it('finds the same call path after a filter and an order change', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const all = runQuery(profile, { order: 'name' }).tree!;
    // A node three levels deep with weight.
    let node = 0;
    for (let i = 1; i < all.count; i++) {
      if (all.depth[i] === 3 && all.total[i] > 0) {
        node = i;
        break;
      }
    }
    const path = zoomPathOf(profile, all, node);
    expect(path).toHaveLength(3);
    expect(findZoomNode(functionSpaceOf(profile).idOf, all, path)).toEqual({ node, matched: 3 });

    const byWeight = runQuery(profile, { order: 'weight', tagIgnore: ['endpoint=/healthz'] }).tree!;
    const found = findZoomNode(functionSpaceOf(profile).idOf, byWeight, path);
    expect(found.matched).toBe(3);
    expect(zoomPathOf(profile, byWeight, found.node)).toEqual(path);
  });

  it('stops at the deepest part of the path that exists', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const tree = runQuery(profile).tree!;
    const first = zoomPathOf(profile, tree, tree.subtreeEnd[0] > 1 ? 1 : 0);
    expect(findZoomNode(functionSpaceOf(profile).idOf, tree, [...first, 'no.such.function', 'main.main'])).toEqual({ node: 1, matched: 1 });
    expect(findZoomNode(functionSpaceOf(profile).idOf, tree, ['no.such.function'])).toEqual({ node: 0, matched: 0 });
    expect(findZoomNode(functionSpaceOf(profile).idOf, tree, [])).toEqual({ node: 0, matched: 0 });
  });

  it('goes through a node whose + and − samples cancel out (a diff)', async () => {
    const profile = await loadFixture('diff-v2-minus-v1-cpu.pb.gz');
    const tree = runQuery(profile).tree!;
    let node = -1;
    for (let i = 1; i < tree.count && node < 0; i++) {
      if (!tree.reached[i] || tree.total[i] !== 0) continue;
      for (let c = i + 1; c < tree.subtreeEnd[i]; c++) {
        if (tree.total[c] !== 0) {
          node = c;
          break;
        }
      }
    }
    expect(node).toBeGreaterThan(0);
    const path = zoomPathOf(profile, tree, node);
    expect(findZoomNode(functionSpaceOf(profile).idOf, tree, path)).toEqual({ node, matched: path.length });
  });
});
