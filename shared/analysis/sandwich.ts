import type { Profile } from '../model/profile.js';
import { callTreeFromNodes, reachedSubtree, type CallTree, type ChildOrder } from './call-tree.js';
import { compareEdges } from './edge-order.js';
import { WeightedTreeNodes } from './tree-nodes.js';

/** Direct callers or callees of the sandwiched function with pprof's edge weights, by weight. */
export interface EdgeList {
  func: Int32Array;
  value: Float64Array;
}

/**
 * The sandwich of one function (DESIGN.md section 2): who calls it and what it calls, every call
 * site merged. Both trees have the function itself as node 0, sized by its cum.
 */
export interface Sandwich {
  func: number;
  flat: number;
  cum: number;
  /** Inverted: node 0 is the function, its children its callers, theirs their callers. */
  callers: CallTree;
  /** The merged subtrees under every outermost call of the function (recursion counted once). */
  callees: CallTree;
  /** pprof -peek's rows: one edge per (caller, callee) pair counted once per sample, no self edge. */
  directCallers: EdgeList;
  directCallees: EdgeList;
}

function sortedEdges(profile: Profile, weight: Float64Array, present: Uint8Array): EdgeList {
  const funcs: number[] = [];
  for (let f = 0; f < present.length; f++) if (present[f]) funcs.push(f);
  const name = (f: number) => profile.strings[profile.functions.name[f]];
  funcs.sort((a, b) => compareEdges(weight[a], weight[b], name(a), name(b)));
  return { func: Int32Array.from(funcs), value: Float64Array.from(funcs, (f) => weight[f]) };
}

/**
 * The sandwich of `func` from a query's call tree, so it sees the same filters, hidden frames and
 * sample type. One depth-first pass with the current path kept by depth (no recursion: a
 * 50,000-deep stack works): each outermost occurrence of the function adds its path, inverted, to
 * the callers tree and its subtree to the callees tree; every occurrence adds pprof's edges.
 */
export function computeSandwich(profile: Profile, tree: CallTree, func: number, order: ChildOrder): Sandwich {
  const functionCount = profile.functions.count;
  const path = new Int32Array(tree.maxDepth + 1);
  // Per depth on the current path: the pair this node opened (-1 none), so leaving it closes it.
  const openedCaller = new Int32Array(tree.maxDepth + 1).fill(-1);
  const openedCallee = new Int32Array(tree.maxDepth + 1).fill(-1);
  const callerOpen = new Int32Array(functionCount);
  const calleeOpen = new Int32Array(functionCount);
  const callerWeight = new Float64Array(functionCount);
  const calleeWeight = new Float64Array(functionCount);
  const hasCaller = new Uint8Array(functionCount);
  const hasCallee = new Uint8Array(functionCount);

  const callers = new WeightedTreeNodes(1024, func);
  const outermost: number[] = [];
  let flat = 0;
  let pathLength = 0; // nodes on the current path, depth 1 .. pathLength
  let funcOnPath = 0;

  const close = (depth: number) => {
    if (openedCaller[depth] >= 0) callerOpen[openedCaller[depth]]--;
    if (openedCallee[depth] >= 0) calleeOpen[openedCallee[depth]]--;
    openedCaller[depth] = openedCallee[depth] = -1;
    if (tree.func[path[depth]] === func) funcOnPath--;
  };

  for (let i = 1; i < tree.count; ) {
    if (!tree.reached[i]) {
      i = tree.subtreeEnd[i];
      continue;
    }
    const depth = tree.depth[i];
    while (pathLength >= depth) close(pathLength--);
    path[depth] = i;
    pathLength = depth;
    const f = tree.func[i];
    const callerFunc = depth > 1 ? tree.func[path[depth - 1]] : -1;
    if (f === func && callerFunc >= 0 && callerFunc !== func) {
      if (callerOpen[callerFunc]++ === 0) callerWeight[callerFunc] += tree.total[i];
      openedCaller[depth] = callerFunc;
      hasCaller[callerFunc] = 1;
    }
    if (callerFunc === func && f !== func) {
      if (calleeOpen[f]++ === 0) calleeWeight[f] += tree.total[i];
      openedCallee[depth] = f;
      hasCallee[f] = 1;
    }
    if (f === func) {
      flat += tree.self[i];
      if (funcOnPath === 0) {
        outermost.push(i);
        // Its callers, innermost first, carry its whole weight.
        let node = 0;
        for (let d = depth - 1; d >= 1; d--) node = callers.child(node, tree.func[path[d]]);
        callers.self[node] += tree.total[i];
      }
      funcOnPath++;
    }
    i++;
  }
  const callersTree = callTreeFromNodes(profile, callers, order);
  return {
    func,
    flat,
    cum: callersTree.total[0],
    callers: callersTree,
    // A function called from one place (near the root of a big profile, often) has that call's
    // subtree as its callees: copying it costs a fraction of merging it again.
    callees: outermost.length === 1 ? reachedSubtree(tree, outermost[0]) : mergedSubtrees(profile, tree, func, outermost, order),
    directCallers: sortedEdges(profile, callerWeight, hasCaller),
    directCallees: sortedEdges(profile, calleeWeight, hasCallee),
  };
}

/** The subtrees under every outermost occurrence, merged by call path (recursion inside stays nested). */
function mergedSubtrees(profile: Profile, tree: CallTree, func: number, outermost: number[], order: ChildOrder): CallTree {
  const callees = new WeightedTreeNodes(1024, func);
  const nodeOf = new Int32Array(tree.count);
  for (const root of outermost) {
    nodeOf[root] = 0;
    callees.self[0] += tree.self[root];
    for (let i = root + 1; i < tree.subtreeEnd[root]; ) {
      if (!tree.reached[i]) {
        i = tree.subtreeEnd[i];
        continue;
      }
      const node = callees.child(nodeOf[tree.parent[i]], tree.func[i]);
      nodeOf[i] = node;
      callees.self[node] += tree.self[i];
      i++;
    }
  }
  return callTreeFromNodes(profile, callees, order);
}
