import type { Viewport } from './viewport.js';

/** Draws a flame layout's rectangles; WebGL2 where available, Canvas 2D otherwise. */
export interface Painter {
  readonly kind: 'webgl2' | 'canvas2d';
  /** New rectangles: x and width as fractions of the span, depth, RGBA colours. */
  setRects(x: Float32Array, width: Float32Array, depth: Float32Array, colors: Uint8Array): void;
  setColors(colors: Uint8Array): void;
  draw(viewport: Viewport): void;
  dispose(): void;
}
