import { IntPairMap } from '../model/int-pair-map.js';
import type { Profile } from '../model/profile.js';
import type { CompiledNameFilters } from './name-filter.js';

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
  sampleTypeIndex: number;
  /** Per label set: 1 passes (tag filters); null = all pass. */
  labelSetPasses: Uint8Array | null;
  nameFilters: CompiledNameFilters;
  order: ChildOrder;
}

const functionRanks = new WeakMap<Profile, Int32Array>();

/** Each function's position in name order, so sibling sorting compares integers. */
export function functionNameRanks(profile: Profile): Int32Array {
  let ranks = functionRanks.get(profile);
  if (!ranks) {
    const { functions, strings } = profile;
    const order = Array.from({ length: functions.count }, (_, i) => i);
    const names = order.map((f) => strings[functions.name[f]]);
    order.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b));
    ranks = new Int32Array(functions.count);
    order.forEach((f, rank) => (ranks![f] = rank));
    functionRanks.set(profile, ranks);
  }
  return ranks;
}

export function buildCallTree(input: CallTreeInput): CallTree {
  const { profile, sampleTypeIndex, labelSetPasses, nameFilters, order } = input;
  const { stacks, frames, samples } = profile;
  const values = samples.values[sampleTypeIndex];
  const { stackPasses, frameHidden } = nameFilters;

  // 1. Weight per leaf stack of the samples that pass; zero-valued samples count for nothing,
  //    as in pprof, so they create no nodes.
  const stackSelf = new Float64Array(stacks.count);
  const stackUsed = new Uint8Array(stacks.count);
  let rootSelf = 0;
  for (let i = 0; i < samples.count; i++) {
    const v = values[i];
    if (v === 0) continue;
    if (labelSetPasses && !labelSetPasses[samples.labelSet[i]]) continue;
    const stack = samples.stack[i];
    if (stack < 0) continue;
    if (stackPasses && !stackPasses[stack]) continue;
    stackSelf[stack] += v;
    stackUsed[stack] = 1;
  }
  for (let s = stacks.count - 1; s >= 0; s--) {
    const parent = stacks.parent[s];
    if (stackUsed[s] && parent >= 0) stackUsed[parent] = 1;
  }

  // 2. Merge stacks into call-tree nodes keyed by (parent node, function), skipping hidden frames.
  //    Nodes come out parent-before-child; node 0 is the root.
  const stackNode = new Int32Array(stacks.count);
  const nodeParent: number[] = [-1];
  const nodeFunc: number[] = [-1];
  const nodeSelfList: number[] = [0];
  const children = new IntPairMap(Math.min(stacks.count, 1 << 20));
  for (let s = 0; s < stacks.count; s++) {
    if (!stackUsed[s]) continue;
    const parent = stacks.parent[s];
    const parentNode = parent >= 0 ? stackNode[parent] : 0;
    const frame = stacks.frame[s];
    let node = parentNode;
    if (!frameHidden || !frameHidden[frame]) {
      const func = frames.func[frame];
      node = children.getOrInsert(parentNode, func, nodeParent.length);
      if (node === nodeParent.length) {
        nodeParent.push(parentNode);
        nodeFunc.push(func);
        nodeSelfList.push(0);
      }
    }
    stackNode[s] = node;
    if (stackSelf[s] !== 0) {
      if (node === 0) rootSelf += stackSelf[s]; // every frame hidden: pprof drops the sample
      else nodeSelfList[node] += stackSelf[s];
    }
  }
  void rootSelf;
  return toDepthFirst(profile, nodeParent, nodeFunc, nodeSelfList, order);
}

/** Reorders parent-before-child nodes depth-first, children sorted, and sums totals. */
function toDepthFirst(profile: Profile, parentOf: number[], funcOf: number[], selfOf: number[], order: ChildOrder): CallTree {
  const n = parentOf.length;
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) total[i] = selfOf[i];
  for (let i = n - 1; i > 0; i--) total[parentOf[i]] += total[i];

  const childCount = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) childCount[parentOf[i] + 1]++;
  for (let i = 0; i < n; i++) childCount[i + 1] += childCount[i];
  const childStart = childCount; // prefix sums: children of i are childList[childStart[i] .. childStart[i+1])
  const childList = new Int32Array(Math.max(0, n - 1));
  const fill = childStart.slice(0, n);
  for (let i = 1; i < n; i++) childList[fill[parentOf[i]]++] = i;

  const ranks = functionNameRanks(profile);
  const byName = (a: number, b: number) => ranks[funcOf[a]] - ranks[funcOf[b]];
  const byWeight = (a: number, b: number) => total[b] - total[a] || byName(a, b);
  const compare = order === 'weight' ? byWeight : byName;
  for (let i = 0; i < n; i++) {
    const start = childStart[i];
    const end = childStart[i + 1];
    if (end - start > 1) childList.subarray(start, end).sort(compare);
  }

  const tree: CallTree = {
    count: n,
    parent: new Int32Array(n),
    depth: new Int32Array(n),
    func: new Int32Array(n),
    self: new Float64Array(n),
    total: new Float64Array(n),
    subtreeEnd: new Int32Array(n),
    maxDepth: 0,
  };
  const newIndex = new Int32Array(n);
  // Explicit stack of old node ids; children pushed in reverse so they pop in order.
  const pending = new Int32Array(n);
  let top = 0;
  pending[top++] = 0;
  let next = 0;
  while (top > 0) {
    const old = pending[--top];
    const index = next++;
    newIndex[old] = index;
    const oldParent = parentOf[old];
    const parent = oldParent >= 0 ? newIndex[oldParent] : -1;
    tree.parent[index] = parent;
    tree.depth[index] = parent >= 0 ? tree.depth[parent] + 1 : 0;
    if (tree.depth[index] > tree.maxDepth) tree.maxDepth = tree.depth[index];
    tree.func[index] = funcOf[old];
    tree.self[index] = selfOf[old];
    tree.total[index] = total[old];
    for (let c = childStart[old + 1] - 1; c >= childStart[old]; c--) pending[top++] = childList[c];
  }
  // A subtree ends where the next node at its depth or shallower begins.
  for (let i = 0; i < n; i++) tree.subtreeEnd[i] = n;
  const open = new Int32Array(tree.maxDepth + 2);
  let openCount = 0;
  for (let i = 0; i < n; i++) {
    const depth = tree.depth[i];
    while (openCount > depth) tree.subtreeEnd[open[--openCount]] = i;
    open[openCount++] = i;
  }
  return tree;
}
