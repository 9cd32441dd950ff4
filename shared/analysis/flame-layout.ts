import type { Profile } from '../model/profile.js';
import type { CallTree } from './call-tree.js';
import { colorKeyOf, packageOf } from './package-name.js';

/**
 * The rectangles of a flame graph (DESIGN.md section 2), sorted by depth then x. x and width are
 * in value units from the left edge of the zoom root; depth 0 is the outermost row drawn.
 */
export interface FlameLayout {
  count: number;
  x: Float64Array;
  width: Float64Array;
  depth: Int32Array;
  nodeId: Int32Array;
  colorKey: Int32Array;
  /** The value spanned by the full width (the zoom root's total). */
  span: number;
  maxDepth: number;
  /** Node ids of the zoom root's ancestors, drawn full width above it (root first). */
  ancestors: Int32Array;
}

export interface FlameLayoutOptions {
  /** Node the view is zoomed to; 0 (the root) by default. */
  root?: number;
  /** Drawing width in device pixels. */
  widthPx: number;
  /** Nodes narrower than this many pixels are left out with their subtrees (default 0.5). */
  minWidthPx?: number;
}

const colorKeys = new WeakMap<Profile, Int32Array>();

/** Colour key per function, hashed from its package name (the same package, the same colour, in any profile). */
export function colorKeysOfNames(names: ArrayLike<string>): Int32Array {
  const keys = new Int32Array(names.length);
  const byPackage = new Map<string, number>();
  for (let f = 0; f < keys.length; f++) {
    const pkg = packageOf(names[f]);
    let key = byPackage.get(pkg);
    if (key === undefined) byPackage.set(pkg, (key = colorKeyOf(pkg)));
    keys[f] = key;
  }
  return keys;
}

function functionColorKeys(profile: Profile): Int32Array {
  let keys = colorKeys.get(profile);
  if (!keys) {
    keys = colorKeysOfNames(Array.from(profile.functions.name, (s) => profile.strings[s]));
    colorKeys.set(profile, keys);
  }
  return keys;
}

export function computeFlameLayout(profile: Profile, tree: CallTree, options: FlameLayoutOptions): FlameLayout {
  return layOutFlame(functionColorKeys(profile), tree, options);
}

/** The layout of a tree whose functions have the given colour keys (a diff's merged functions). */
export function layOutFlame(keys: Int32Array, tree: CallTree, options: FlameLayoutOptions): FlameLayout {
  const root = options.root ?? 0;
  if (root < 0 || root >= tree.count) throw new RangeError(`no call-tree node ${root}`);
  const span = Math.max(0, tree.total[root]);
  const minValue = span > 0 ? ((options.minWidthPx ?? 0.5) * span) / Math.max(1, options.widthPx) : Infinity;

  const ancestorList: number[] = [];
  for (let a = tree.parent[root]; a >= 0; a = tree.parent[a]) ancestorList.push(a);
  ancestorList.reverse();
  const baseDepth = ancestorList.length;

  // Visit the zoom root's subtree depth-first; skip whole subtrees below the pixel threshold.
  const end = tree.subtreeEnd[root];
  const rootDepth = tree.depth[root];
  const cursor = new Float64Array(tree.maxDepth - rootDepth + 2);
  const visitX = new Float64Array(end - root);
  const visitNode = new Int32Array(end - root + baseDepth);
  const visitDepth = new Int32Array(end - root + baseDepth);
  let visited = 0;
  for (const a of ancestorList) {
    visitNode[visited] = a;
    visitDepth[visited] = visited;
    visited++;
  }
  let maxDepth = baseDepth;
  for (let i = root; i < end; ) {
    const level = tree.depth[i] - rootDepth;
    const width = Math.max(0, tree.total[i]);
    const x = level === 0 ? 0 : cursor[level - 1];
    if (level > 0) cursor[level - 1] += width;
    if (width < minValue || (width === 0 && i !== root)) {
      i = tree.subtreeEnd[i];
      continue;
    }
    cursor[level] = x;
    visitX[visited - baseDepth] = x;
    visitNode[visited] = i;
    visitDepth[visited] = baseDepth + level;
    if (baseDepth + level > maxDepth) maxDepth = baseDepth + level;
    visited++;
    i++;
  }

  // Counting sort by depth; depth-first order already has x increasing within a depth.
  const perDepth = new Int32Array(maxDepth + 2);
  for (let v = 0; v < visited; v++) perDepth[visitDepth[v] + 1]++;
  for (let d = 0; d <= maxDepth; d++) perDepth[d + 1] += perDepth[d];
  const layout: FlameLayout = {
    count: visited,
    x: new Float64Array(visited),
    width: new Float64Array(visited),
    depth: new Int32Array(visited),
    nodeId: new Int32Array(visited),
    colorKey: new Int32Array(visited),
    span,
    maxDepth,
    ancestors: Int32Array.from(ancestorList),
  };
  for (let v = 0; v < visited; v++) {
    const slot = perDepth[visitDepth[v]]++;
    const node = visitNode[v];
    const isAncestor = v < baseDepth;
    layout.x[slot] = isAncestor ? 0 : visitX[v - baseDepth];
    layout.width[slot] = isAncestor ? span : Math.max(0, tree.total[node]);
    layout.depth[slot] = visitDepth[v];
    layout.nodeId[slot] = node;
    layout.colorKey[slot] = tree.func[node] >= 0 ? keys[tree.func[node]] : 0;
  }
  return layout;
}
