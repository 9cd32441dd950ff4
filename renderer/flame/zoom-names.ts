import type { FlameRects, ZoomPath } from '../worker/protocol.js';

/** The zoom path a layout shows: the names of its zoom root and the zoom root's ancestors. */
export function layoutZoomPath(rects: FlameRects, names: string[]): ZoomPath {
  return Array.from(rects.pathFuncs.subarray(1), (func) => names[func]);
}

/**
 * The zoom path of rectangle `index`, read off the layout when it is clicked: the rows above it
 * hold its ancestors (each at least as wide). Zooming by these names rather than by the node's
 * number stays right when a newer tree arrives before the zoom animation ends.
 */
export function rectZoomPath(rects: FlameRects, starts: Int32Array, index: number, names: string[]): ZoomPath {
  // The zoom root and its ancestors are drawn full width at depths 0 .. path.length - 1.
  if (rects.depth[index] < rects.path.length) return layoutZoomPath(rects, names).slice(0, rects.depth[index]);
  const funcs: number[] = [];
  const centre = rects.x[index] + rects.width[index] / 2;
  for (let depth = rects.depth[index]; depth > rects.path.length - 1; depth--) {
    for (let i = starts[depth]; i < starts[depth + 1]; i++) {
      if (rects.x[i] <= centre && centre < rects.x[i] + rects.width[i]) {
        funcs.push(rects.func[i]);
        break;
      }
    }
  }
  return [...layoutZoomPath(rects, names), ...funcs.reverse().map((func) => names[func])];
}
