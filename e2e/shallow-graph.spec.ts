import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';
import { saturation } from './canvas-pixels.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

const ROW = 18;

/** The first and last pixel rows of the graph's pane (below the toolbar) with a coloured frame. */
async function paneRowsDrawn(page: Page) {
  const pane = (await page.locator('[data-testid=flamegraph]').boundingBox())!;
  const png = PNG.sync.read(await page.screenshot({ clip: pane }));
  const drawn: number[] = [];
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x += 3) {
      const i = (y * png.width + x) * 4;
      if (saturation([png.data[i], png.data[i + 1], png.data[i + 2]]) >= 30) {
        drawn.push(y);
        break;
      }
    }
  }
  return { pane, first: drawn[0], last: drawn[drawn.length - 1] };
}

for (const [width, height, scheme] of [
  [1400, 900, 'light'],
  [800, 600, 'dark'],
] as const) {
  test(`a shallow flame graph at ${width}×${height} (${scheme}) starts right under the toolbar, root row last`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(server.url);
    // 8 frames deep: far shorter than the pane.
    await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v1-goroutine.pb.gz`);
    const graph = page.locator('[data-testid=flamegraph]');
    await expect(graph).toHaveAttribute('data-ready', 'true');
    await expect(graph).toHaveAttribute('data-view', 'flame');

    const { pane, first, last } = await paneRowsDrawn(page);
    // No dead band: the leaves' row is the pane's first row.
    expect(first, 'empty pixels above the graph').toBeLessThan(4);
    const rows = Math.round((last - first + 1) / ROW);
    expect(rows).toBe(8);
    // Still a flame graph: the root is the last row, the deepest frame the first.
    await page.mouse.move(pane.x + pane.width / 2, pane.y + last - ROW / 2);
    await expect(page.locator('[data-testid=tooltip]')).toContainText('all samples');
    await page.mouse.move(pane.x + pane.width / 2, pane.y + first + ROW / 2);
    await expect(page.locator('[data-testid=tooltip]')).toContainText('runtime.goroutineProfileWithLabels');

    // The icicle of the same profile: root first, right under the toolbar too.
    await page.click('[data-testid=view-icicle]');
    await expect(graph).toHaveAttribute('data-view', 'icicle');
    await expect(graph).toHaveAttribute('data-ready', 'true');
    const icicle = await paneRowsDrawn(page);
    expect(icicle.first).toBeLessThan(4);
    await page.mouse.move(pane.x + pane.width / 2, pane.y + icicle.first + ROW / 2);
    await expect(page.locator('[data-testid=tooltip]')).toContainText('all samples');
  });
}

test('a flame graph deeper than the pane still fills it and opens at its root', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v1-cpu.pb.gz`);
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  const { pane, first, last } = await paneRowsDrawn(page);
  expect(first).toBeLessThan(4);
  expect(last).toBeGreaterThan(pane.height - ROW);
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - ROW / 2);
  await expect(page.locator('[data-testid=tooltip]')).toContainText('all samples');
});
