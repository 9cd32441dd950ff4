import type { Theme } from './frame-colors.js';

/** What the diff colours read of a laid-out graph (the renderer's FlameRects has these and more). */
export interface DiffRects {
  count: number;
  /** Function per rectangle; -1 for the root ("all"). */
  func: Int32Array;
  compare?: { baseTotal: Float64Array; targetTotal: Float64Array };
}

export type DiffColorMode = 'normalized' | 'absolute';

/**
 * A diverging scale: red grew, green shrank (orange and blue in the colour-blind palette), grey
 * unchanged; the strongest change on screen gets the full colour.
 */
const PALETTES = {
  default: { grew: [214, 48, 39], shrank: [26, 152, 80] },
  colorBlind: { grew: [213, 94, 0], shrank: [0, 114, 178] },
};

/** Per rectangle: the change the colour shows (share points, or raw value). */
export function diffDeltas(rects: DiffRects, mode: DiffColorMode, baseSum: number, targetSum: number): Float64Array {
  const compare = rects.compare!;
  return Float64Array.from({ length: rects.count }, (_, i) =>
    mode === 'absolute' ? compare.targetTotal[i] - compare.baseTotal[i] : compare.targetTotal[i] / (targetSum || 1) - compare.baseTotal[i] / (baseSum || 1),
  );
}

/** The change that gets the full colour: the strongest on screen (the root's, the total's change, left out). */
export function strongestChange(rects: DiffRects, deltas: Float64Array): number {
  let strongest = 0;
  for (let i = 0; i < rects.count; i++) if (rects.func[i] >= 0) strongest = Math.max(strongest, Math.abs(deltas[i]));
  return strongest;
}

export function diffColors(rects: DiffRects, deltas: Float64Array, theme: Theme, colorBlind: boolean, highlight: Uint8Array | null): Uint8Array {
  const palette = colorBlind ? PALETTES.colorBlind : PALETTES.default;
  const grey = theme === 'dark' ? [96, 100, 108] : [208, 210, 214];
  const strongest = strongestChange(rects, deltas);
  const out = new Uint8Array(rects.count * 4);
  for (let i = 0; i < rects.count; i++) {
    const strength = strongest > 0 ? Math.min(1, Math.abs(deltas[i]) / strongest) : 0;
    // A square-root ramp makes small changes visible next to the largest one.
    const t = Math.sqrt(strength);
    const hue = deltas[i] > 0 ? palette.grew : palette.shrank;
    const dim = highlight !== null && rects.func[i] >= 0 && !highlight[rects.func[i]];
    for (let c = 0; c < 3; c++) {
      const value = grey[c] + (hue[c] - grey[c]) * t;
      out[i * 4 + c] = dim ? (theme === 'dark' ? 60 : 236) : Math.round(value);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The legend's two ends, in the palette's colours. */
export function legendColors(colorBlind: boolean): { grew: string; shrank: string } {
  const palette = colorBlind ? PALETTES.colorBlind : PALETTES.default;
  const css = (rgb: number[]) => `rgb(${rgb.join(',')})`;
  return { grew: css(palette.grew), shrank: css(palette.shrank) };
}
