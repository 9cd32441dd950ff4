import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, startServe } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

let server: Awaited<ReturnType<typeof startServe>>;
test.beforeAll(async () => {
  server = await startServe();
});
test.afterAll(() => server?.stop());

async function open(page: Page, file: string, query = '') {
  await page.goto(`${server.url}${query}`);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
}

/** Distinct colours in a strip of the graph's bottom rows (the root and its callers). */
async function coloursNearBottom(page: Page): Promise<number> {
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  const shot = await page.screenshot({ clip: { x: box.x, y: box.y + box.height - 60, width: box.width, height: 50 } });
  // PNG decoding is not needed to count variety: distinct byte runs in the compressed image grow with it.
  return new Set(shot.subarray(100).toString('hex').match(/.{6}/g)).size;
}

for (const painter of ['webgl', 'canvas2d'] as const) {
  test(`the ${painter} painter draws the graph`, async ({ page }) => {
    await open(page, 'app-v1-cpu.pb.gz', `?${painter}`);
    expect(await page.evaluate(() => window.__flamedeckPainter)).toBe(painter === 'webgl' ? 'webgl2' : 'canvas2d');
    expect(await coloursNearBottom(page)).toBeGreaterThan(20);
    // Hit testing agrees with what is drawn: the bottom row is the root.
    const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + box.height - 9);
    await expect(page.locator('[data-testid=tooltip]')).toContainText('all samples');
  });
}

test('at device pixel ratio 2 the canvas has twice the pixels and hit testing still matches', async ({ browser }) => {
  const page = await browser.newPage({ deviceScaleFactor: 2, viewport: { width: 1200, height: 800 } });
  await open(page, 'app-v1-cpu.pb.gz');
  const sizes = await page.locator('canvas.flame-canvas').first().evaluate((c: HTMLCanvasElement) => [c.width, c.clientWidth]);
  expect(sizes[0]).toBe(sizes[1] * 2);
  await page.click('[data-testid=view-icicle]');
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + 18 * 5 + 9);
  await expect(page.locator('[data-testid=tooltip]')).toContainText('main.queryDatabase');
  await page.close();
});

test('sub-pixel frames are merged: the rectangles drawn stay bounded by the width', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 500, height: 700 } });
  await open(page, 'synth-small.pb.gz');
  const graph = page.locator('[data-testid=flamegraph]');
  const drawn = Number(await graph.getAttribute('data-rects'));
  const nodes = Number(await graph.getAttribute('data-nodes'));
  const rows = Number(await page.evaluate(() => document.querySelector('.flame-spacer')!.clientHeight / 18));
  expect(drawn).toBeLessThan(nodes);
  expect(drawn).toBeLessThanOrEqual(500 * 2 * rows);
  await page.close();
});

test('arrow keys move between frames, Enter zooms', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=view-icicle]');
  await page.locator('[data-testid=flamegraph]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid=tooltip]')).toContainText('main.handleRequest');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid=breadcrumbs] button.current')).toContainText('main.handleRequest');
});

test('dropping a file anywhere opens it', async ({ page }) => {
  await page.goto(server.url);
  const bytes = [...readFileSync(`${fixtures}app-v2-cpu.pb.gz`)];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped.pb.gz'));
    const target = document.querySelector('.app')!;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.locator('[data-testid=flamegraph][data-profile="dropped.pb.gz"]')).toHaveAttribute('data-ready', 'true');
});

test('the page stays responsive while the worker decodes a profile', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}synth-small.pb.gz`);
  // The main thread keeps answering while the worker decodes.
  const started = Date.now();
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(page.locator('[data-testid=flamegraph][data-profile="synth-small.pb.gz"]')).toHaveAttribute('data-ready', 'true');
});
