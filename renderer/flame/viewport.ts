/** What part of the layout is on screen; the painters read it, zoom and pan change it. */
export interface Viewport {
  /** Visible range of the layout, as fractions of its span. */
  x0: number;
  x1: number;
  /** Scroll offset from the top of the content, CSS px. */
  scrollY: number;
  widthCss: number;
  heightCss: number;
  dpr: number;
  rowHeight: number;
  /** Rows in the content (maxDepth + 1). */
  rows: number;
  /** Flame: root row at the bottom; icicle: at the top. */
  flipped: boolean;
}

/** Top of a depth's row in content coordinates (CSS px). */
export function rowTop(viewport: Viewport, depth: number): number {
  const row = viewport.flipped ? viewport.rows - 1 - depth : depth;
  return row * viewport.rowHeight;
}

export function contentHeight(viewport: Viewport): number {
  return viewport.rows * viewport.rowHeight;
}
