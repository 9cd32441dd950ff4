import { percentage } from '../analysis/units.js';
import { pageColors, textColor, type Theme } from '../render/frame-colors.js';
import { xmlText } from './xml-text.js';

/** The laid-out frames an image is drawn from (the renderer's FlameRects has these and more). */
export interface SvgFrames {
  count: number;
  /** In value units from the left edge of the layout; `span` is the full width. */
  x: Float64Array;
  width: Float64Array;
  depth: Int32Array;
  /** Function per frame; -1 for the root ("all"). */
  func: Int32Array;
  self: Float64Array;
  total: Float64Array;
  span: number;
  maxDepth: number;
  /** A diff graph's frames: both sides' weights, named in the tooltips. */
  compare?: { baseSelf: Float64Array; baseTotal: Float64Array; targetSelf: Float64Array; targetTotal: Float64Array };
}

export interface FlameSvgInput {
  frames: SvgFrames;
  /** Per function (index = function id). */
  names: ArrayLike<string>;
  files?: ArrayLike<string>;
  lines?: ArrayLike<number>;
  /** RGBA bytes per frame, as the graph paints them (shared/render). */
  colors: Uint8Array;
  /** Per function: 0 greys the label (a search miss); null = no highlight. */
  highlight?: Uint8Array | null;
  /** Flame: root at the bottom; icicle: root at the top. */
  orientation: 'flame' | 'icicle';
  /** The part of the layout across the image, as fractions of its span (a zoom in progress). */
  range?: { x0: number; x1: number };
  widthPx: number;
  rowHeight?: number;
  theme: Theme;
  /** Profile name, sample type, total, filters: one line above the graph ('' parts left out). */
  header: string[];
  /** The total that shares are of. */
  total: number;
  formatValue: (value: number) => string;
}

const ROW_HEIGHT = 18;
const FONT_SIZE = 11.5;
const HEADER_HEIGHT = 24;
/**
 * A monospaced font, as on screen: an SVG is drawn by whatever opens it, so labels cannot be
 * measured here; with a fixed advance of about 0.6 em, "does it fit" is arithmetic that holds in
 * any monospace font the viewer picks, and no label runs over its frame.
 */
const FONT_FAMILY = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
const CHAR_WIDTH = FONT_SIZE * 0.6;
/** Frames narrower than this are not drawn (the layout keeps half a device pixel and up). */
const MIN_FRAME_PX = 0.3;

const px = (value: number) => String(Math.round(value * 100) / 100);
const hex = (colors: Uint8Array, i: number) => `#${[0, 1, 2].map((c) => colors[4 * i + c].toString(16).padStart(2, '0')).join('')}`;

/** A label that fits `room` px: the whole name, or its start and an ellipsis; '' when under 3 characters fit. */
function fitLabel(name: string, room: number): string {
  const fits = Math.floor((room - 8) / CHAR_WIDTH);
  if (fits < 3) return '';
  const chars = Array.from(name); // code points: an ellipsis never splits a surrogate pair
  return chars.length <= fits ? name : `${chars.slice(0, fits - 1).join('')}…`;
}

function frameTitle(input: FlameSvgInput, i: number): string {
  const { frames, names, files, lines, formatValue, total } = input;
  const func = frames.func[i];
  const name = func >= 0 ? names[func] : 'all samples';
  let title = `${name} — self ${formatValue(frames.self[i])}, total ${formatValue(frames.total[i])} (${percentage(frames.total[i], total).trim()})`;
  const c = frames.compare;
  if (c) title += `; base ${formatValue(c.baseTotal[i])} → target ${formatValue(c.targetTotal[i])} (self ${formatValue(c.baseSelf[i])} → ${formatValue(c.targetSelf[i])})`;
  const file = func >= 0 && files ? files[func] : '';
  if (file) title += `, ${file}${lines && lines[func] ? `:${lines[func]}` : ''}`;
  return title;
}

/** One frame as an image draws it: a box in image pixels, its colour (frame index into the colours) and its label. */
interface DrawnFrame {
  index: number;
  x: number;
  y: number;
  width: number;
  label: string;
  dimmed: boolean;
}

