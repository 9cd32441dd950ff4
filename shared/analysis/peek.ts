import type { Profile } from '../model/profile.js';
import { IntPairMap } from '../model/int-pair-map.js';
import { compileGoRegexp } from './go-regexp.js';
import { compareEdges } from './edge-order.js';
import { compileQuery, type ProfileQuery } from './query.js';
import { stackTotals, walkUsedStacks } from './stack-walk.js';
import { accumulateStacks } from './stack-weights.js';
import { computeTopTable, sampleTotal, type TopTable } from './top-table.js';

/** One edge of pprof's call graph as -peek lists it. */
export interface PeekEdge {
  /** The function at the other end (row in profile.functions). */
  func: number;
  value: number;
  /** pprof's "(inline)": every sample's call along this edge was into an inlined frame. */
  inline: boolean;
}

interface PeekFunction {
  func: number;
  flat: number;
  cum: number;
  callers: PeekEdge[];
  callees: PeekEdge[];
}

export interface PeekResult {
  sampleTypeIndex: number;
  /** pprof's total: |value| summed over every sample, before filters. */
  total: number;
  /** Every function with samples, in -top order (pprof picks its output unit over all of them). */
  top: TopTable;
  /** The functions whose name matches, in -top order, as -peek lists them. */
  functions: PeekFunction[];
}

/**
 * Per frame: 1 when a visible frame of the same location lies above it, i.e. the call into it was
 * inlined. pprof marks an edge inline when the callee is not its location's outermost line left
 * after hide/show.
 */
function inlinedCallees(profile: Profile, frameHidden: Uint8Array | null): Uint8Array {
  const { frameStart, frameCount } = profile.locations;
  const inlined = new Uint8Array(profile.frames.count);
  for (let l = 0; l < profile.locations.count; l++) {
    let visibleAbove = false;
    for (let f = frameStart[l]; f < frameStart[l] + frameCount[l]; f++) {
      inlined[f] = visibleAbove ? 1 : 0;
      if (!frameHidden || !frameHidden[f]) visibleAbove = true;
    }
  }
  return inlined;
}

/**
 * `go tool pprof -peek REGEX`: each matching function's flat and cum with its direct callers and
 * callees. Edges are pprof's graph edges: between consecutive visible frames (hidden ones passed
 * over), a caller→callee pair counted once per sample (at its outermost occurrence on the path),
 * and no edge from a function to itself.
 */
export function computePeek(profile: Profile, query: ProfileQuery, regex: string): PeekResult {
  const rx = compileGoRegexp(regex);
  const { sampleTypeIndex, samples, frameHidden } = compileQuery(profile, query);
  const weights = accumulateStacks(profile, samples);
  // Weight under each stack row: the top table's cum and the edges' weights both read it.
  const stackTotal = stackTotals(profile, weights.stackSelf);
  const top = computeTopTable(profile, weights, frameHidden, stackTotal);
  const { functions, strings, frames, stacks } = profile;
  const matched = new Uint8Array(functions.count);
  for (let row = 0; row < top.count; row++) if (rx.test(strings[functions.name[top.func[row]]])) matched[top.func[row]] = 1;

  const inlined = inlinedCallees(profile, frameHidden);
  // Edges that touch a matched function, one slot per (caller, callee) pair.
  const slotOfPair = new IntPairMap(256);
  const edgeCaller: number[] = [];
  const edgeCallee: number[] = [];
  const edgeWeight: number[] = [];
  const edgeCalled: number[] = []; // 1 once some sample reached the callee by a real (not inlined) call
  const edgeOpen: number[] = []; // occurrences of the pair on the current path
  const rowSlot = new Int32Array(stacks.count).fill(-1);
  walkUsedStacks(profile, weights.stackUsed, frameHidden, {
    enter(s, func, callerRow) {
      if (callerRow < 0) return;
      const caller = frames.func[stacks.frame[callerRow]];
      if (caller === func || (!matched[caller] && !matched[func])) return;
      const slot = slotOfPair.getOrInsert(caller, func, edgeCaller.length);
      if (slot === edgeCaller.length) {
        edgeCaller.push(caller);
        edgeCallee.push(func);
        edgeWeight.push(0);
        edgeCalled.push(0);
        edgeOpen.push(0);
      }
      if (edgeOpen[slot] === 0) {
        edgeWeight[slot] += stackTotal[s];
        if (!inlined[stacks.frame[s]]) edgeCalled[slot] = 1;
      }
      edgeOpen[slot]++;
      rowSlot[s] = slot;
    },
    leave(s) {
      if (rowSlot[s] >= 0) edgeOpen[rowSlot[s]]--;
    },
  });

  const result: PeekFunction[] = [];
  const entryOf = new Int32Array(functions.count).fill(-1);
  for (let row = 0; row < top.count; row++) {
    const func = top.func[row];
    if (!matched[func]) continue;
    entryOf[func] = result.length;
    result.push({ func, flat: top.flat[row], cum: top.cum[row], callers: [], callees: [] });
  }
  for (let slot = 0; slot < edgeCaller.length; slot++) {
    const value = edgeWeight[slot];
    const inline = edgeCalled[slot] === 0;
    const callee = entryOf[edgeCallee[slot]];
    const caller = entryOf[edgeCaller[slot]];
    if (callee >= 0) result[callee].callers.push({ func: edgeCaller[slot], value, inline });
    if (caller >= 0) result[caller].callees.push({ func: edgeCallee[slot], value, inline });
  }
  const nameOf = (func: number) => strings[functions.name[func]];
  const byWeight = (a: PeekEdge, b: PeekEdge) => compareEdges(a.value, b.value, nameOf(a.func), nameOf(b.func));
  for (const entry of result) {
    entry.callers.sort(byWeight);
    entry.callees.sort(byWeight);
  }
  return { sampleTypeIndex, total: sampleTotal(profile, sampleTypeIndex), top, functions: result };
}
