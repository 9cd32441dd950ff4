import type { Profile } from '../model/profile.js';
import { depthFirstTree, nameRanks, type CallTree, type ChildOrder } from './call-tree.js';
import { DiffTreeNodes } from './tree-nodes.js';

/** One side of a comparison: a profile and the call tree its query built. */
export interface DiffSide {
  profile: Profile;
  tree: CallTree;
}

/**
 * Two call trees aligned by call path of function names (DESIGN.md section 2): one node per path
 * in either tree, with both sides' weights. Functions are numbered over the names of both
 * profiles (`names`); `baseFunc`/`targetFunc` map them back (-1 where a side lacks the name).
 */
export interface DiffTree {
  count: number;
  parent: Int32Array;
  depth: Int32Array;
  func: Int32Array;
  subtreeEnd: Int32Array;
  maxDepth: number;
  baseSelf: Float64Array;
  baseTotal: Float64Array;
  targetSelf: Float64Array;
  targetTotal: Float64Array;
  names: string[];
  baseFunc: Int32Array;
  targetFunc: Int32Array;
}

/** Which weight sizes a diff graph's frames: a side's, or the mean of both sides' shares (a vanished path stays visible). */
export type DiffWidth = 'target' | 'base' | 'both';

/** The function numbering over both profiles' names, and each profile's functions in it. */
export interface MergedFunctions {
  names: string[];
  /** Per function of the base (target): its number among the merged names. */
  fromBase: Int32Array;
  fromTarget: Int32Array;
  /** Per merged function: the base's (target's) function of that name, or -1. */
  baseFunc: Int32Array;
  targetFunc: Int32Array;
}

export function mergeFunctions(base: Profile, target: Profile): MergedFunctions {
  const idOf = new Map<string, number>();
  const names: string[] = [];
  const mapSide = (profile: Profile) =>
    Int32Array.from(profile.functions.name, (s) => {
      const name = profile.strings[s];
      let id = idOf.get(name);
      if (id === undefined) {
        id = names.length;
        names.push(name);
        idOf.set(name, id);
      }
      return id;
    });
  const fromBase = mapSide(base);
  const fromTarget = mapSide(target);
  const baseFunc = new Int32Array(names.length).fill(-1);
  const targetFunc = new Int32Array(names.length).fill(-1);
  fromBase.forEach((id, f) => (baseFunc[id] = f));
  fromTarget.forEach((id, f) => (targetFunc[id] = f));
  return { names, fromBase, fromTarget, baseFunc, targetFunc };
}

/**
 * Aligns the two trees: each reached node of either side goes to the node of its path of names,
 * parent before child (both trees are depth-first), so no recursion and no copy of the samples.
 */
export function computeDiffTree(
  base: DiffSide,
  target: DiffSide,
  order: ChildOrder,
  merged = mergeFunctions(base.profile, target.profile),
  ranks = nameRanks(merged.names),
): DiffTree {
  // A sandwich's trees have the function at their root; a call tree has none (-1).
  const rootOf = (side: DiffSide, fromSide: Int32Array) => (side.tree.count > 0 && side.tree.func[0] >= 0 ? fromSide[side.tree.func[0]] : -1);
  const rootFunc = Math.max(rootOf(base, merged.fromBase), rootOf(target, merged.fromTarget));
  const nodes = new DiffTreeNodes(Math.max(base.tree.count, target.tree.count), rootFunc);
  const add = (side: DiffSide, funcOf: Int32Array, isBase: boolean) => {
    const { tree } = side;
    const nodeOf = new Int32Array(tree.count);
    if (tree.count > 0) (isBase ? nodes.baseSelf : nodes.self)[0] += tree.self[0];
    for (let i = 1; i < tree.count; ) {
      if (!tree.reached[i]) {
        i = tree.subtreeEnd[i];
        continue;
      }
      const node = nodes.child(nodeOf[tree.parent[i]], funcOf[tree.func[i]]);
      nodeOf[i] = node;
      (isBase ? nodes.baseSelf : nodes.self)[node] += tree.self[i];
      i++;
    }
  };
  add(base, merged.fromBase, true);
  add(target, merged.fromTarget, false);

  const n = nodes.count;
  const baseSelf = nodes.baseSelf.subarray(0, n);
  const targetSelf = nodes.self.subarray(0, n);
  const baseTotal = baseSelf.slice();
  const targetTotal = targetSelf.slice();
  for (let i = n - 1; i > 0; i--) {
    baseTotal[nodes.parent[i]] += baseTotal[i];
    targetTotal[nodes.parent[i]] += targetTotal[i];
  }
  const { func } = nodes;
  // By weight: the larger of the two sides, so a path that shrank keeps its place.
  const weight = (i: number) => Math.max(Math.abs(baseTotal[i]), Math.abs(targetTotal[i]));
  const compare = order === 'weight' ? (a: number, b: number) => weight(b) - weight(a) || ranks[func[a]] - ranks[func[b]] : (a: number, b: number) => ranks[func[a]] - ranks[func[b]];
  const { tree, newIndex } = depthFirstTree(nodes, { self: targetSelf, total: targetTotal, reached: new Uint8Array(n).fill(1) }, compare);
  const permuted = (column: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[newIndex[i]] = column[i];
    return out;
  };
  return {
    count: n,
    parent: tree.parent,
    depth: tree.depth,
    func: tree.func,
    subtreeEnd: tree.subtreeEnd,
    maxDepth: tree.maxDepth,
    baseSelf: permuted(baseSelf),
    baseTotal: permuted(baseTotal),
    targetSelf: tree.self,
    targetTotal: tree.total,
    names: merged.names,
    baseFunc: merged.baseFunc,
    targetFunc: merged.targetFunc,
  };
}

/**
 * The diff tree as a call tree sized by one weight, for the flame layout. With 'both', a frame's
 * width is the mean of its shares of the two totals, which still adds up parent to child.
 */
export function diffWidthTree(diff: DiffTree, width: DiffWidth): CallTree {
  let self: Float64Array;
  let total: Float64Array;
  if (width === 'target') {
    self = diff.targetSelf;
    total = diff.targetTotal;
  } else if (width === 'base') {
    self = diff.baseSelf;
    total = diff.baseTotal;
  } else {
    const baseSum = Math.abs(diff.baseTotal[0]) || 1;
    const targetSum = Math.abs(diff.targetTotal[0]) || 1;
    self = new Float64Array(diff.count);
    total = new Float64Array(diff.count);
    for (let i = 0; i < diff.count; i++) {
      self[i] = (Math.abs(diff.baseSelf[i]) / baseSum + Math.abs(diff.targetSelf[i]) / targetSum) / 2;
      total[i] = (Math.abs(diff.baseTotal[i]) / baseSum + Math.abs(diff.targetTotal[i]) / targetSum) / 2;
    }
  }
  return {
    count: diff.count,
    parent: diff.parent,
    depth: diff.depth,
    func: diff.func,
    self,
    total,
    subtreeEnd: diff.subtreeEnd,
    maxDepth: diff.maxDepth,
    // A path the sizing side lacks has no width: zooming to it would show nothing.
    reached: Uint8Array.from(total, (t) => (t !== 0 ? 1 : 0)),
  };
}
