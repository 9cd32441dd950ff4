import type { Profile } from '../model/profile.js';
import type { CallTree } from './call-tree.js';
import type { StackWeights } from './stack-weights.js';

/** One row per function with samples, in pprof's -top order (|flat| desc, name, |cum| desc). */
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
 */
export function computeTopTable(profile: Profile, weights: StackWeights, frameHidden: Uint8Array | null): TopTable {
  const { stackSelf, stackUsed } = weights;
  const { stacks, frames } = profile;
  const n = stacks.count;
  const functionCount = profile.functions.count;
  const stackTotal = stackSelf.slice();
  for (let s = n - 1; s >= 0; s--) {
    const parent = stacks.parent[s];
    if (parent >= 0) stackTotal[parent] += stackTotal[s];
  }
  // Children lists (index n stands for the virtual root) for an explicit depth-first walk.
  const childStart = new Int32Array(n + 2);
  for (let s = 0; s < n; s++) childStart[(stacks.parent[s] < 0 ? n : stacks.parent[s]) + 1]++;
  for (let i = 0; i <= n; i++) childStart[i + 1] += childStart[i];
  const childList = new Int32Array(n);
  const fill = childStart.slice(0, n + 1);
  for (let s = 0; s < n; s++) childList[fill[stacks.parent[s] < 0 ? n : stacks.parent[s]]++] = s;

  const flat = new Float64Array(functionCount);
  const cum = new Float64Array(functionCount);
  const present = new Uint8Array(functionCount);
  const active = new Int32Array(functionCount);
  const effective = new Int32Array(n); // function that flat goes to: the nearest visible frame
  // Entries >= 0 enter a stack row; ~s leaves it.
  const pending = new Int32Array(2 * n + 1);
  let top = 0;
  for (let c = childStart[n + 1] - 1; c >= childStart[n]; c--) pending[top++] = childList[c];
  while (top > 0) {
    const entry = pending[--top];
    if (entry < 0) {
      const func = frames.func[stacks.frame[~entry]];
      active[func]--;
      continue;
    }
    const s = entry;
    if (!stackUsed[s]) continue;
    const parent = stacks.parent[s];
    const frame = stacks.frame[s];
    const visible = !frameHidden || !frameHidden[frame];
    if (visible) {
      const func = frames.func[frame];
      if (active[func] === 0) cum[func] += stackTotal[s];
      active[func]++;
      present[func] = 1;
      effective[s] = func;
      pending[top++] = ~s;
    } else {
      effective[s] = parent >= 0 ? effective[parent] : -1;
    }
    if (stackSelf[s] !== 0 && effective[s] >= 0) flat[effective[s]] += stackSelf[s];
    for (let c = childStart[s + 1] - 1; c >= childStart[s]; c--) pending[top++] = childList[c];
  }
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
      (names[nameOf[a]] < names[nameOf[b]] ? -1 : names[nameOf[a]] > names[nameOf[b]] ? 1 : 0) ||
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
