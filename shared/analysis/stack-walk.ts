import type { Profile } from '../model/profile.js';

/** What a walk over the stack rows reports; every callback gets rows in depth-first order. */
export interface StackVisitor {
  /** A visible row: its function, and the nearest visible row above it (-1 when none). */
  enter(row: number, func: number, callerRow: number): void;
  /** The same row once its whole subtree was visited. */
  leave(row: number, func: number): void;
  /** A row whose frame hide/show removed: it stands for `visibleRow` (-1 when none is above). */
  hidden?(row: number, visibleRow: number): void;
}

/**
 * Visits the stack rows some kept sample passes through (`stackUsed`), root first, with an
 * explicit stack: stacks can be tens of thousands of frames deep. Hidden frames are passed over,
 * so each visible row's caller is the nearest visible row above it, as pprof's graph sees it.
 */
export function walkUsedStacks(profile: Profile, stackUsed: Uint8Array, frameHidden: Uint8Array | null, visitor: StackVisitor): void {
  const { stacks, frames } = profile;
  const n = stacks.count;
  // Children lists (index n stands for the virtual root).
  const childStart = new Int32Array(n + 2);
  for (let s = 0; s < n; s++) childStart[(stacks.parent[s] < 0 ? n : stacks.parent[s]) + 1]++;
  for (let i = 0; i <= n; i++) childStart[i + 1] += childStart[i];
  const childList = new Int32Array(n);
  const fill = childStart.slice(0, n + 1);
  for (let s = 0; s < n; s++) childList[fill[stacks.parent[s] < 0 ? n : stacks.parent[s]]++] = s;

  const visibleRow = new Int32Array(n); // the row itself when visible, else its nearest visible ancestor
  // Entries >= 0 enter a stack row; ~s leaves it.
  const pending = new Int32Array(2 * n + 1);
  let top = 0;
  for (let c = childStart[n + 1] - 1; c >= childStart[n]; c--) pending[top++] = childList[c];
  while (top > 0) {
    const entry = pending[--top];
    if (entry < 0) {
      visitor.leave(~entry, frames.func[stacks.frame[~entry]]);
      continue;
    }
    const s = entry;
    if (!stackUsed[s]) continue;
    const parent = stacks.parent[s];
    const above = parent >= 0 ? visibleRow[parent] : -1;
    const frame = stacks.frame[s];
    if (!frameHidden || !frameHidden[frame]) {
      visibleRow[s] = s;
      visitor.enter(s, frames.func[frame], above);
      pending[top++] = ~s;
    } else {
      visibleRow[s] = above;
      visitor.hidden?.(s, above);
    }
    for (let c = childStart[s + 1] - 1; c >= childStart[s]; c--) pending[top++] = childList[c];
  }
}

/** Weight of the kept samples passing through each stack row (the row's own plus its subtree's). */
export function stackTotals(profile: Profile, stackSelf: Float64Array): Float64Array {
  const { parent } = profile.stacks;
  const total = stackSelf.slice();
  for (let s = total.length - 1; s >= 0; s--) if (parent[s] >= 0) total[parent[s]] += total[s];
  return total;
}
