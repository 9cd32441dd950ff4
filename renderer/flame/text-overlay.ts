import type { FlameRects } from '../worker/protocol.js';
import { textColor, type Theme } from '../../shared/render/frame-colors.js';
import { rowTop, type Viewport } from './viewport.js';

const LABEL_FONT = '11.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/**
 * Labels on a 2D canvas over the rectangles: only boxes wide enough for a few characters, text
 * cut with an ellipsis. The font is monospaced, so fitting text is arithmetic, not measuring.
 */
export class TextOverlay {
  private charWidth = 0;

  constructor(private readonly context: CanvasRenderingContext2D) {}

  draw(rects: FlameRects, names: string[], viewport: Viewport, theme: Theme, dimmed: Uint8Array | null, starts: Int32Array): void {
    const ctx = this.context;
    const v = viewport;
    ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
    ctx.clearRect(0, 0, v.widthCss, v.heightCss);
    ctx.font = LABEL_FONT;
    ctx.textBaseline = 'middle';
    if (this.charWidth === 0) this.charWidth = ctx.measureText('M').width || 7;
    const scale = v.widthCss / (v.x1 - v.x0) / Math.max(rects.span, 1e-300);
    const minWidth = this.charWidth * 3 + 8;
    // Only rows on screen.
    for (let depth = 0; depth <= rects.maxDepth; depth++) {
      const top = rowTop(v, depth) - v.scrollY;
      if (top > v.heightCss || top + v.rowHeight < 0) continue;
      for (let i = starts[depth]; i < starts[depth + 1]; i++) {
        const width = rects.width[i] * scale;
        if (width < minWidth) continue;
        let left = (rects.x[i] - v.x0 * rects.span) * scale;
        if (left > v.widthCss || left + width < 0) continue;
        let visible = width;
        if (left < 0) {
          visible += left;
          left = 0;
        }
        visible = Math.min(visible, v.widthCss - left);
        const name = rects.func[i] >= 0 ? names[rects.func[i]] : 'all';
        const fits = Math.floor((visible - 8) / this.charWidth);
        if (fits < 3) continue;
        const text = name.length <= fits ? name : `${name.slice(0, fits - 1)}…`;
        ctx.fillStyle = textColor(theme, dimmed !== null && rects.func[i] >= 0 && !dimmed[rects.func[i]]);
        ctx.fillText(text, left + 4, top + (v.rowHeight - 1) / 2 + 0.5);
      }
    }
  }
}
