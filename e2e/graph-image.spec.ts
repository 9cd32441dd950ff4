import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';
import { saturation } from './canvas-pixels.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');
test.use({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 2 });

const server = serveForSpec();

interface SvgFrame {
  title: string;
  x: number;
  y: number;
  width: number;
  fill: string;
  label: string | null;
}

/** The exported SVG, parsed by the browser: its size and every frame group. */
async function exportSvg(page: Page) {
  return page.evaluate(async () => {
    const blob = await window.__flamedeckExportImage!('svg');
    const text = await blob.text();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = doc.documentElement;
    const frames = Array.from(doc.querySelectorAll('svg > g.frames > g'), (g) => {
      const rect = g.querySelector('rect')!;
      return {
        title: g.querySelector('title')?.textContent ?? '',
        x: Number(rect.getAttribute('x')),
        y: Number(rect.getAttribute('y')),
        width: Number(rect.getAttribute('width')),
        fill: rect.getAttribute('fill')!,
        label: g.querySelector('text')?.textContent ?? null,
        children: Array.from(g.children, (c) => c.localName).join(','),
      };
    });
    return {
      type: blob.type,
      text,
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      root: svg.localName,
      width: Number(svg.getAttribute('width')),
      height: Number(svg.getAttribute('height')),
      frames,
    };
  });
}

async function exportPng(page: Page) {
  return page.evaluate(async () => {
    const blob = await window.__flamedeckExportImage!('png');
    return { type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) };
  });
}

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const HEADER = 24;

/**
 * Wide frames of the SVG against the graph on screen: at the same place the canvas shows the
 * same colour and hovering it names the same function.
 */
async function expectSameAsCanvas(page: Page, frames: SvgFrame[]) {
  const canvas = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  const shot = PNG.sync.read(await page.screenshot({ clip: canvas, scale: 'css' }));
  const wide = frames.filter((f) => f.width > 60 && f.y - HEADER + 18 <= canvas.height);
  expect(wide.length).toBeGreaterThan(3);
  for (const f of wide.slice(0, 12)) {
    // Right end of the box, clear of its label.
    const [x, y] = [Math.floor(f.x + f.width - 3), Math.floor(f.y - HEADER + 9)];
    const i = (y * shot.width + x) * 4;
    const onScreen = [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
    const inSvg = rgbOf(f.fill);
    for (let c = 0; c < 3; c++) expect(Math.abs(onScreen[c] - inSvg[c]), `${f.title}: ${onScreen.join(',')} vs ${inSvg.join(',')}`).toBeLessThanOrEqual(3);
  }
  for (const f of wide.slice(0, 4)) {
    await page.mouse.move(canvas.x + f.x + f.width / 2, canvas.y + f.y - HEADER + 9);
    const name = f.title.slice(0, f.title.indexOf(' — '));
    await expect(page.locator('[data-testid=tooltip] .tooltip-name')).toHaveText(name);
  }
  await page.mouse.move(0, 0);
}

/** The PNG decoded: its size, whether it has coloured frames, and the colour at a point. */
function decodePng(bytes: number[]) {
  const png = PNG.sync.read(Buffer.from(bytes));
  const at = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return [png.data[i], png.data[i + 1], png.data[i + 2]];
  };
  let coloured = 0;
  for (let y = 0; y < png.height; y += 4) for (let x = 0; x < png.width; x += 4) if (saturation(at(x, y) as [number, number, number]) >= 30) coloured++;
  return { width: png.width, height: png.height, coloured, at };
}

/** The SVG as another program would show it: alone in a page, for a screenshot to look at. */
async function renderSvgAlone(page: Page, svg: string, file: string) {
  const other = await page.context().newPage();
  await other.setContent(`<!doctype html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>/, '')}</body>`);
  await other.screenshot({ path: file, fullPage: true });
  await other.close();
}

