import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';

export type Rgb = [number, number, number];

export interface Shot {
  width: number;
  height: number;
  at(x: number, y: number): Rgb;
}

/** The graph's canvas as the user sees it (rectangles and labels), decoded to pixels. */
export async function canvasShot(page: Page): Promise<Shot> {
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  const png = PNG.sync.read(await page.screenshot({ clip: box }));
  return {
    width: png.width,
    height: png.height,
    at: (x, y) => {
      const i = (y * png.width + x) * 4;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    },
  };
}

/** How far a colour is from grey (0 for greys: backgrounds, labels, dimmed frames). */
export const saturation = ([r, g, b]: Rgb) => Math.max(r, g, b) - Math.min(r, g, b);
