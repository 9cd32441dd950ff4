import type { Profile } from '../model/profile.js';
import type { CallTree } from './call-tree.js';
import { compareGoStrings } from './go-string-order.js';
import type { StackWeights } from './stack-weights.js';
import { stackTotals, walkUsedStacks } from './stack-walk.js';

/** One row per function with samples, in pprof's -top order (|flat| desc, name in Go's order, |cum| desc). */
export interface TopTable {
  count: number;
  func: Int32Array;
  flat: Float64Array;
  cum: Float64Array;
}

/**
 * flat and cum per function straight from the stack table, without building a call tree:
 * flat = weight of the samples whose leaf-most visible frame is the function; cum = weight of
 * the subtrees under its outermost visible occurrences, so recursion counts each sample once.
 * `stackTotal` (stackTotals of the same weights) is taken from a caller that needs it too.
 */
export function computeTopTable(
  profile: Profile,
  weights: StackWeights,
  frameHidden: Uint8Array | null,
  stackTotal: Float64Array = stackTotals(profile, weights.stackSelf),
): TopTable {
  const { stackSelf, stackUsed } = weights;
  const functionCount = profile.functions.count;
  const flat = new Float64Array(functionCount);
  const cum = new Float64Array(functionCount);
  const present = new Uint8Array(functionCount);
  const active = new Int32Array(functionCount);
  const { frames, stacks } = profile;
  walkUsedStacks(profile, stackUsed, frameHidden, {
    enter(s, func) {
      if (active[func] === 0) cum[func] += stackTotal[s];
      active[func]++;
      present[func] = 1;
      flat[func] += stackSelf[s];
    },
    leave(_s, func) {
      active[func]--;
    },
    // A hidden row's own samples go to the nearest visible frame above it.
    hidden(s, visibleRow) {
      if (stackSelf[s] !== 0 && visibleRow >= 0) flat[frames.func[stacks.frame[visibleRow]]] += stackSelf[s];
    },
  });
  return sortedRows(profile, flat, cum, present);
}

/**
 * The same numbers from a depth-first call tree (hidden frames already gone): one pass, with the
 * open path as a stack, counting cum only at a function's outermost open node.
 */
export function computeTopTableFromTree(profile: Profile, tree: CallTree): TopTable {
  const functionCount = profile.functions.count;
  const flat = new Float64Array(functionCount);
  const cum = new Float64Array(functionCount);
  const present = new Uint8Array(functionCount);
  const activeDepth = new Int32Array(functionCount);
  const open = new Int32Array(tree.maxDepth + 2);
  let openCount = 0;
  for (let i = 1; i < tree.count; ) {
    if (tree.total[i] === 0 && tree.self[i] === 0 && tree.subtreeEnd[i] === i + 1) {
      i++;
      continue;
    }
    const depth = tree.depth[i];
    while (openCount >= depth) activeDepth[tree.func[open[--openCount]]]--;
    const func = tree.func[i];
    if (activeDepth[func] === 0) cum[func] += tree.total[i];
    activeDepth[func]++;
    open[openCount++] = i;
    flat[func] += tree.self[i];
    if (tree.total[i] !== 0 || tree.self[i] !== 0) present[func] = 1;
    i++;
  }
  return sortedRows(profile, flat, cum, present);
}

function sortedRows(profile: Profile, flat: Float64Array, cum: Float64Array, present: Uint8Array): TopTable {
  const rows: number[] = [];
  for (let f = 0; f < flat.length; f++) if (present[f] && (flat[f] !== 0 || cum[f] !== 0)) rows.push(f);
  const names = profile.strings;
  const nameOf = profile.functions.name;
  rows.sort(
    (a, b) =>
      Math.abs(flat[b]) - Math.abs(flat[a]) ||
      compareGoStrings(names[nameOf[a]], names[nameOf[b]]) ||
      Math.abs(cum[b]) - Math.abs(cum[a]),
  );
  const table: TopTable = {
    count: rows.length,
    func: Int32Array.from(rows),
    flat: new Float64Array(rows.length),
    cum: new Float64Array(rows.length),
  };
  rows.forEach((f, i) => {
    table.flat[i] = flat[f];
    table.cum[i] = cum[f];
  });
  return table;
}

/** pprof's total: the sum of |value| over every sample, before any filter. */
export function sampleTotal(profile: Profile, sampleTypeIndex: number): number {
  return profile.samples.totals[sampleTypeIndex];
}
