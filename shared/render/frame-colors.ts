/** Frame colours: one hue per package (from its colour key), a light and a dark palette. */
const LIGHT = [
  [244, 160, 112], [241, 196, 108], [156, 204, 141], [126, 186, 214], [186, 160, 222], [232, 142, 160],
  [118, 196, 184], [214, 178, 132], [170, 196, 108], [240, 176, 150], [150, 170, 230], [206, 206, 120],
];
const DARK = [
  [196, 98, 58], [186, 140, 50], [92, 148, 80], [62, 128, 160], [128, 98, 170], [176, 78, 100],
  [52, 140, 128], [160, 120, 72], [110, 140, 50], [184, 112, 86], [86, 106, 180], [150, 150, 60],
];

export type Theme = 'light' | 'dark';

/** RGBA bytes per rectangle. Dimmed ones (search misses) fade to grey. */
export function rectColors(colorKeys: Int32Array, funcs: Int32Array, theme: Theme, highlight: Uint8Array | null): Uint8Array {
  const palette = theme === 'dark' ? DARK : LIGHT;
  const out = new Uint8Array(colorKeys.length * 4);
  for (let i = 0; i < colorKeys.length; i++) {
    const key = colorKeys[i];
    const base = palette[key % palette.length];
    const shade = ((key >>> 5) % 5) * 6 - 12; // a few shades within one package colour
    const dim = highlight !== null && funcs[i] >= 0 && !highlight[funcs[i]];
    for (let c = 0; c < 3; c++) {
      const value = Math.max(0, Math.min(255, base[c] + shade));
      out[i * 4 + c] = dim ? (theme === 'dark' ? 70 : 214) : value;
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function textColor(theme: Theme, dimmed: boolean): string {
  if (dimmed) return '#8a8f99';
  return theme === 'dark' ? '#f2f2f2' : '#1b1d22';
}

/** The app's page colours (styles.css --bg and --fg), for images drawn outside the page. */
export function pageColors(theme: Theme): { background: string; text: string } {
  return theme === 'dark' ? { background: '#16181d', text: '#e6e7ea' } : { background: '#ffffff', text: '#1b1d22' };
}
