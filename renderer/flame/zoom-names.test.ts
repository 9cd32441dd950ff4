import { describe, expect, it } from 'vitest';
import type { FlameRects } from '../worker/protocol.js';
import { depthIndex } from './hit-test.js';
import { rectStack } from './zoom-names.js';

/** Rectangles of rows given as [func, x, width] per depth; the zoom path as function numbers. */
function layout(rows: [number, number, number][][], pathFuncs: number[]): FlameRects {
  const flat = rows.flatMap((row, depth) => row.map(([func, x, width]) => ({ func, x, width, depth })));
  const n = flat.length;
  return {
    count: n,
    x: Float64Array.from(flat, (r) => r.x),
    width: Float64Array.from(flat, (r) => r.width),
    depth: Int32Array.from(flat, (r) => r.depth),
    nodeId: Int32Array.from(flat, (_, i) => i),
    func: Int32Array.from(flat, (r) => r.func),
    colorKey: new Int32Array(n),
    self: new Float64Array(n),
    total: new Float64Array(n),
    parentTotal: new Float64Array(n),
    span: 100,
    maxDepth: rows.length - 1,
    path: Int32Array.from(pathFuncs, (_, i) => i),
    pathFuncs: Int32Array.from(pathFuncs),
    zoomFound: true,
  };
}

const names = ['main', 'run', 'work', 'parse', 'gc', 'sandwiched'];

describe('the stack of a frame', () => {
  it('reads leaf first, through the rows below it, without the root', () => {
    // all / main / run (0–60) + gc (60–100) / work (0–30) + parse (30–60)
    const rects = layout(
      [
        [[-1, 0, 100]],
        [[0, 0, 100]],
        [
          [1, 0, 60],
          [4, 60, 40],
        ],
        [
          [2, 0, 30],
          [3, 30, 30],
        ],
      ],
      [-1],
    );
    const starts = depthIndex(rects);
    expect(rectStack(rects, starts, 5, names, false)).toEqual(['parse', 'run', 'main']);
    expect(rectStack(rects, starts, 3, names, false)).toEqual(['gc', 'main']);
    expect(rectStack(rects, starts, 1, names, false)).toEqual(['main']);
  });

  it('keeps the ancestors above the zoom root', () => {
    // Zoomed to all › main › run: those are drawn full width at depths 0–2, run's children below.
    const rects = layout(
      [
        [[-1, 0, 100]],
        [[0, 0, 100]],
        [[1, 0, 100]],
        [
          [2, 0, 50],
          [3, 50, 50],
        ],
      ],
      [-1, 0, 1],
    );
    const starts = depthIndex(rects);
    expect(rectStack(rects, starts, 4, names, false)).toEqual(['parse', 'run', 'main']);
    expect(rectStack(rects, starts, 2, names, false)).toEqual(['run', 'main']);
  });

  it('in a sandwich: the callees half starts at the function, the callers half reads leaf first as drawn', () => {
    const rects = layout([[[5, 0, 100]], [[1, 0, 100]], [[0, 0, 100]]], [5]);
    const starts = depthIndex(rects);
    expect(rectStack(rects, starts, 2, names, false)).toEqual(['main', 'run', 'sandwiched']);
    expect(rectStack(rects, starts, 2, names, true)).toEqual(['sandwiched', 'run', 'main']);
  });
});
