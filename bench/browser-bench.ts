// The viewer in headless Chromium (Debian's), measured against DESIGN.md section 7: file chosen
// -> first frame, memory, tag filter / sample-type switch, search, and frame times while zooming.
// Inputs are the generated profiles of engine-bench.ts (made here if missing).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { appDir, ensureAppBuilt } from '../bin/app-build.js';
import { startWebServer } from '../bin/web-server.js';
import { synthesizeProfile, type SynthOptions } from '../shared/formats/synthetic-profile.js';
import { chromiumRssMB } from './chromium-rss.js';
import { startPyroscopeServer } from '../test/pyroscope-server/server.js';
import { formatPyroscopeSource } from '../shared/remote/pyroscope-source.js';

const chromiumPath = process.env.FLAMEDECK_CHROMIUM ?? '/usr/bin/chromium';
const outDir = new URL('./out/', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });

function input(name: string, options: SynthOptions): string {
  const path = join(outDir, `synth-${name}-${options.stacks}-${options.samples}-${options.seed}.pb.gz`);
  if (!existsSync(path)) writeFileSync(path, gzipSync(synthesizeProfile(options)));
  return path;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** In the page: ms from `start()` to the graph being drawn again with data-ready. */
async function timeUntilReady(page: Page, act: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __benchStart: number; __benchReady: Promise<number> };
    const graph = document.querySelector('[data-testid=flamegraph]')!;
    w.__benchReady = new Promise((resolve) => {
      let sawBusy = false;
      const observer = new MutationObserver(() => {
        const ready = graph.getAttribute('data-ready') === 'true';
        if (!ready) sawBusy = true;
        if (ready && sawBusy) {
          observer.disconnect();
          resolve(performance.now() - w.__benchStart);
        }
      });
      observer.observe(graph, { attributes: true });
    });
    w.__benchStart = performance.now();
  });
  await act();
  return Math.round(await page.evaluate(() => (window as unknown as { __benchReady: Promise<number> }).__benchReady));
}

/** In the page: ms from asking for the sandwich of `func` (the URL's sw) to both halves drawn. */
function timeSandwich(page: Page, func: string): Promise<{ ms: number; workerMs: number }> {
  return page.evaluate(async (name) => {
    const started = performance.now();
    location.hash = `#view=sandwich&sw=${encodeURIComponent(name)}`;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1));
      const sandwich = document.querySelector('[data-testid=sandwich][data-ready=true]');
      const halves = document.querySelectorAll('[data-testid=sandwich-graph][data-ready=true]');
      if (sandwich?.getAttribute('data-function') === name && halves.length === 2) {
        return { ms: Math.round(performance.now() - started), workerMs: Number(sandwich.getAttribute('data-worker-ms')) };
      }
    }
  }, func);
}

/** The first row's function of the top table in the given order. */
async function topFunction(page: Page, sort: 'flat' | 'cum'): Promise<string> {
  await page.evaluate(() => (location.hash = '#view=table'));
  if (sort === 'cum') await page.getByRole('button', { name: 'cum', exact: true }).click();
  await page.waitForSelector('[data-testid=top-row]');
  return (await page.locator('[data-testid=top-row]').first().getAttribute('data-name'))!;
}

async function measure(name: string, file: string, url: string, runs: number) {
  const all = [];
  for (let run = 0; run < runs; run++) all.push(await measureOnce(name, file, url));
  all.sort((a, b) => a.firstFrameMs - b.firstFrameMs);
  const median = all[Math.floor(all.length / 2)];
  return { ...median, firstFrameMsRuns: all.map((r) => r.firstFrameMs) };
}