async function open(page: Page, file: string) {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the flame and icicle graphs export as SVG and PNG as drawn (${scheme})`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: scheme });
    await open(page, 'app-v1-cpu.pb.gz');
    const graph = page.locator('[data-testid=flamegraph]');
    const rects = Number(await graph.getAttribute('data-rects'));
    const canvas = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;

    for (const view of ['flame', 'icicle'] as const) {
      if (view === 'icicle') {
        await page.click('[data-testid=view-icicle]');
        await expect(graph).toHaveAttribute('data-view', 'icicle');
        await expect(graph).toHaveAttribute('data-ready', 'true');
      }
      const svg = await exportSvg(page);
      expect(svg.type).toBe('image/svg+xml');
      expect(svg.parseError).toBeNull();
      expect(svg.root).toBe('svg');
      expect(svg.width).toBe(Math.round(canvas.width));
      // One group per frame drawn: the layout keeps half a device pixel (0.25 CSS px), the SVG 0.3 px.
      expect(svg.frames.length).toBeGreaterThan(rects * 0.9);
      expect(svg.frames.length).toBeLessThanOrEqual(rects);
      for (const f of svg.frames) expect(f.children).toMatch(/^title,rect(,text)?$/);
      const titles = svg.frames.map((f) => f.title);
      expect(titles[0]).toMatch(/^all samples — self 0, total 7\.73s \(100%\)$/);
      expect(titles.some((t) => t.startsWith('main.handleRequest — '))).toBe(true);
      expect(svg.frames.filter((f) => f.label !== null).length).toBeGreaterThan(20);
      // Root row: bottom of a flame graph, top of an icicle.
      const rows = (svg.height - HEADER) / 18;
      expect(svg.frames[0].y).toBe(view === 'flame' ? HEADER + (rows - 1) * 18 : HEADER);
      await expectSameAsCanvas(page, svg.frames);
      writeFileSync(info.outputPath(`${view}-${scheme}.svg`), svg.text);
      await renderSvgAlone(page, svg.text, info.outputPath(`${view}-${scheme}-svg.png`));

      const png = await exportPng(page);
      expect(png.type).toBe('image/png');
      const decoded = decodePng(png.bytes);
      // Device resolution: twice the graph's CSS size at deviceScaleFactor 2.
      expect(decoded.width).toBe(2 * svg.width);
      expect(decoded.height).toBe(2 * svg.height);
      expect(decoded.coloured).toBeGreaterThan(1000);
      const root = svg.frames[0];
      expect(decoded.at(Math.round(2 * (root.width - 4)), Math.round(2 * (root.y + 9)))).toEqual(rgbOf(root.fill));
      writeFileSync(info.outputPath(`${view}-${scheme}.png`), Buffer.from(png.bytes));
    }
  });
}

test('search dimming and the diff colours are in the image as on screen', async ({ page }, info) => {
  await open(page, 'app-v1-cpu.pb.gz');
  await page.fill('[data-testid=search]', 'handleRequest');
  await expect(page.locator('[data-testid=search-stats]')).toContainText('of total');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  const searched = await exportSvg(page);
  // Misses are greyed (the light theme's dimmed grey), matches keep their colour.
  const miss = searched.frames.find((f) => f.title.startsWith('runtime.gcBgMarkWorker — '))!;
  expect(miss.fill).toBe('#d6d6d6');
  const hit = searched.frames.find((f) => f.title.startsWith('main.handleRequest — '))!;
  expect(hit.fill).not.toBe('#d6d6d6');
  expect(searched.text).toContain('search handleRequest');
  await expectSameAsCanvas(page, searched.frames);

  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v2-cpu.pb.gz`);
  await expect(page.locator('[data-testid=flamegraph][data-profile="app-v2-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
  await page.locator('[data-testid=compare-with]').selectOption({ label: 'base: app-v1-cpu.pb.gz' });
  const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
  await expect(diff).toHaveAttribute('data-ready', 'true');
  const svg = await exportSvg(page);
  expect(svg.parseError).toBeNull();
  expect(svg.frames.some((f) => / → target /.test(f.title))).toBe(true);
  expect(svg.text).toContain('coloured by change in share');
  await expectSameAsCanvas(page, svg.frames);
  writeFileSync(info.outputPath('diff-light.svg'), svg.text);
  await renderSvgAlone(page, svg.text, info.outputPath('diff-light-svg.png'));
  writeFileSync(info.outputPath('diff-light.png'), Buffer.from((await exportPng(page)).bytes));

  // The theme changes under it: the next export is in the dark palette, still as on screen.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('.app.theme-dark')).toBeVisible();
  await expect(diff).toHaveAttribute('data-ready', 'true');
  const dark = await exportSvg(page);
  expect(dark.text).toContain('fill="#16181d"');
  expect(dark.frames[0].fill).not.toBe(svg.frames[0].fill);
  await expectSameAsCanvas(page, dark.frames);
  await renderSvgAlone(page, dark.text, info.outputPath('diff-dark-svg.png'));
  writeFileSync(info.outputPath('diff-dark.png'), Buffer.from((await exportPng(page)).bytes));
});

