import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';
import { openFixture } from './app-page.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

// A stuck request is made deterministically with the app's test hook (window.__flamedeckTest):
// the next open or query of the tab spins forever in its worker, as a runaway computation does.

const server = serveForSpec();

const graphOf = (page: Page, file: string) => page.locator(`[data-testid=flamegraph][data-profile="${file}"]`);

const stallNext = (page: Page, kind: 'open' | 'query') => page.evaluate((k) => window.__flamedeckTest!.stallNext(k), kind);
const tabNamed = (page: Page, name: string) => page.locator('[data-testid=tab]').filter({ hasText: name }).locator('.tab-name');

test('a stuck query in one tab leaves the other tabs working; Cancel goes back to the last good state', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await openFixture(page, 'app-v1-heap.pb.gz');
  const sampleType = page.locator('[data-testid=sample-type]');
  await expect(sampleType).toHaveValue('3'); // inuse_space, pprof's default for heap profiles
  const totalBefore = await page.locator('[data-testid=profile-total]').innerText();

  await stallNext(page, 'query');
  await sampleType.selectOption('1'); // alloc_space: this query never ends
  await expect(page.locator('[data-testid=cancel-request]')).toBeVisible();

  // The other tab still answers: a search and a sample-type switch there get their results.
  await tabNamed(page, 'app-v1-cpu.pb.gz').click();
  await page.fill('[data-testid=search]', 'sha256');
  await expect(page.locator('[data-testid=search-stats]')).toContainText('of total');
  await expect(page.locator('[data-testid=profile-total]')).toContainText('Total 7.73s');
  await page.locator('[data-testid=sample-type]').selectOption('0');
  await expect(page.locator('[data-testid=profile-total]')).toContainText('Total 773 ');

  // Back in the stuck tab: Cancel ends it, says so, and the toolbar shows what the graph shows.
  await tabNamed(page, 'app-v1-heap.pb.gz').click();
  await expect(page.locator('[data-testid=busy]')).toHaveCSS('opacity', '1'); // it fades in when a wait lasts
  await page.screenshot({ path: 'test-results/cancel-query-busy.png' });
  await page.click('[data-testid=cancel-request]');
  await expect(page.locator('[data-testid=stopped]')).toHaveText('Stopped: updating the graph was cancelled. Showing the last result.');
  await expect(sampleType).toHaveValue('3');
  await expect(page.locator('[data-testid=profile-total]')).toHaveText(totalBefore);
  await expect(graphOf(page, 'app-v1-heap.pb.gz')).toHaveAttribute('data-ready', 'true');
  await page.screenshot({ path: 'test-results/cancel-query-stopped.png' });

  // The tab works again: the same change, not stuck this time, is answered.
  await sampleType.selectOption('1');
  await expect(page.locator('[data-testid=profile-total]')).not.toHaveText(totalBefore);
  await expect(page.locator('[data-testid=stopped]')).toHaveCount(0);
  await page.fill('[data-testid=search]', 'compress');
  await expect(page.locator('[data-testid=search-stats]')).toBeVisible();
});

test('Esc cancels a stuck open; the tab says so and Retry opens the file', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-heap.pb.gz');
  await stallNext(page, 'open');
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v1-cpu.pb.gz`);
  const loading = page.locator('[data-testid=loading]');
  await expect(loading).toContainText('reading samples');
  await expect(loading.locator('[data-testid=cancel-request]')).toBeVisible();
  await page.screenshot({ path: 'test-results/cancel-open-progress.png' });

  // The other tab answers while this open is stuck.
  await tabNamed(page, 'app-v1-heap.pb.gz').click();
  const heapTotal = await page.locator('[data-testid=profile-total]').innerText();
  await page.locator('[data-testid=sample-type]').selectOption('1');
  await expect(page.locator('[data-testid=profile-total]')).not.toHaveText(heapTotal);
  await tabNamed(page, 'app-v1-cpu.pb.gz').click();

  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=stopped]')).toHaveText('Stopped: opening app-v1-cpu.pb.gz was cancelled.');
  await page.screenshot({ path: 'test-results/cancel-open-stopped.png' });
  await page.click('[data-testid=retry]');
  await expect(graphOf(page, 'app-v1-cpu.pb.gz')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
});

test('a worker that stops answering is stopped and the tab says it took too long', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  // Silence the watchdog waits for, shortened so the test does not wait a minute.
  await page.evaluate(() => window.__flamedeckTest!.setWatchdogMs(500));
  await stallNext(page, 'query');
  await page.locator('[data-testid=sample-type]').selectOption('0');
  await expect(page.locator('[data-testid=stopped]')).toHaveText('Stopped: updating the graph took too long (no answer for 0.5 s). Showing the last result.');
  await expect(page.locator('[data-testid=sample-type]')).toHaveValue('1');
  await page.locator('[data-testid=sample-type]').selectOption('0');
  await expect(page.locator('[data-testid=profile-total]')).toContainText('Total 773 ');
});