async function measureOnce(name: string, file: string, url: string) {
  const browserServer = await chromium.launchServer({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pid = browserServer.process().pid!;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(url);
  // The user chooses a file after the app has started (and its engine has warmed up).
  await page.waitForSelector('[data-engine-warm=true]', { timeout: 30_000 });
  const warmUpMs = await page.evaluate(() => Math.round(performance.getEntriesByName('flamedeck:engine-warm')[0]?.duration ?? -1));
  const idleMB = chromiumRssMB(pid);
  let peakMB = idleMB;
  const sampler = setInterval(() => (peakMB = Math.max(peakMB, chromiumRssMB(pid))), 100);
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid=open-file]')!;
    input.addEventListener('change', () => performance.mark('bench:file-chosen'), { capture: true });
  });
  await page.setInputFiles('[data-testid=open-file]', file);
  await page.waitForSelector('[data-testid=flamegraph][data-ready=true]', { timeout: 120_000 });
  const firstFrameMs = await page.evaluate(() => {
    const chosen = performance.getEntriesByName('bench:file-chosen')[0].startTime;
    return Math.round(performance.getEntriesByName('flamedeck:first-paint')[0].startTime - chosen);
  });
  clearInterval(sampler);
  peakMB = Math.max(peakMB, chromiumRssMB(pid));
  const rects = Number(await page.locator('[data-testid=flamegraph]').getAttribute('data-rects'));
  const workerTimings = await page.evaluate(() => window.__flamedeckOpenTimings);

  const tagFilterMs = await timeUntilReady(page, () => page.evaluate(() => void (location.hash = '#view=flame&tf=endpoint%3D%2Fhealthz')));
  const sampleTypeMs = await timeUntilReady(page, async () => {
    await page.selectOption('[data-testid=sample-type]', { index: 0 });
  });

  // Search: keystroke to the stats line showing the new answer.
  const searchMs: number[] = [];
  for (const text of ['acme', 'json', '/Cache|sql/']) {
    searchMs.push(
      await page.evaluate(async (query) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid=search]')!;
        const started = performance.now();
        // React sees a typed value only through the input's own value setter, called on the input.
        // eslint-disable-next-line @typescript-eslint/unbound-method
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input, query);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        for (;;) {
          await new Promise((r) => setTimeout(r, 1));
          const stats = document.querySelector('[data-testid=search-stats]');
          if (stats && stats.getAttribute('data-query') === query) return performance.now() - started;
        }
      }, text),
    );
  }

  // Zoom: click the widest frame of row 3 and record every animation frame.
  await page.evaluate(() => (window.__flamedeckFrameTimes = []));
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 18 * 3 - 9);
  await page.waitForTimeout(700);
  const frameWork = await page.evaluate(() => window.__flamedeckFrameTimes ?? []);

  // Sandwich of the hottest function by flat (a leaf: a wide callers tree), of its heaviest caller
  // (called from many places: both trees merged) and of the hottest by cum (a root: the whole tree under it).
  const hotFlat = await topFunction(page, 'flat');
  const sandwichHotFlatMs = await timeSandwich(page, hotFlat);
  const caller = (await page.locator('[data-testid=peek-row][data-kind=caller]').first().getAttribute('data-name'))!;
  const sandwichCallerMs = await timeSandwich(page, caller);
  const hotCum = await topFunction(page, 'cum');
  const sandwichHotCumMs = await timeSandwich(page, hotCum);
  await browser.close();
  await browserServer.close();
  return {
    name,
    firstFrameMs,
    engineWarmUpMs: warmUpMs,
    workerTimings: Object.fromEntries(Object.entries(workerTimings ?? {}).map(([k, v]) => [k, Math.round(v as number)])),
    browserRssMB: { idle: idleMB, peak: peakMB, added: peakMB - idleMB },
    rectsDrawn: rects,
    tagFilterMs,
    sampleTypeSwitchMs: sampleTypeMs,
    searchMs: searchMs.map(Math.round),
    zoomFrames: frameWork.length,
    zoomFrameWorkP95Ms: +percentile(frameWork, 0.95).toFixed(2),
    sandwichMs: { [hotFlat]: sandwichHotFlatMs, [caller]: sandwichCallerMs, [hotCum]: sandwichHotCumMs },
  };
}