/**
 * What an image of a flame or icicle graph holds, in image pixels: its size, its header line and
 * the frames wide enough to see. The SVG writes it as text; a PNG paints it on a canvas (renderer).
 */
export interface FlameDrawing {
  width: number;
  height: number;
  rowHeight: number;
  header: string;
  frames: DrawnFrame[];
}

/** The drawing of a laid-out graph: the geometry both image formats share. */
export function flameDrawing(input: FlameSvgInput): FlameDrawing {
  const { frames, names } = input;
  const rowHeight = input.rowHeight ?? ROW_HEIGHT;
  const width = Math.max(1, Math.round(input.widthPx));
  const headerText = input.header.filter((part) => part !== '').join(' · ');
  const top = headerText ? HEADER_HEIGHT : 0;
  const rows = frames.count > 0 ? frames.maxDepth + 1 : 0;
  const { x0, x1 } = input.range ?? { x0: 0, x1: 1 };
  const scale = width / Math.max(x1 - x0, 1e-12) / Math.max(frames.span, 1e-300);
  const drawn: DrawnFrame[] = [];
  for (let i = 0; i < frames.count; i++) {
    const left = (frames.x[i] - x0 * frames.span) * scale;
    const right = left + frames.width[i] * scale;
    const from = Math.max(0, left);
    const to = Math.min(width, right);
    if (to - from < MIN_FRAME_PX) continue;
    const row = input.orientation === 'flame' ? rows - 1 - frames.depth[i] : frames.depth[i];
    const func = frames.func[i];
    drawn.push({
      index: i,
      x: from,
      y: top + row * rowHeight,
      width: to - from > 3 ? to - from - 1 : to - from, // a 1 px gap between wide neighbours, as on screen
      label: fitLabel(func >= 0 ? names[func] : 'all', to - from),
      dimmed: input.highlight != null && func >= 0 && !input.highlight[func],
    });
  }
  return { width, height: top + rows * rowHeight, rowHeight, header: headerText ? fitLabel(headerText, width) : '', frames: drawn };
}

/** The font images draw labels in, as CSS font shorthand (a PNG's canvas takes it as is). */
export const IMAGE_FONT = `${FONT_SIZE}px ${FONT_FAMILY}`;
/** Where a label's baseline sits in its row, and the header's. */
export const labelBaseline = (rowTop: number, rowHeight: number) => rowTop + rowHeight / 2 + FONT_SIZE * 0.35 - 0.5;
export const HEADER_BASELINE = 16;
export const LABEL_INSET = 4;

/**
 * A flame or icicle graph as SVG: one `<g>` per frame with its tooltip as `<title>`, its box and,
 * where it fits, its name as selectable `<text>`. Every name passes through xmlText: function
 * names come from the profile and may hold anything.
 */
export function flameSvg(input: FlameSvgInput): string {
  const { colors, theme } = input;
  const drawing = flameDrawing(input);
  const { width, height, rowHeight } = drawing;
  const page = pageColors(theme);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlText(FONT_FAMILY)}" font-size="${FONT_SIZE}">`,
    `<rect width="100%" height="100%" fill="${page.background}"/>`,
  ];
  if (drawing.header) out.push(`<text x="6" y="${HEADER_BASELINE}" fill="${page.text}" font-weight="bold">${xmlText(drawing.header)}</text>`);
  out.push('<g class="frames">');
  for (const frame of drawing.frames) {
    out.push(
      `<g><title>${xmlText(frameTitle(input, frame.index))}</title><rect x="${px(frame.x)}" y="${frame.y}" width="${px(frame.width)}" height="${rowHeight - 1}" fill="${hex(colors, frame.index)}"/>` +
        (frame.label ? `<text x="${px(frame.x + LABEL_INSET)}" y="${px(labelBaseline(frame.y, rowHeight))}" fill="${textColor(theme, frame.dimmed)}">${xmlText(frame.label)}</text>` : '') +
        '</g>',
    );
  }
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
