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
 * One pass over the samples. Zero-valued samples count for nothing, as in pprof, so they keep
 * no row alive; label sets and focus/ignore verdicts were resolved per set and per stack before.
 */
export function accumulateStacks(profile: Profile, { sampleTypeIndex, labelSetPasses, stackPasses }: SampleFilter): StackWeights {
  const { samples, stacks } = profile;
  const values = samples.values[sampleTypeIndex];
  const stackSelf = new Float64Array(stacks.count);
  const stackUsed = new Uint8Array(stacks.count);
  for (let i = 0; i < samples.count; i++) {
    const v = values[i];
    if (v === 0) continue;
    const stack = samples.stack[i];
    if (stack < 0) continue;
    if (labelSetPasses && !labelSetPasses[samples.labelSet[i]]) continue;
    if (stackPasses && !stackPasses[stack]) continue;
    stackSelf[stack] += v;
    stackUsed[stack] = 1;
  }
  for (let s = stacks.count - 1; s >= 0; s--) {
    const parent = stacks.parent[s];
    if (stackUsed[s] && parent >= 0) stackUsed[parent] = 1;
  }
  return { stackSelf, stackUsed };
}
