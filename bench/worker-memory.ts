// Memory of the engine workers (one per tab, plus a warmed spare): Chromium's RSS (browser +
// renderer + GPU processes) with 1, 3 and 6 tabs of the medium profile, after a full collection
// in the page and every worker, and the first open's time (file chosen → first frame).
// `node bin/run-ts.mjs bench/worker-memory.ts [PROFILE]`; prints JSON.
import { chromium } from 'playwright-core';
import { chromiumPath } from '../playwright.config.js';
import { startServe } from '../e2e/app-server.js';
import { chromiumRssMB } from './chromium-rss.js';

const file = process.argv[2] ?? '/work/shared/fixtures/synth-medium.pb.gz';

const settle = () => new Promise((resolve) => setTimeout(resolve, 3000));

const server = await startServe();
const browserServer = await chromium.launchServer({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', '--js-flags=--expose-gc'] });
const pid = browserServer.process().pid!;
try {
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-engine-warm=true]', { timeout: 30_000 });
  await settle();
  const rss: Record<string, number> = { idle: chromiumRssMB(pid) };
  let firstFrameMs = -1;
  for (let tab = 1; tab <= 6; tab++) {
    await page.evaluate(() => {
      document.querySelector('[data-testid=open-file]')!.addEventListener('change', () => performance.mark('bench:file-chosen'), { capture: true, once: true });
    });
    await page.setInputFiles('[data-testid=open-file]', file);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=flamegraph][data-ready=true]').length === 1 && document.querySelectorAll('[data-testid=tab]').length === n && !document.querySelector('[data-testid=loading]'), tab, { timeout: 120_000 });
    if (tab === 1) {
      firstFrameMs = await page.evaluate(() => Math.round(performance.getEntriesByName('flamedeck:first-paint')[0].startTime - performance.getEntriesByName('bench:file-chosen')[0].startTime));
    }
    if (tab === 1 || tab === 3 || tab === 6) {
      await settle();
      // A full collection in the page and in every worker: what stays is what the tabs hold.
      const collect = () => (globalThis as unknown as { gc?: () => void }).gc?.();
      await page.evaluate(collect);
      for (const worker of page.workers()) await worker.evaluate(collect);
      await settle();
      rss[`tabs${tab}`] = chromiumRssMB(pid);
    }
  }
  console.log(JSON.stringify({ file, firstFrameMs, workers: page.workers().length, chromiumRssMB: rss }));
  await browser.close();
} finally {
  await browserServer.close();
  server.stop();
}
