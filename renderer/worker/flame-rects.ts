import type { CallTree } from '../../shared/analysis/call-tree.js';
import { layOutFlame } from '../../shared/analysis/flame-layout.js';
import type { DiffTree } from '../../shared/analysis/diff-tree.js';
import type { FlameRects } from './protocol.js';

/** The flame layout plus what a tooltip shows per rectangle, as flat typed arrays. */
export function flameRects(colorKeys: Int32Array, tree: CallTree, root: number, widthPx: number, zoomFound: boolean): FlameRects {
  const zoomRoot = root >= 0 && root < tree.count ? root : 0;
  const layout = layOutFlame(colorKeys, tree, { root: zoomRoot, widthPx, minWidthPx: 0.5 });
  const n = layout.count;
  const rects: FlameRects = {
    count: n,
    x: layout.x,
    width: layout.width,
    depth: layout.depth,
    nodeId: layout.nodeId,
    func: new Int32Array(n),
    colorKey: layout.colorKey,
    self: new Float64Array(n),
    total: new Float64Array(n),
    parentTotal: new Float64Array(n),
    span: layout.span,
    maxDepth: layout.maxDepth,
    path: Int32Array.from([...layout.ancestors, zoomRoot]),
    pathFuncs: Int32Array.from([...layout.ancestors, zoomRoot].map((node) => tree.func[node])),
    zoomFound,
  };
  for (let i = 0; i < n; i++) {
    const node = layout.nodeId[i];
    rects.func[i] = tree.func[node];
    rects.self[i] = tree.self[node];
    rects.total[i] = tree.total[node];
    rects.parentTotal[i] = tree.parent[node] >= 0 ? tree.total[tree.parent[node]] : tree.total[node];
  }
  return rects;
}

/** Both sides' weights of a diff graph's rectangles (the colours and the tooltip need them). */
export function diffColumns(diff: DiffTree, nodeId: Int32Array): NonNullable<FlameRects['compare']> {
  const pick = (column: Float64Array) => Float64Array.from(nodeId, (node) => column[node]);
  return { baseSelf: pick(diff.baseSelf), baseTotal: pick(diff.baseTotal), targetSelf: pick(diff.targetSelf), targetTotal: pick(diff.targetTotal) };
}

export function flameTransfers(rects: FlameRects): ArrayBuffer[] {
  const compare = rects.compare ? [rects.compare.baseSelf, rects.compare.baseTotal, rects.compare.targetSelf, rects.compare.targetTotal] : [];
  return [rects.x, rects.width, rects.depth, rects.nodeId, rects.func, rects.colorKey, rects.self, rects.total, rects.parentTotal, rects.path, rects.pathFuncs, ...compare].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
