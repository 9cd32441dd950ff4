import type { Painter } from './painter.js';
import { rowTop, type Viewport } from './viewport.js';

/** The same drawing with Canvas 2D, for browsers without WebGL2. */
export class CanvasPainter implements Painter {
  readonly kind = 'canvas2d';
  private x: Float32Array = new Float32Array(0);
  private width: Float32Array = new Float32Array(0);
  private depth: Float32Array = new Float32Array(0);
  private colors: Uint8Array = new Uint8Array(0);

  constructor(private readonly context: CanvasRenderingContext2D) {}

  setRects(x: Float32Array, width: Float32Array, depth: Float32Array, colors: Uint8Array): void {
    this.x = x;
    this.width = width;
    this.depth = depth;
    this.colors = colors;
  }

  setColors(colors: Uint8Array): void {
    this.colors = colors;
  }

  draw(v: Viewport): void {
    const ctx = this.context;
    ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
    ctx.clearRect(0, 0, v.widthCss, v.heightCss);
    const scale = v.widthCss / (v.x1 - v.x0);
    for (let i = 0; i < this.x.length; i++) {
      const left = (this.x[i] - v.x0) * scale;
      const w = this.width[i] * scale;
      if (left > v.widthCss || left + w < 0) continue;
      const top = rowTop(v, this.depth[i]) - v.scrollY;
      if (top > v.heightCss || top + v.rowHeight < 0) continue;
      ctx.fillStyle = `rgb(${this.colors[4 * i]},${this.colors[4 * i + 1]},${this.colors[4 * i + 2]})`;
      ctx.fillRect(left, top, Math.max(w - (w > 3 ? 1 : 0), 0.6), v.rowHeight - 1);
    }
  }

  dispose(): void {}
}
