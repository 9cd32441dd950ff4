import type { Profile } from '../model/profile.js';
import { sumKeptSamples, type SampleFilter } from './stack-weights.js';
import { TreeNodes } from './tree-nodes.js';

/**
 * The call tree in depth-first order (DESIGN.md section 2). Node 0 is the root (all samples,
 * func -1); the subtree of node i is the index range [i, subtreeEnd[i]).
 */
export interface CallTree {
  count: number;
  parent: Int32Array;
  depth: Int32Array;
  func: Int32Array;
  self: Float64Array;
  total: Float64Array;
  subtreeEnd: Int32Array;
  maxDepth: number;
  /**
   * Per node: 1 when a kept sample passes through it. Its weights can still sum to 0 (a diff's
   * + and − samples), and pprof still counts its edges.
   */
  reached: Uint8Array;
}

export type ChildOrder = 'name' | 'weight';

export interface CallTreeInput {
  profile: Profile;
  samples: SampleFilter;
  /** Per frame: 1 when hide/show removed it; null = none. */
  frameHidden: Uint8Array | null;
  /** Cache key of frameHidden ("" = none), for reusing the skeleton. */
  hiddenKey: string;
  order: ChildOrder;
}

const functionRanks = new WeakMap<Profile, Int32Array>();

/** Each function's position in name order, so sibling sorting compares integers. */
export function functionNameRanks(profile: Profile): Int32Array {
  let ranks = functionRanks.get(profile);
  if (!ranks) {
    const { functions, strings } = profile;
    ranks = nameRanks(Array.from(functions.name, (s) => strings[s]));
    functionRanks.set(profile, ranks);
  }
  return ranks;
}

/** Each name's position in sorted order (names are distinct). */
export function nameRanks(names: string[]): Int32Array {
  // Sorting the strings themselves (no comparator) is several times faster than sorting indices by name.
  const sorted = names.slice().sort();
  const rankOf = new Map<string, number>();
  sorted.forEach((name, rank) => rankOf.set(name, rank));
  return Int32Array.from(names, (name) => rankOf.get(name)!);
}

/**
 * Every call path of the profile merged by function and laid out depth-first in name order,
 * with the node each stack row lands on. It depends only on the profile and the hidden frames,
 * so queries that change sample type or tag filters reuse it and cost one pass over samples.
 */
interface Skeleton {
  count: number;
  parent: Int32Array;
  func: Int32Array;
  depth: Int32Array;
  subtreeEnd: Int32Array;
  maxDepth: number;
  stackNode: Int32Array;
}

const skeletons = new WeakMap<Profile, Map<string, Skeleton>>();
const MAX_CACHED_SKELETONS = 4;

function skeletonFor(profile: Profile, frameHidden: Uint8Array | null, hiddenKey: string): Skeleton {
  let cache = skeletons.get(profile);
  if (!cache) skeletons.set(profile, (cache = new Map<string, Skeleton>()));
  let skeleton = cache.get(hiddenKey);
  if (!skeleton) {
    skeleton = buildSkeleton(profile, frameHidden);
    if (cache.size >= MAX_CACHED_SKELETONS) cache.delete(cache.keys().next().value!);
    cache.set(hiddenKey, skeleton);
  }
  return skeleton;
}

function buildSkeleton(profile: Profile, frameHidden: Uint8Array | null): Skeleton {
  const { stacks, frames } = profile;
  const stackNode = new Int32Array(stacks.count);
  const nodes = new TreeNodes(stacks.count + 1);
  for (let s = 0; s < stacks.count; s++) {
    const parent = stacks.parent[s];
    const parentNode = parent >= 0 ? stackNode[parent] : 0;
    const frame = stacks.frame[s];
    stackNode[s] = frameHidden && frameHidden[frame] ? parentNode : nodes.child(parentNode, frames.func[frame]);
  }
  const ranks = functionNameRanks(profile);
  const { tree, newIndex } = depthFirstTree(nodes, null, (a, b) => ranks[nodes.func[a]] - ranks[nodes.func[b]]);
  for (let s = 0; s < stacks.count; s++) stackNode[s] = newIndex[stackNode[s]];
  return { count: tree.count, parent: tree.parent, func: tree.func, depth: tree.depth, subtreeEnd: tree.subtreeEnd, maxDepth: tree.maxDepth, stackNode };
}