/** main.main calling one function per hostile name, 10 samples each. */
function hostileNamesProfile(names: string[]): Buffer {
  const strings = new StringTable();
  const all = ['main.main', ...names];
  const functions = all.map((name, i) => new PFunction({ id: i + 1, name: strings.dedup(name), filename: strings.dedup(`/src/${name}.go`) }));
  return Buffer.from(
    new Profile({
      sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })],
      sample: names.map((_, i) => new Sample({ locationId: [i + 2, 1], value: [10] })),
      location: functions.map((f) => new Location({ id: f.id, line: [new Line({ functionId: f.id, line: 7 })] })),
      function: functions,
      stringTable: strings,
    }).encode(),
  );
}

test('hostile function and file names give an SVG that parses, with the names as text', async ({ page }) => {
  const names = ['<script>alert(1)</script>', 'end]]>cdata', 'nul\u0000bell\u0007', '<![CDATA[x]]>&amp;"\'q'];
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', { name: 'a<b>:"c".pb', mimeType: 'application/octet-stream', buffer: hostileNamesProfile(names) });
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  const svg = await exportSvg(page);
  expect(svg.parseError).toBeNull();
  const titles = svg.frames.map((f) => f.title.slice(0, f.title.indexOf(' — ')));
  expect(titles).toEqual(expect.arrayContaining(['<script>alert(1)</script>', 'end]]>cdata', 'nulbell', '<![CDATA[x]]>&amp;"\'q']));
  expect(svg.frames.map((f) => f.label)).toContain('<script>alert(1)</script>');
  // Nothing was run or made an element: the only elements are the drawing's own.
  expect(svg.text).not.toMatch(/<script|<!\[CDATA/);
});

test('an image taken while a newer query runs is of the graph still on screen: its sample type, unit and filters', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v1-cpu.pb.gz`);
  const graph = page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await page.evaluate(() => window.__flamedeckTest!.stallNext('query'));
  await page.locator('[data-testid=sample-type]').selectOption('0'); // samples: this query never ends
  await expect(page.locator('[data-testid=cancel-request]')).toBeVisible();
  const svg = await exportSvg(page);
  expect(svg.text).toContain('app-v1-cpu.pb.gz · cpu · total 7.73s');
  expect(svg.text).not.toContain(' · samples · ');
  expect(svg.frames[0].title).toMatch(/^all samples — self 0, total 7\.73s \(100%\)$/);
});

test('a graph of 50,000 frames (10,000 deep) exports as PNG at once, without freezing the page', async ({ page }, info) => {
  await open(page, 'edge-deep-stack.pb.gz');
  await page.click('[data-testid=view-icicle]');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  // Painted box by box: its SVG (10 MB) would take the browser minutes to rasterise.
  const png = await exportPng(page);
  const decoded = decodePng(png.bytes);
  // As wide as the graph at device resolution; as tall as a canvas can be (the deepest rows cut).
  expect(decoded.width).toBe(2 * Math.round((await page.locator('[data-testid=flame-canvas]').boundingBox())!.width));
  expect(decoded.height).toBe(32_767);
  expect(decoded.coloured).toBeGreaterThan(1000);
  writeFileSync(info.outputPath('deep.png'), Buffer.from(png.bytes));
});
