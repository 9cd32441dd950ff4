import { flameDrawing, flameSvg, type FlameSvgInput, type SvgFrames } from '../../shared/export/flame-svg.js';
import type { Theme } from '../../shared/render/frame-colors.js';
import { graphPng } from './drawing-to-png.js';

/** What the graph in the active tab shows right now, as its view hands it over. */
export interface GraphSnapshot {
  frames: SvgFrames;
  names: ArrayLike<string>;
  files: ArrayLike<string>;
  lines: ArrayLike<number>;
  /** RGBA per frame, as painted (package palette or the diff's, search dimming included). */
  colors: Uint8Array;
  highlight: Uint8Array | null;
  flipped: boolean;
  /** The visible part of the layout, as fractions of its span. */
  range: { x0: number; x1: number };
  widthCss: number;
  rowHeight: number;
  theme: Theme;
  total: number;
  formatValue: (value: number) => string;
  /** Profile name, sample type, total, filters. */
  header: string[];
}

let current: (() => GraphSnapshot | null) | null = null;

/**
 * Called by the graph the Export menu saves (the active tab's main or diff graph); the returned
 * function withdraws it. Only the active tab's view is mounted, so the latest caller is the one on screen.
 */
export function provideGraphImage(snapshot: () => GraphSnapshot | null): () => void {
  current = snapshot;
  return () => {
    if (current === snapshot) current = null;
  };
}

function imageInput(s: GraphSnapshot): FlameSvgInput {
  return {
    frames: s.frames,
    names: s.names,
    files: s.files,
    lines: s.lines,
    colors: s.colors,
    highlight: s.highlight,
    orientation: s.flipped ? 'flame' : 'icicle',
    range: s.range,
    widthPx: s.widthCss,
    rowHeight: s.rowHeight,
    theme: s.theme,
    header: s.header,
    total: s.total,
    formatValue: s.formatValue,
  };
}

/**
 * The graph in the active tab as an SVG or a PNG at the device pixel ratio: what the Export menu
 * saves through the host (its file name is the menu's, see state/export-actions.ts).
 * @public (called from the Export menu)
 */
export async function exportGraphImage(format: 'svg' | 'png'): Promise<Blob> {
  const snapshot = current?.();
  if (!snapshot) throw new Error('There is no flame, icicle or diff graph on screen to export.');
  const input = imageInput(snapshot);
  if (format === 'svg') return new Blob([flameSvg(input)], { type: 'image/svg+xml' });
  return graphPng(flameDrawing(input), snapshot.colors, snapshot.theme, window.devicePixelRatio || 1, snapshot.flipped);
}

declare global {
  interface Window {
    /** The Export menu's image entry point, for the end-to-end tests. */
    __flamedeckExportImage?: typeof exportGraphImage;
  }
}
window.__flamedeckExportImage = exportGraphImage;