/** "Compare with…" on two medium profiles: choosing the base → the first diff frame; then side-by-side zoom frames. */
async function measureCompare(baseFile: string, targetFile: string, url: string) {
  const browserServer = await chromium.launchServer({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(url);
  await page.waitForSelector('[data-engine-warm=true]', { timeout: 30_000 });
  for (const file of [baseFile, targetFile]) {
    await page.setInputFiles('[data-testid=open-file]', file);
    await page.waitForSelector(`[data-testid=flamegraph][data-profile="${file.split('/').pop()}"][data-ready=true]`, { timeout: 120_000 });
  }
  const firstDiffFrameMs = await page.evaluate(async (baseName) => {
    const select = document.querySelector<HTMLSelectElement>('[data-testid=compare-with]')!;
    const option = Array.from(select.options).find((o) => o.text === `base: ${baseName}`)!;
    const started = performance.now();
    select.value = option.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    for (;;) {
      await new Promise((r) => setTimeout(r, 1));
      if (document.querySelector('[data-testid=flamegraph][data-mode=diff][data-ready=true]')) return Math.round(performance.now() - started);
    }
  }, baseFile.split('/').pop()!);
  await page.click('[data-testid=view-sbs]');
  await page.waitForSelector('[data-testid=flamegraph][data-side=target][data-ready=true]');
  await page.evaluate(() => (window.__flamedeckFrameTimes = []));
  const box = (await page.locator('[data-testid=flamegraph][data-side=target] [data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 18 * 3 - 9);
  await page.waitForTimeout(700);
  const frames = await page.evaluate(() => window.__flamedeckFrameTimes ?? []);
  await browser.close();
  await browserServer.close();
  return { firstDiffFrameMs, syncedZoomFrames: frames.length, syncedZoomFrameP95Ms: +percentile(frames, 0.95).toFixed(2) };
}

/**
 * A remote source: the merged CPU profile of the last hour (240 scrapes) from the repo's
 * Pyroscope-compatible server on loopback, opened as the Connect dialog's Open does
 * (openRemoteSource, here through the hash's src) → its first frame. Median of 5.
 */
async function measureRemote(url: string) {
  const pyroscope = await startPyroscopeServer({ fixturesDir: new URL('../test/fixtures/', import.meta.url).pathname, nowMs: Date.now(), tenant: 'bench' });
  const source = formatPyroscopeSource({
    serverUrl: pyroscope.url,
    profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
    labelSelector: '{service_name="checkout"}',
    from: 'now-1h',
    until: 'now',
    tenant: 'bench',
  });
  const browserServer = await chromium.launchServer({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(url);
    await page.waitForSelector('[data-engine-warm=true]', { timeout: 30_000 });
    runs.push(
      await page.evaluate(async (src) => {
        const started = performance.now();
        location.hash = `#src=${encodeURIComponent(src)}`;
        for (;;) {
          await new Promise((r) => setTimeout(r, 1));
          const graph = document.querySelector(`[data-testid=flamegraph][data-ready=true]`);
          if (graph?.getAttribute('data-source') === src) return Math.round(performance.now() - started);
          if (document.querySelector('[data-testid=open-error]')) throw new Error(document.querySelector('[data-testid=open-error]')!.textContent ?? '');
        }
      }, source),
    );
    await page.close();
  }
  await browser.close();
  await browserServer.close();
  await pyroscope.close();
  runs.sort((a, b) => a - b);
  return { source: 'pyroscope merged CPU, last hour of checkout (240 scrapes)', openToFirstFrameMs: runs[2], runs };
}

ensureAppBuilt({ out: (t) => process.stderr.write(t), err: (t) => process.stderr.write(t) });
const { server, url } = await startWebServer({ appDir, files: [], port: 0 });
const only = process.argv[2];
const results = [];
for (const [name, options] of [
  ['medium', { stacks: 20_000, samples: 200_000, seed: 11 }],
  ['large', { stacks: 200_000, samples: 2_000_000, seed: 11 }],
] as const) {
  if (only && only !== name) continue;
  results.push(await measure(name, input(name, options), url, name === 'medium' ? 5 : 1));
}
const remote = !only || only === 'remote' ? await measureRemote(url) : null;
const compare = !only || only === 'medium' ? await measureCompare(input('medium', { stacks: 20_000, samples: 200_000, seed: 11 }), input('medium-b', { stacks: 20_000, samples: 200_000, seed: 12 }), url) : null;
server.close();
process.stdout.write(
  `${JSON.stringify(
    {
      note: 'medians of 5 runs for medium; browser RSS is every Chromium process together (idle = app loaded, before the file)',
      budgets: { firstFrameMs: { medium: 600, large: 5000 }, largePeakMB: 1500, tagFilterOrSampleTypeMs: 300, searchMs: 100, zoomFrameP95Ms: 16, largeSandwichMs: 300, compareFirstDiffFrameMs: 1000, syncedZoomFrameP95Ms: 16 },
      results,
      compare,
      remote,
    },
    null,
    2,
  )}\n`,
);
