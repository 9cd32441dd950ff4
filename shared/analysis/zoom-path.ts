import type { CallTree } from './call-tree.js';

export interface ZoomNode {
  node: number;
  /** How many names of the path were found: the node is the last of them (the root when 0). */
  matched: number;
}

/**
 * The node a zoom path names: function names from the root's child down. Zoom is kept as names,
 * not node numbers, so it outlives a filter, an order change or a reload, and can be looked up
 * in another profile. Where a name is missing, the zoom stops at the deepest node found.
 */
export function findZoomNode(ids: Map<string, number>, tree: CallTree, path: readonly string[]): ZoomNode {
  let node = 0;
  let matched = 0;
  for (const name of path) {
    const func = ids.get(name);
    if (func === undefined) break;
    let child = -1;
    for (let c = node + 1; c < tree.subtreeEnd[node]; c = tree.subtreeEnd[c]) {
      // Reached, not non-zero: in a diff a node's + and − samples can cancel out.
      if (tree.func[c] === func && tree.reached[c]) {
        child = c;
        break;
      }
    }
    if (child < 0) break;
    node = child;
    matched++;
  }
  return { node, matched };
}