/** Nodes made parent-before-child (node 0 the root), with their weights when they have them. */
interface NodeColumns {
  count: number;
  parent: Int32Array;
  func: Int32Array;
}

interface NodeWeights {
  self: Float64Array;
  total: Float64Array;
  reached: Uint8Array;
}

/**
 * The nodes in depth-first order, siblings sorted by `compare` (given old node indices), with
 * depths and subtree ends; `newIndex` maps each old node to its place. Weights, when given, are
 * carried along; without them the tree's are left empty.
 */
export function depthFirstTree(nodes: NodeColumns, weights: NodeWeights | null, compare: (a: number, b: number) => number): { tree: CallTree; newIndex: Int32Array } {
  const count = nodes.count;
  const order = depthFirstOrder(count, nodes.parent, compare);
  const newIndex = new Int32Array(count);
  for (let i = 0; i < count; i++) newIndex[order[i]] = i;
  const tree: CallTree = {
    count,
    parent: new Int32Array(count),
    func: new Int32Array(count),
    depth: new Int32Array(count),
    self: weights ? new Float64Array(count) : new Float64Array(0),
    total: weights ? new Float64Array(count) : new Float64Array(0),
    subtreeEnd: new Int32Array(count),
    maxDepth: 0,
    reached: new Uint8Array(weights ? count : 0),
  };
  for (let i = 0; i < count; i++) {
    const old = order[i];
    const parent = nodes.parent[old] >= 0 ? newIndex[nodes.parent[old]] : -1;
    tree.parent[i] = parent;
    tree.func[i] = nodes.func[old];
    const depth = parent >= 0 ? tree.depth[parent] + 1 : 0;
    tree.depth[i] = depth;
    if (depth > tree.maxDepth) tree.maxDepth = depth;
    if (weights) {
      tree.self[i] = weights.self[old];
      tree.total[i] = weights.total[old];
      tree.reached[i] = weights.reached[old];
    }
  }
  fillSubtreeEnds(tree);
  return { tree, newIndex };
}

/**
 * A call tree from nodes made parent-before-child with each node's own weight (WeightedTreeNodes):
 * totals summed up the tree, siblings in the order asked for. The sandwich's trees are built so,
 * only of nodes some sample reaches.
 */
export function callTreeFromNodes(ranks: Int32Array, nodes: NodeColumns & { self: Float64Array }, order: ChildOrder): CallTree {
  const self = nodes.self.subarray(0, nodes.count);
  const total = self.slice();
  for (let i = nodes.count - 1; i > 0; i--) total[nodes.parent[i]] += total[i];
  const { func } = nodes;
  const compare = order === 'weight' ? (a: number, b: number) => total[b] - total[a] || ranks[func[a]] - ranks[func[b]] : (a: number, b: number) => ranks[func[a]] - ranks[func[b]];
  const reached = new Uint8Array(nodes.count).fill(1);
  return depthFirstTree(nodes, { self, total, reached }, compare).tree;
}

/**
 * Depth-first order of nodes given parent-before-child (node 0 the root), siblings sorted by
 * `compare`; an explicit stack, since call trees can be tens of thousands deep.
 */
function depthFirstOrder(count: number, parentOf: Int32Array, compare: (a: number, b: number) => number): Int32Array {
  const childStart = new Int32Array(count + 1);
  for (let i = 1; i < count; i++) childStart[parentOf[i] + 1]++;
  for (let i = 0; i < count; i++) childStart[i + 1] += childStart[i];
  const childList = new Int32Array(Math.max(0, count - 1));
  const fill = childStart.slice(0, count);
  for (let i = 1; i < count; i++) childList[fill[parentOf[i]]++] = i;
  for (let i = 0; i < count; i++) {
    if (childStart[i + 1] - childStart[i] > 1) childList.subarray(childStart[i], childStart[i + 1]).sort(compare);
  }
  const order = new Int32Array(count);
  const pending = new Int32Array(count);
  let top = 0;
  let next = 0;
  if (count > 0) pending[top++] = 0;
  while (top > 0) {
    const node = pending[--top];
    order[next++] = node;
    for (let c = childStart[node + 1] - 1; c >= childStart[node]; c--) pending[top++] = childList[c];
  }
  return order;
}

