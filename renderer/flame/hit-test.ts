import type { FlameRects } from '../worker/protocol.js';
import type { Viewport } from './viewport.js';

/** Where each depth's rectangles start in the layout (sorted by depth, then x). */
export function depthIndex(rects: FlameRects): Int32Array {
  const start = new Int32Array(rects.maxDepth + 2);
  for (let i = 0; i < rects.count; i++) start[rects.depth[i] + 1]++;
  for (let d = 0; d <= rects.maxDepth; d++) start[d + 1] += start[d];
  return start;
}

/** The rectangle under a point (CSS px within the canvas), or -1: row from y, then binary search. */
export function hitTest(rects: FlameRects, starts: Int32Array, viewport: Viewport, xCss: number, yCss: number): number {
  const contentY = yCss + viewport.scrollY;
  const row = Math.floor(contentY / viewport.rowHeight);
  const depth = viewport.flipped ? viewport.rows - 1 - row : row;
  if (depth < 0 || depth > rects.maxDepth) return -1;
  if (rects.span <= 0) return -1;
  const fraction = viewport.x0 + (xCss / viewport.widthCss) * (viewport.x1 - viewport.x0);
  const value = fraction * rects.span;
  let lo = starts[depth];
  let hi = starts[depth + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (rects.x[mid] + rects.width[mid] <= value) lo = mid + 1;
    else if (rects.x[mid] > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}
