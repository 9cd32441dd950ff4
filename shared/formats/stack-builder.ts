import { GrowableInt32, type AllocationGuard } from '../model/growable.js';
import type { LocationTable, StackTable } from '../model/profile.js';

/**
 * Collects the distinct call paths of a profile (as location rows, root first) and turns them
 * into the stack prefix tree. Paths are sorted, so every path shares its longest common prefix
 * with the one before it: the tree is built with no hash look-up, its rows come out in
 * depth-first pre-order (a subtree is a contiguous range of rows), and memory is touched in order.
 */
export class StackBuilder {
  private readonly pool: GrowableInt32;
  private readonly pathStart: GrowableInt32;
  private readonly pathLength: GrowableInt32;

  constructor(private readonly guard?: AllocationGuard) {
    this.pool = new GrowableInt32(1 << 16, guard);
    this.pathStart = new GrowableInt32(1 << 12, guard);
    this.pathLength = new GrowableInt32(1 << 12, guard);
  }

  /** Adds a path given leaf-first in `locationsLeafFirst[0..length)`; returns its path id. */
  addLeafFirst(locationsLeafFirst: Int32Array, length: number): number {
    const pool = this.pool;
    this.pathStart.push(pool.length);
    if (pool.length + length > pool.data.length) pool.grow(pool.length + length);
    for (let i = length - 1; i >= 0; i--) pool.data[pool.length++] = locationsLeafFirst[i];
    return this.pathLength.push(length);
  }

  get pathCount(): number {
    return this.pathLength.length;
  }

  /** Builds the stack table; returns it with the leaf stack row of every path id. */
  build(locations: LocationTable): { stacks: StackTable; leafOfPath: Int32Array } {
    const pool = this.pool.data;
    const start = this.pathStart.data;
    const length = this.pathLength.data;
    const count = this.pathLength.length;
    this.guard?.charge(count * 8);
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => {
      const la = length[a];
      const lb = length[b];
      const sa = start[a];
      const sb = start[b];
      const n = la < lb ? la : lb;
      for (let k = 0; k < n; k++) {
        const d = pool[sa + k] - pool[sb + k];
        if (d !== 0) return d;
      }
      return la - lb;
    });

    const frame = new GrowableInt32(Math.max(1024, count * 4), this.guard);
    const parent = new GrowableInt32(Math.max(1024, count * 4), this.guard);
    const leafOfPath = new Int32Array(count);
    // nodeAtLevel[k]: the row of the last frame of the k-th location of the previous path.
    let nodeAtLevel = new Int32Array(256);
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const p = order[i];
      const sp = start[p];
      const lp = length[p];
      let common = 0;
      if (previous >= 0) {
        const sq = start[previous];
        const n = Math.min(lp, length[previous]);
        while (common < n && pool[sp + common] === pool[sq + common]) common++;
      }
      if (lp > nodeAtLevel.length) {
        this.guard?.charge(Math.max(lp, nodeAtLevel.length * 2) * 4);
        const grown = new Int32Array(Math.max(lp, nodeAtLevel.length * 2));
        grown.set(nodeAtLevel);
        nodeAtLevel = grown;
      }
      let row = common > 0 ? nodeAtLevel[common - 1] : -1;
      for (let k = common; k < lp; k++) {
        const location = pool[sp + k];
        const frameEnd = locations.frameStart[location] + locations.frameCount[location];
        for (let f = locations.frameStart[location]; f < frameEnd; f++) {
          parent.push(row);
          row = frame.push(f);
        }
        nodeAtLevel[k] = row;
      }
      leafOfPath[p] = row;
      previous = p;
    }
    return { stacks: { count: frame.length, frame: frame.toArray(), parent: parent.toArray() }, leafOfPath };
  }
}
