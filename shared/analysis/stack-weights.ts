import type { Profile } from '../model/profile.js';

/** The filtered samples summed per stack row: what every view is computed from. */
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
export function accumulateStacks(
  profile: Profile,
  sampleTypeIndex: number,
  labelSetPasses: Uint8Array | null,
  stackPasses: Uint8Array | null,
): StackWeights {
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
