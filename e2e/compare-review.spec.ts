// Defects a review of the comparison mode found; each of these failed before its fix.
import { expect, test } from '@playwright/test';
import { fixtures, hasChromium, startServe, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

test('a pprof diff file is first drawn with the width the Width control shows', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}diff-v2-minus-v1-cpu.pb.gz`);
  const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
  await expect(diff).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=diff-width]')).toHaveValue('target');
  const first = await diff.getAttribute('data-rects');
  await page.selectOption('[data-testid=diff-width]', 'both');
  await expect.poll(() => diff.getAttribute('data-width')).toBe('both');
  await page.selectOption('[data-testid=diff-width]', 'target');
  await expect.poll(() => diff.getAttribute('data-width')).toBe('target');
  await page.waitForTimeout(500);
  expect(await diff.getAttribute('data-rects')).toBe(first);
});

test('search stats in a diff sized by both are in the profile unit', async ({ page }) => {
  const comparing = await startServe([`${fixtures}app-v2-cpu.pb.gz`], ['serve', '--port', '0', '--base', `${fixtures}app-v1-cpu.pb.gz`]);
  try {
    await page.goto(comparing.url);
    await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
    await page.selectOption('[data-testid=diff-width]', 'both');
    await page.fill('[data-testid=search]', 'newFeature');
    await expect(page.locator('[data-testid=search-stats]')).toContainText('→ target 330ms');
  } finally {
    comparing.stop();
  }
});

test('a single profile opened with #view=sbs still shows a graph', async ({ page }) => {
  const single = await startServe([`${fixtures}app-v2-cpu.pb.gz`], ['serve', '--port', '0']);
  try {
    await page.goto(`${single.url}#view=sbs`);
    await expect(page.locator('[data-testid=flamegraph]')).toHaveCount(1, { timeout: 10_000 });
  } finally {
    single.stop();
  }
});

test('the Tags panel of a comparison lists the base side labels too', async ({ page }) => {
  const comparing = await startServe([`${fixtures}app-v2-cpu.pb.gz`], ['serve', '--port', '0', '--base', `${fixtures}app-v1-cpu.pb.gz`]);
  try {
    await page.goto(comparing.url);
    await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
    await page.click('button:has-text("Tags")');
    await expect(page.locator('[data-testid=tag-key][data-key=version] [data-testid=tag-value][data-value=v1]')).toHaveCount(1);
  } finally {
    comparing.stop();
  }
});

test('Compare with… keeps the target tab sample type', async ({ page }) => {
  await page.goto(server.url);
  for (const file of ['app-v1-heap.pb.gz', 'app-v2-heap.pb.gz']) {
    await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
    await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
  }
  await page.locator('[data-testid=sample-type]').selectOption({ label: 'alloc_space (bytes)' });
  await expect(page).toHaveURL(/si=alloc_space/);
  await page.locator('[data-testid=compare-with]').selectOption({ label: 'base: app-v1-heap.pb.gz' });
  await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
  await expect(page).toHaveURL(/si=alloc_space/);
});
