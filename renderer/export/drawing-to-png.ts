import { HEADER_BASELINE, IMAGE_FONT, LABEL_INSET, labelBaseline, type FlameDrawing } from '../../shared/export/flame-svg.js';
import { pageColors, textColor, type Theme } from '../../shared/render/frame-colors.js';

/** Chromium's canvas limits: a side of 32,767 px and about 268 M pixels in all. */
const MAX_SIDE = 32_767;
const MAX_AREA = 268_000_000;

/**
 * A graph's drawing painted to a PNG at `ratio` image pixels per CSS pixel (the device pixel
 * ratio), scaled down only where a canvas could not be that wide. Painted box by box on a canvas,
 * not by rasterising the SVG: a detailed graph's SVG takes the browser seconds to minutes to
 * draw, with the page frozen, where fillRect takes milliseconds.
 */
export async function graphPng(drawing: FlameDrawing, colors: Uint8Array, theme: Theme, ratio: number, rootAtBottom: boolean): Promise<Blob> {
  const { width, height, rowHeight } = drawing;
  const scale = Math.min(ratio, MAX_SIDE / width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  // A graph deeper than a canvas can be tall keeps its width and loses its deepest rows (a
  // 10,000-deep stack scaled to fit would be a few pixels wide); the header says so.
  canvas.height = Math.max(1, Math.min(Math.round(height * scale), MAX_SIDE, Math.floor(MAX_AREA / canvas.width)));
  const cut = Math.round(canvas.height / scale) < height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser gave no 2D canvas to draw the image on.');
  const page = pageColors(theme);
  context.scale(scale, scale);
  context.fillStyle = page.background;
  context.fillRect(0, 0, width, height);
  // A flame graph keeps its root row, at the bottom: the cut rows are the deepest, at the top.
  if (cut && rootAtBottom) context.translate(0, canvas.height / scale - height);
  for (const frame of drawing.frames) {
    const i = frame.index * 4;
    context.fillStyle = `rgb(${colors[i]},${colors[i + 1]},${colors[i + 2]})`;
    context.fillRect(frame.x, frame.y, frame.width, rowHeight - 1);
  }
  context.font = IMAGE_FONT;
  for (const frame of drawing.frames) {
    if (!frame.label) continue;
    context.fillStyle = textColor(theme, frame.dimmed);
    context.fillText(frame.label, frame.x + LABEL_INSET, labelBaseline(frame.y, rowHeight));
  }
  context.setTransform(scale, 0, 0, scale, 0, 0);
  const header = cut ? `${drawing.header} · the deepest rows are cut: a PNG is at most ${MAX_SIDE} px tall (the SVG has them all)` : drawing.header;
  if (header) {
    context.fillStyle = page.background;
    context.fillRect(0, 0, width, rowHeight + 6);
    context.fillStyle = page.text;
    context.font = `bold ${IMAGE_FONT}`;
    context.fillText(header, 6, HEADER_BASELINE);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG (the image may be too large).'))), 'image/png'),
  );
}
