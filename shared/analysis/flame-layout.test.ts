import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { computeFlameLayout } from './flame-layout.js';
import { packageOf } from './package-name.js';
import { runQuery } from './query.js';

async function treeOf(file: string) {
  const profile = await loadFixture(file);
  return { profile, tree: runQuery(profile, {}, { tree: true }).tree! };
}

describe('flame layout', () => {
  it('nests every child inside its parent, sorted by depth then x, without overlaps', async () => {
    const { profile, tree } = await treeOf('app-v1-cpu.pb.gz');
    const layout = computeFlameLayout(profile, tree, { widthPx: 1200, minWidthPx: 0 });
    let withWeight = 0;
    for (let i = 0; i < tree.count; i++) if (tree.total[i] > 0) withWeight++;
    expect(layout.count).toBe(withWeight);
    expect(layout.span).toBe(tree.total[0]);
    const slotOfNode = new Map<number, number>();
    for (let i = 0; i < layout.count; i++) slotOfNode.set(layout.nodeId[i], i);
    for (let i = 1; i < layout.count; i++) {
      const ordered = layout.depth[i - 1] < layout.depth[i] || (layout.depth[i - 1] === layout.depth[i] && layout.x[i - 1] + layout.width[i - 1] <= layout.x[i] + 1e-6);
      expect(ordered).toBe(true);
      const parentSlot = slotOfNode.get(tree.parent[layout.nodeId[i]])!;
      expect(layout.depth[parentSlot]).toBe(layout.depth[i] - 1);
      expect(layout.x[i]).toBeGreaterThanOrEqual(layout.x[parentSlot] - 1e-6);
      expect(layout.x[i] + layout.width[i]).toBeLessThanOrEqual(layout.x[parentSlot] + layout.width[parentSlot] + 1e-6);
    }
  });

  it('leaves out sub-pixel nodes, so the rectangle count is bounded by the pixels', async () => {
    const { profile, tree } = await treeOf('synth-small.pb.gz');
    const full = computeFlameLayout(profile, tree, { widthPx: 100_000, minWidthPx: 0 });
    const narrow = computeFlameLayout(profile, tree, { widthPx: 200, minWidthPx: 1 });
    expect(narrow.count).toBeLessThan(full.count / 4);
    expect(narrow.count).toBeLessThanOrEqual(200 * (narrow.maxDepth + 1));
    for (let i = 0; i < narrow.count; i++) expect((narrow.width[i] / narrow.span) * 200).toBeGreaterThanOrEqual(1);
  });

  it('zooms to a node: ancestors full width above it, the node spanning the view', async () => {
    const { profile, tree } = await treeOf('app-v1-cpu.pb.gz');
    let deep = -1;
    for (let i = 0; i < tree.count; i++) if (tree.depth[i] === 6 && (deep < 0 || tree.total[i] > tree.total[deep])) deep = i;
    expect(tree.depth[deep]).toBe(6);
    const layout = computeFlameLayout(profile, tree, { root: deep, widthPx: 800 });
    expect(Array.from(layout.ancestors)).toHaveLength(6);
    expect(layout.span).toBe(tree.total[deep]);
    const rootSlot = Array.from(layout.nodeId).indexOf(deep);
    expect([layout.depth[rootSlot], layout.x[rootSlot], layout.width[rootSlot]]).toEqual([6, 0, tree.total[deep]]);
    for (let d = 0; d < 6; d++) {
      expect(layout.nodeId[d]).toBe(layout.ancestors[d]);
      expect(layout.width[d]).toBe(layout.span);
    }
    // Only the zoom root's subtree is below it.
    for (let i = 0; i < layout.count; i++) {
      if (layout.depth[i] > 6) expect(layout.nodeId[i] > deep && layout.nodeId[i] < tree.subtreeEnd[deep]).toBe(true);
    }
  });

  it('lays out a 50,000-deep stack', async () => {
    const { profile, tree } = await treeOf('edge-deep-stack.pb.gz');
    expect(tree.maxDepth).toBe(50_000);
    const layout = computeFlameLayout(profile, tree, { widthPx: 1000 });
    expect(layout.maxDepth).toBe(50_000);
  });

  it('colours by package, the same in any profile', async () => {
    expect(packageOf('github.com/acme/orders.(*T).method')).toBe('github.com/acme/orders');
    expect(packageOf('crypto/sha256.block')).toBe('crypto/sha256');
    expect(packageOf('runtime.mallocgc')).toBe('runtime');
    expect(packageOf('std::vector<int>::push_back')).toBe('std');
    expect(packageOf('com.acme.orders.OrderService.place')).toBe('com.acme.orders');
    expect(packageOf('[libc.so.6]')).toBe('[libc.so.6]');
    const a = await treeOf('app-v1-cpu.pb.gz');
    const b = await treeOf('app-v2-cpu.pb.gz');
    const keyOf = (t: typeof a, name: string) => {
      const layout = computeFlameLayout(t.profile, t.tree, { widthPx: 1000, minWidthPx: 0 });
      for (let i = 0; i < layout.count; i++) {
        if (t.profile.strings[t.profile.functions.name[t.tree.func[layout.nodeId[i]]]] === name) return layout.colorKey[i];
      }
      return -1;
    };
    expect(keyOf(a, 'runtime.mallocgc')).toBeGreaterThanOrEqual(0);
    expect(keyOf(a, 'runtime.mallocgc')).toBe(keyOf(b, 'runtime.mallocgc'));
    expect(keyOf(a, 'runtime.mallocgc')).not.toBe(keyOf(a, 'crypto/sha256.block'));
  });
});