/** subtreeEnd from depths: a subtree ends where the next node at its depth or shallower begins. */
function fillSubtreeEnds(tree: Pick<CallTree, 'count' | 'depth' | 'subtreeEnd' | 'maxDepth'>): void {
  const n = tree.count;
  const open = new Int32Array(tree.maxDepth + 2);
  let openCount = 0;
  for (let i = 0; i < n; i++) {
    const depth = tree.depth[i];
    while (openCount > depth) tree.subtreeEnd[open[--openCount]] = i;
    open[openCount++] = i;
  }
  while (openCount > 0) tree.subtreeEnd[open[--openCount]] = n;
}

/**
 * The call tree of one query: the cached skeleton's structure with this query's weights. Nodes
 * no sample of the query reaches stay in, with zero weight: every consumer skips zero-width
 * subtrees, and keeping them makes a sample-type or tag change cost two passes, not a rebuild.
 */
export function buildCallTree(input: CallTreeInput): CallTree {
  const { profile, frameHidden, order } = input;
  const skeleton = skeletonFor(profile, frameHidden, input.hiddenKey);
  const n = skeleton.count;
  // Samples go straight onto their nodes. One whose every frame is hidden lands on the root,
  // and pprof drops such samples: the root keeps no weight of its own.
  const { sums: self, used: reached } = sumKeptSamples(profile, input.samples, skeleton.stackNode, n);
  self[0] = 0;
  reached[0] = 1;
  for (let i = n - 1; i > 0; i--) if (reached[i]) reached[skeleton.parent[i]] = 1;
  const total = self.slice();
  const parent = skeleton.parent;
  for (let i = n - 1; i > 0; i--) total[parent[i]] += total[i];
  const tree: CallTree = {
    count: n,
    parent,
    depth: skeleton.depth,
    func: skeleton.func,
    self,
    total,
    subtreeEnd: skeleton.subtreeEnd,
    maxDepth: skeleton.maxDepth,
    reached,
  };
  return order === 'weight' ? reorderByWeight(reachedSubtree(tree, 0), functionNameRanks(profile)) : tree;
}

/**
 * The subtree of `root` as a tree of its own (root = node 0), without the nodes no sample
 * reaches, in the same order. An unreached node's descendants are unreached too, so what is
 * left is still depth-first.
 */
export function reachedSubtree(tree: CallTree, root: number): CallTree {
  const end = tree.subtreeEnd[root];
  const used = tree.reached;
  let kept = 0;
  for (let i = root; i < end; i++) kept += used[i];
  const out: CallTree = {
    count: kept,
    parent: new Int32Array(kept),
    depth: new Int32Array(kept),
    func: new Int32Array(kept),
    self: new Float64Array(kept),
    total: new Float64Array(kept),
    subtreeEnd: new Int32Array(kept),
    maxDepth: 0,
    reached: new Uint8Array(kept).fill(1),
  };
  const newIndex = new Int32Array(end - root);
  const baseDepth = tree.depth[root];
  let next = 0;
  for (let i = root; i < end; i++) {
    if (!used[i]) continue;
    newIndex[i - root] = next;
    out.parent[next] = i === root ? -1 : newIndex[tree.parent[i] - root];
    const depth = tree.depth[i] - baseDepth;
    out.depth[next] = depth;
    out.func[next] = tree.func[i];
    out.self[next] = tree.self[i];
    out.total[next] = tree.total[i];
    if (depth > out.maxDepth) out.maxDepth = depth;
    next++;
  }
  fillSubtreeEnds(out);
  return out;
}

function reorderByWeight(tree: CallTree, ranks: Int32Array): CallTree {
  const { total, func } = tree;
  return depthFirstTree(tree, tree, (a, b) => total[b] - total[a] || ranks[func[a]] - ranks[func[b]]).tree;
}
