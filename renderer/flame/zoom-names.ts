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
  return Array.from(rectFuncPath(rects, starts, index), (func) => names[func]);
}

/** The same as function numbers (a comparison numbers both sides alike). */
export function rectFuncPath(rects: FlameRects, starts: Int32Array, index: number): Int32Array {
  // The zoom root and its ancestors are drawn full width at depths 0 .. path.length - 1.
  if (rects.depth[index] < rects.path.length) return rects.pathFuncs.slice(1, rects.depth[index] + 1);
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
  return Int32Array.from([...rects.pathFuncs.subarray(1), ...funcs.reverse()]);
}

/** The rectangle drawn for a call path (function numbers from the root's child), or -1 when this layout has none. */
export function rectOfFuncPath(rects: FlameRects, starts: Int32Array, path: Int32Array): number {
  if (path.length === 0 || path.length > rects.maxDepth) return -1;
  let found = starts[0];
  for (let depth = 1; depth <= path.length; depth++) {
    const from = rects.x[found];
    const to = from + rects.width[found];
    let next = -1;
    for (let i = starts[depth]; i < starts[depth + 1]; i++) {
      if (rects.func[i] === path[depth - 1] && rects.x[i] >= from && rects.x[i] < to) {
        next = i;
        break;
      }
    }
    if (next < 0) return -1;
    found = next;
  }
  return found;
}

/**
 * The call stack of rectangle `index` as names, leaf first (as a Go stack trace prints it), with
 * the ancestors above the zoom root. The root of a call tree ("all") is no function and is left
 * out; a sandwich half's root is the sandwiched function and stays in. In an inverted graph (a
 * sandwich's callers) a frame's children are its callers, so the path from the root already
 * reads leaf first.
 */
export function rectStack(rects: FlameRects, starts: Int32Array, index: number, names: string[], inverted: boolean): string[] {
  const funcs = [rects.pathFuncs[0], ...rectFuncPath(rects, starts, index)].filter((func) => func >= 0);
  if (!inverted) funcs.reverse();
  return funcs.map((func) => names[func]);
}
