import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { computeFlameLayout } from '../shared/analysis/flame-layout.js';
import { runQuery } from '../shared/analysis/query.js';
import { matchFunctions } from '../shared/analysis/search.js';
import { rectColors, type Theme } from '../shared/render/frame-colors.js';
import { loadFixture } from '../test/golden-helpers.js';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';
import { canvasShot, saturation, type Rgb, type Shot } from './canvas-pixels.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

async function open(page: Page, file: string, query = '') {
  await page.goto(`${server.url}${query}`);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
}

const ROW_HEIGHT = 18;
const BACKGROUND: Record<Theme, Rgb> = { light: [0xff, 0xff, 0xff], dark: [0x16, 0x18, 0x1d] };
interface Frame {
  name: string;
  x: number;
  y: number;
  color: Rgb;
}

/**
 * Where the engine lays out the icicle's frames (root row on top, depth * 18 px) at this width,
 * and the colour each should have: one point per frame at least 8 px wide, in its top rows,
 * clear of its label and of the gap between frames.
 */
async function expectedFrames(file: string, widthCss: number, heightCss: number, theme: Theme, search = ''): Promise<Frame[]> {
  const profile = await loadFixture(file);
  const tree = runQuery(profile, {}, { tree: true }).tree!;
  const layout = computeFlameLayout(profile, tree, { widthPx: widthCss, minWidthPx: 0.5 });
  const funcs = Int32Array.from(layout.nodeId, (node) => tree.func[node]);
  const colors = rectColors(layout.colorKey, funcs, theme, search ? matchFunctions(profile, search) : null);
  const frames: Frame[] = [];
  for (let i = 0; i < layout.count; i++) {
    const left = (layout.x[i] / layout.span) * widthCss;
    const width = (layout.width[i] / layout.span) * widthCss;
    const top = layout.depth[i] * ROW_HEIGHT;
    if (width < 8 || top + ROW_HEIGHT > heightCss) continue;
    frames.push({
      name: funcs[i] >= 0 ? profile.strings[profile.functions.name[funcs[i]]] : 'root',
      x: Math.floor(left + width / 2),
      y: top + 1,
      color: [colors[4 * i], colors[4 * i + 1], colors[4 * i + 2]],
    });
  }
  return frames;
}

const close = (a: Rgb, b: Rgb) => a.every((c, i) => Math.abs(c - b[i]) <= 2);

/** Frames whose pixel is not the colour the palette gives them, as readable lines (none = all right). */
function wrongFrames(shot: Shot, frames: Frame[]): string[] {
  return frames.filter((f) => !close(shot.at(f.x, f.y), f.color)).map((f) => `${f.name} at (${f.x},${f.y}): ${shot.at(f.x, f.y).join(',')} instead of ${f.color.join(',')}`);
}

/**
 * Distinct frame colours on screen: colours (not greys) in horizontal runs of at least 8 equal
 * pixels, 100 pixels or more in all. Labels and anti-aliased edges make no such runs.
 */
function distinctColours(shot: Shot): number {
  const counts = new Map<number, number>();
  for (let y = 0; y < shot.height; y++) {
    let run = 0;
    for (let x = 0; x <= shot.width; x++) {
      const [r, g, b] = x < shot.width ? shot.at(x, y) : [-1, -1, -1];
      const [pr, pg, pb] = x > 0 ? shot.at(x - 1, y) : [-1, -1, -1];
      if (r === pr && g === pg && b === pb) {
        run++;
        continue;
      }
      // The run of the previous pixel's colour ends here.
      if (x > 0 && run >= 8 && saturation([pr, pg, pb]) >= 30) {
        const key = (pr << 16) | (pg << 8) | pb;
        counts.set(key, (counts.get(key) ?? 0) + run);
      }
      run = 1;
    }
  }
  return [...counts.values()].filter((n) => n >= 100).length;
}

async function showIcicle(page: Page) {
  await page.click('[data-testid=view-icicle]');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-view', 'icicle');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
}

for (const painter of ['webgl', 'canvas2d'] as const) {
  test(`the ${painter} painter draws each frame where the engine lays it out, in its palette colour`, async ({ page }) => {
    await open(page, 'app-v1-cpu.pb.gz', `?${painter}`);
    expect(await page.evaluate(() => window.__flamedeckPainter)).toBe(painter === 'webgl' ? 'webgl2' : 'canvas2d');
    // The flame graph as it opens: many package colours.
    expect(distinctColours(await canvasShot(page))).toBeGreaterThanOrEqual(6);
    // Hit testing agrees with what is drawn: the bottom row is the root.
    const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + box.height - 9);
    await expect(page.locator('[data-testid=tooltip]')).toContainText('all samples');
    await page.mouse.move(0, 0);

    await showIcicle(page);
    const frames = await expectedFrames('app-v1-cpu.pb.gz', box.width, box.height, 'light');
    expect(frames.length).toBeGreaterThan(40);
    let before!: Shot;
    await expect(async () => {
      before = await canvasShot(page);
      expect(wrongFrames(before, frames)).toEqual([]);
    }).toPass({ timeout: 5_000 });
    // Below the deepest row is the page's background.
    expect(before.at(Math.floor(box.width / 2), before.height - 2)).toEqual(BACKGROUND.light);

    // A search keeps the matches' colours and fades every other frame to grey.
    await page.fill('[data-testid=search]', 'sort');
    await expect(page.locator('[data-testid=search-stats]')).toHaveAttribute('data-query', 'sort');
    const searched = await expectedFrames('app-v1-cpu.pb.gz', box.width, box.height, 'light', 'sort');
    const dimmed = searched.filter((f, i) => f.name !== 'root' && !f.name.toLowerCase().includes('sort') && frames[i].name === f.name);
    expect(dimmed.length).toBeGreaterThan(20);
    await expect(async () => {
      const after = await canvasShot(page);
      expect(wrongFrames(after, searched)).toEqual([]);
      for (const f of dimmed) {
        expect(saturation(after.at(f.x, f.y))).toBeLessThan(saturation(before.at(f.x, f.y)));
        expect(Math.min(...after.at(f.x, f.y))).toBeGreaterThan(Math.min(...before.at(f.x, f.y)));
      }
    }).toPass({ timeout: 5_000 });
  });

  test(`the ${painter} painter uses the dark palette on the dark theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(page, 'app-v1-cpu.pb.gz', `?${painter}`);
    expect(distinctColours(await canvasShot(page))).toBeGreaterThanOrEqual(6);
    await showIcicle(page);
    const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
    const frames = await expectedFrames('app-v1-cpu.pb.gz', box.width, box.height, 'dark');
    expect(frames.length).toBeGreaterThan(40);
    await expect(async () => {
      const shot = await canvasShot(page);
      expect(wrongFrames(shot, frames)).toEqual([]);
      expect(shot.at(Math.floor(box.width / 2), shot.height - 2)).toEqual(BACKGROUND.dark);
    }).toPass({ timeout: 5_000 });
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
