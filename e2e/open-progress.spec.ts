import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { synthesizeProfile } from '../shared/formats/synthetic-profile.js';
import { hasChromium, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

test('the progress bar moves while a big gzip file inflates (issue 11, defect 8)', async ({ page }) => {
  test.setTimeout(90_000);
  // About 21 MB of protobuf, 10 MB gzipped.
  const bytes = gzipSync(synthesizeProfile({ stacks: 20_000, samples: 200_000, seed: 1 }), { level: 1 });
  expect(bytes.length).toBeGreaterThan(5_000_000);
  await page.goto(server.url);
  // Every value the loading screen shows, with its phase, as the page renders it.
  await page.evaluate(() => {
    const seen: { value: number; text: string }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const screen = document.querySelector('[data-testid=loading]');
      const bar = screen?.querySelector('progress');
      if (screen && bar) seen.push({ value: bar.value, text: screen.querySelector('p')?.textContent ?? '' });
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.setInputFiles('[data-testid=open-file]', { name: 'big.pb.gz', mimeType: 'application/gzip', buffer: bytes });
  await expect(page.locator('[data-testid=flamegraph][data-profile="big.pb.gz"]')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: { value: number; text: string }[] }).progressSeen);
  const inflating = [...new Set(seen.filter((s) => /decompressing/.test(s.text)).map((s) => s.value))];
  console.log(`progress while inflating: ${inflating.map((v) => v.toFixed(3)).join(' ')}`);
  // Not stuck at 0 until the protobuf is read: several steps, each below where decoding starts.
  const moving = inflating.filter((v) => v > 0);
  expect(moving.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...moving)).toBeLessThan(0.2);
  // And never backwards across the whole open.
  const values = seen.map((s) => s.value);
  expect(values).toEqual([...values].sort((a, b) => a - b));
});
