import { IntPairMap } from '../model/int-pair-map.js';
import type { Profile } from '../model/profile.js';
import { sumKeptSamples, type SampleFilter } from './stack-weights.js';

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
function functionNameRanks(profile: Profile): Int32Array {
  let ranks = functionRanks.get(profile);
  if (!ranks) {
    const { functions, strings } = profile;
    // Sorting the strings themselves (no comparator) is several times faster than sorting
    // indices by name; names are distinct per function row.
    const names = Array.from(functions.name, (s) => strings[s]);
    const sorted = names.slice().sort();
    const rankOf = new Map<string, number>();
    sorted.forEach((name, rank) => rankOf.set(name, rank));
    ranks = Int32Array.from(names, (name) => rankOf.get(name)!);
    functionRanks.set(profile, ranks);
  }
  return ranks;
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

/** Past this many children, a node's children are found through a hash map, not its list. */
const MAX_LISTED_CHILDREN = 8;

function buildSkeleton(profile: Profile, frameHidden: Uint8Array | null): Skeleton {
  const { stacks, frames } = profile;
  // Nodes keyed by (parent node, function), created parent-before-child; node 0 is the root.
  // Children are found by walking the parent's short child list (nodes made moments ago, so in
  // cache); only nodes with many children use the hash map.
  const stackNode = new Int32Array(stacks.count);
  const parentOf = new Int32Array(stacks.count + 1);
  const funcOf = new Int32Array(stacks.count + 1);
  const firstChild = new Int32Array(stacks.count + 1).fill(-1);
  const nextSibling = new Int32Array(stacks.count + 1);
  const childCount = new Int32Array(stacks.count + 1);
  parentOf[0] = -1;
  funcOf[0] = -1;
  let count = 1;
  const manyChildren = new IntPairMap(1024);
  for (let s = 0; s < stacks.count; s++) {
    const parent = stacks.parent[s];
    const parentNode = parent >= 0 ? stackNode[parent] : 0;
    const frame = stacks.frame[s];
    if (frameHidden && frameHidden[frame]) {
      stackNode[s] = parentNode;
      continue;
    }
    const func = frames.func[frame];
    let node = -1;
    if (childCount[parentNode] <= MAX_LISTED_CHILDREN) {
      for (let c = firstChild[parentNode]; c >= 0; c = nextSibling[c]) {
        if (funcOf[c] === func) {
          node = c;
          break;
        }
      }
    } else {
      node = manyChildren.get(parentNode, func);
    }
    if (node < 0) {
      node = count++;
      parentOf[node] = parentNode;
      funcOf[node] = func;
      nextSibling[node] = firstChild[parentNode];
      firstChild[parentNode] = node;
      const children = ++childCount[parentNode];
      if (children === MAX_LISTED_CHILDREN + 1) {
        for (let c = firstChild[parentNode]; c >= 0; c = nextSibling[c]) manyChildren.getOrInsert(parentNode, funcOf[c], c);
      } else if (children > MAX_LISTED_CHILDREN + 1) {
        manyChildren.getOrInsert(parentNode, func, node);
      }
    }
    stackNode[s] = node;
  }
  const ranks = functionNameRanks(profile);
  const order = depthFirstOrder(count, parentOf, (a, b) => ranks[funcOf[a]] - ranks[funcOf[b]]);
  const newIndex = new Int32Array(count);
  for (let i = 0; i < count; i++) newIndex[order[i]] = i;
  const skeleton: Skeleton = {
    count,
    parent: new Int32Array(count),
    func: new Int32Array(count),
    depth: new Int32Array(count),
    subtreeEnd: new Int32Array(count),
    maxDepth: 0,
    stackNode,
  };
  for (let i = 0; i < count; i++) {
    const old = order[i];
    const parent = parentOf[old] >= 0 ? newIndex[parentOf[old]] : -1;
    skeleton.parent[i] = parent;
    skeleton.func[i] = funcOf[old];
    const depth = parent >= 0 ? skeleton.depth[parent] + 1 : 0;
    skeleton.depth[i] = depth;
    if (depth > skeleton.maxDepth) skeleton.maxDepth = depth;
  }
  fillSubtreeEnds(skeleton);
  for (let s = 0; s < stacks.count; s++) stackNode[s] = newIndex[stackNode[s]];
  return skeleton;
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
  const { sums: self, used } = sumKeptSamples(profile, input.samples, skeleton.stackNode, n);
  self[0] = 0;
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
  };
  return order === 'weight' ? reorderByWeight(compactTree(tree, used), functionNameRanks(profile)) : tree;
}

/** The tree without the nodes no sample reaches (before a reorder, which is per node). */
function compactTree(tree: CallTree, used: Uint8Array): CallTree {
  const n = tree.count;
  used[0] = 1;
  for (let i = n - 1; i > 0; i--) if (used[i]) used[tree.parent[i]] = 1;
  let kept = 0;
  for (let i = 0; i < n; i++) kept += used[i];
  const out: CallTree = {
    count: kept,
    parent: new Int32Array(kept),
    depth: new Int32Array(kept),
    func: new Int32Array(kept),
    self: new Float64Array(kept),
    total: new Float64Array(kept),
    subtreeEnd: new Int32Array(kept),
    maxDepth: 0,
  };
  const newIndex = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    if (!used[i]) continue;
    newIndex[i] = next;
    out.parent[next] = tree.parent[i] >= 0 ? newIndex[tree.parent[i]] : -1;
    out.depth[next] = tree.depth[i];
    out.func[next] = tree.func[i];
    out.self[next] = tree.self[i];
    out.total[next] = tree.total[i];
    if (tree.depth[i] > out.maxDepth) out.maxDepth = tree.depth[i];
    next++;
  }
  return out;
}

function reorderByWeight(tree: CallTree, ranks: Int32Array): CallTree {
  const { total, func } = tree;
  const order = depthFirstOrder(tree.count, tree.parent, (a, b) => total[b] - total[a] || ranks[func[a]] - ranks[func[b]]);
  const newIndex = new Int32Array(tree.count);
  for (let i = 0; i < tree.count; i++) newIndex[order[i]] = i;
  const out: CallTree = {
    count: tree.count,
    parent: new Int32Array(tree.count),
    depth: new Int32Array(tree.count),
    func: new Int32Array(tree.count),
    self: new Float64Array(tree.count),
    total: new Float64Array(tree.count),
    subtreeEnd: new Int32Array(tree.count),
    maxDepth: tree.maxDepth,
  };
  for (let i = 0; i < tree.count; i++) {
    const old = order[i];
    out.parent[i] = tree.parent[old] >= 0 ? newIndex[tree.parent[old]] : -1;
    out.depth[i] = tree.depth[old];
    out.func[i] = tree.func[old];
    out.self[i] = tree.self[old];
    out.total[i] = tree.total[old];
  }
  fillSubtreeEnds(out);
  return out;
}
