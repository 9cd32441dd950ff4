import { expect, test } from '@playwright/test';
import { fixtures, hasChromium, startServe } from './app-server.js';

// Requests that cross: a newer tree arriving under a zoom animation, a search or a sandwich.
test.skip(!hasChromium, 'Debian Chromium is not installed');
let server: Awaited<ReturnType<typeof startServe>>;
test.beforeAll(async () => {
  server = await startServe([`${fixtures}app-v1-cpu.pb.gz`]);
});
test.afterAll(() => server?.stop());

test('a click-zoom whose animation ends after a re-query zooms to the frame clicked', async ({ page }) => {
  await page.goto(`${server.url}#view=icicle`);
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + 18 * 5 + 9); // main.queryDatabase
  await page.locator('[data-testid=order]').selectOption('weight'); // every node number changes under the animation
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=breadcrumbs] button.current')).toHaveText('main.queryDatabase');
});

test('a search typed while a query is in flight is applied to the new tree', async ({ page }) => {
  await page.goto(`${server.url}#view=flame`);
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  await page.evaluate(() => {
    const order = document.querySelector<HTMLSelectElement>('[data-testid=order]')!;
    order.value = 'weight';
    order.dispatchEvent(new Event('change', { bubbles: true }));
    const input = document.querySelector<HTMLInputElement>('[data-testid=search]')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'sortBig');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.locator('[data-testid=search-stats]')).toContainText('1 function');
});

test('after a hash names a function the profile lacks, a hash naming one it has shows its sandwich', async ({ page }) => {
  await page.goto(`${server.url}#view=sandwich&sw=no.such.function`);
  await expect(page.getByRole('alert')).toContainText('no.such.function');
  await page.evaluate(() => (location.hash = '#view=sandwich&sw=sort.partition'));
  await expect(page.locator('[data-testid=sandwich][data-function="sort.partition"]')).toHaveAttribute('data-ready', 'true');
});

test('after a stopped reload and Retry, the sandwich halves still zoom', async ({ page }) => {
  await page.goto(`${server.url}#view=sandwich&sw=sort.partition`);
  await expect(page.locator('[data-testid=sandwich]')).toHaveAttribute('data-ready', 'true');
  await page.evaluate(() => window.__flamedeckTest!.stallNext('query'));
  await page.locator('[data-testid=order]').selectOption('weight');
  await expect(page.locator('[data-testid=busy]')).toBeVisible();
  await page.evaluate(() => window.__flamedeckTest!.stallNext('open'));
  await page.keyboard.press('Escape'); // stops the query; the reload's open stalls
  await expect(page.locator('[data-testid=stopped]')).toBeVisible();
  await page.keyboard.press('Escape'); // stops the reload
  await page.click('[data-testid=retry]');
  await expect(page.locator('[data-testid=sandwich]')).toHaveAttribute('data-ready', 'true');
  const callees = page.locator('[data-testid=sandwich-graph][data-half=callees] [data-testid=flame-canvas]');
  await callees.click({ position: { x: 30, y: 18 + 9 } });
  await expect(page.locator('[data-testid=sandwich-callees-out]')).toBeVisible();
});

test('Back walks back from one sandwich to the one before', async ({ page }) => {
  await page.goto(`${server.url}#view=sandwich&sw=runtime.mallocgc`);
  await expect(page.locator('[data-testid=sandwich][data-function="runtime.mallocgc"]')).toHaveAttribute('data-ready', 'true');
  await page.locator('[data-testid=peek-row][data-kind=caller][data-name="runtime.newobject"]').click();
  await expect(page.locator('[data-testid=sandwich][data-function="runtime.newobject"]')).toHaveAttribute('data-ready', 'true');
  await page.goBack();
  await expect(page.locator('[data-testid=sandwich][data-function="runtime.mallocgc"]')).toHaveAttribute('data-ready', 'true');
});
