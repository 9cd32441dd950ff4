import type { Profile } from '../model/profile.js';
import { callTreeFromNodes, functionNameRanks, reachedSubtree, type CallTree, type ChildOrder } from './call-tree.js';
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

/** The reached nodes of each function, in depth-first order: where a sandwich starts. */
interface NodesByFunction {
  start: Int32Array;
  nodes: Int32Array;
}

const nodeIndexes = new WeakMap<CallTree, NodesByFunction>();

/** Built once per tree (two passes), so walking from sandwich to sandwich visits only the function's nodes. */
function nodesByFunction(tree: CallTree, functionCount: number): NodesByFunction {
  let index = nodeIndexes.get(tree);
  if (!index) {
    const start = new Int32Array(functionCount + 1);
    for (let i = 1; i < tree.count; i++) if (tree.reached[i]) start[tree.func[i] + 1]++;
    for (let f = 0; f < functionCount; f++) start[f + 1] += start[f];
    const nodes = new Int32Array(start[functionCount]);
    const fill = start.slice(0, functionCount);
    for (let i = 1; i < tree.count; i++) if (tree.reached[i]) nodes[fill[tree.func[i]]++] = i;
    index = { start, nodes };
    nodeIndexes.set(tree, index);
  }
  return index;
}

/**
 * The sandwich of `func` from a query's call tree, so it sees the same filters, hidden frames and
 * sample type. Only the function's own nodes are visited, in depth-first order, with the ones
 * enclosing the current one kept on a stack (no recursion: a 50,000-deep stack works). Each
 * outermost occurrence adds its callers, inverted, to the callers tree and its subtree to the
 * callees tree. pprof's edges count a (caller, callee) pair once per sample: an occurrence adds
 * its caller's edge unless an enclosing occurrence has the same caller, and a child's edge unless
 * an enclosing occurrence calls the same function on the way down.
 */
export function computeSandwich(profile: Profile, tree: CallTree, func: number, order: ChildOrder): Sandwich {
  const functionCount = profile.functions.count;
  const { start, nodes } = nodesByFunction(tree, functionCount);
  const { parent, subtreeEnd } = tree;
  const occurrences = start[func + 1] - start[func];
  // The enclosing occurrences; for each, its caller and its child on the way down to the current one.
  const open = new Int32Array(occurrences);
  const openCaller = new Int32Array(occurrences);
  const openChild = new Int32Array(occurrences);
  let depth = 0;
  const callerOpen = new Int32Array(functionCount);
  const calleeOpen = new Int32Array(functionCount);
  const callerWeight = new Float64Array(functionCount);
  const calleeWeight = new Float64Array(functionCount);
  const hasCaller = new Uint8Array(functionCount);
  const hasCallee = new Uint8Array(functionCount);
  const callers = new WeightedTreeNodes(1024, func);
  const outermost: number[] = [];
  let flat = 0;

  for (let k = start[func]; k < start[func + 1]; k++) {
    const node = nodes[k];
    while (depth > 0 && subtreeEnd[open[depth - 1]] <= node) {
      depth--;
      if (openCaller[depth] >= 0) callerOpen[openCaller[depth]]--;
      if (openChild[depth] >= 0) calleeOpen[tree.func[openChild[depth]]]--;
    }
    flat += tree.self[node];
    if (depth > 0) {
      // The nearest enclosing occurrence now leads down to this one through its child `child`.
      let child = node;
      while (parent[child] !== open[depth - 1]) child = parent[child];
      if (openChild[depth - 1] !== child) {
        if (openChild[depth - 1] >= 0) calleeOpen[tree.func[openChild[depth - 1]]]--;
        openChild[depth - 1] = child;
        calleeOpen[tree.func[child]]++;
      }
    }
    const caller = parent[node] > 0 ? tree.func[parent[node]] : -1;
    const edgeCaller = caller !== func ? caller : -1;
    if (edgeCaller >= 0) {
      if (callerOpen[edgeCaller] === 0) callerWeight[edgeCaller] += tree.total[node];
      hasCaller[edgeCaller] = 1;
    }
    if (depth === 0) {
      outermost.push(node);
      // Its callers, innermost first, carry its whole weight.
      let inverted = 0;
      for (let n = parent[node]; n > 0; n = parent[n]) inverted = callers.child(inverted, tree.func[n]);
      callers.self[inverted] += tree.total[node];
    }
    for (let c = node + 1; c < subtreeEnd[node]; c = subtreeEnd[c]) {
      const callee = tree.func[c];
      if (!tree.reached[c] || callee === func) continue;
      if (calleeOpen[callee] === 0) calleeWeight[callee] += tree.total[c];
      hasCallee[callee] = 1;
    }
    open[depth] = node;
    openCaller[depth] = edgeCaller;
    openChild[depth] = -1;
    if (edgeCaller >= 0) callerOpen[edgeCaller]++;
    depth++;
  }
  const callersTree = callTreeFromNodes(functionNameRanks(profile), callers, order);
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
  return callTreeFromNodes(functionNameRanks(profile), callees, order);
}
