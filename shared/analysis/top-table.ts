import type { Profile } from '../model/profile.js';
import type { CallTree } from './call-tree.js';

/** One row per function with samples, in pprof's -top order (|flat| desc, name, |cum| desc). */
export interface TopTable {
  count: number;
  func: Int32Array;
  flat: Float64Array;
  cum: Float64Array;
}

/**
 * flat = self of every node of the function; cum = total of its outermost nodes only, so a
 * recursive function counts each sample once.
 */
export function computeTopTable(profile: Profile, tree: CallTree): TopTable {
  const functionCount = profile.functions.count;
  const flat = new Float64Array(functionCount);
  const cum = new Float64Array(functionCount);
  const present = new Uint8Array(functionCount);
  const activeDepth = new Int32Array(functionCount);
  const open = new Int32Array(tree.maxDepth + 2);
  let openCount = 0;
  for (let i = 1; i < tree.count; i++) {
    const depth = tree.depth[i];
    while (openCount >= depth) activeDepth[tree.func[open[--openCount]]]--;
    const func = tree.func[i];
    if (activeDepth[func] === 0) cum[func] += tree.total[i];
    activeDepth[func]++;
    open[openCount++] = i;
    flat[func] += tree.self[i];
    present[func] = 1;
  }
  const rows: number[] = [];
  for (let f = 0; f < functionCount; f++) if (present[f] && (flat[f] !== 0 || cum[f] !== 0)) rows.push(f);
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
  const values = profile.samples.values[sampleTypeIndex];
  let total = 0;
  for (let i = 0; i < values.length; i++) total += Math.abs(values[i]);
  return total;
}
