import type { Profile } from '../model/profile.js';

/** Which samples a query keeps, resolved per label set and per stack row beforehand. */
export interface SampleFilter {
  sampleTypeIndex: number;
  /** Per label set: 1 passes the tag filters; null = all pass. */
  labelSetPasses: Uint8Array | null;
  /** Per stack row: 1 passes focus/ignore; null = all pass. */
  stackPasses: Uint8Array | null;
}

/** The filtered samples summed per stack row (the top table's input when no tree is built). */
export interface StackWeights {
  /** Weight of the samples that end at each stack row. */
  stackSelf: Float64Array;
  /** 1 when a sample that passed (and is not zero) ends at the row or below it. */
  stackUsed: Uint8Array;
}

/**
 * The one pass over the samples every view starts from: the kept samples' values summed per
 * slot, where a sample's slot is its stack row mapped through `slotOfStack` (the call-tree node
 * of the row, say), or the row itself. Zero-valued samples count for nothing, as in pprof, so
 * they mark no slot used; tag and focus/ignore verdicts were resolved per set and per row before.
 */
export function sumKeptSamples(
  profile: Profile,
  { sampleTypeIndex, labelSetPasses, stackPasses }: SampleFilter,
  slotOfStack: Int32Array | null,
  slotCount: number,
): { sums: Float64Array; used: Uint8Array } {
  const { samples } = profile;
  const values = samples.values[sampleTypeIndex];
  const sums = new Float64Array(slotCount);
  const used = new Uint8Array(slotCount);
  for (let i = 0; i < samples.count; i++) {
    const v = values[i];
    if (v === 0) continue;
    const stack = samples.stack[i];
    if (stack < 0) continue;
    if (labelSetPasses && !labelSetPasses[samples.labelSet[i]]) continue;
    if (stackPasses && !stackPasses[stack]) continue;
    const slot = slotOfStack ? slotOfStack[stack] : stack;
    sums[slot] += v;
    used[slot] = 1;
  }
  return { sums, used };
}

/** Weights per stack row, with `stackUsed` marking rows a kept sample ends at or below. */
export function accumulateStacks(profile: Profile, filter: SampleFilter): StackWeights {
  const { stacks } = profile;
  const { sums: stackSelf, used: stackUsed } = sumKeptSamples(profile, filter, null, stacks.count);
  for (let s = stacks.count - 1; s >= 0; s--) {
    const parent = stacks.parent[s];
    if (stackUsed[s] && parent >= 0) stackUsed[parent] = 1;
  }
  return { stackSelf, stackUsed };
}
