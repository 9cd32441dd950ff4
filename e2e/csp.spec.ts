import { expect, test, type Page } from '@playwright/test';
import { hasChromium, serveForSpec } from './app-server.js';
import { openFixture } from './app-page.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

// The Content-Security-Policy is the same in web mode and in the desktop app (shared/hosting.ts):
// what holds here holds in Electron's window.

const server = serveForSpec();

/** Collects every CSP violation the page reports: the DOM event, and Chromium's console error. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective}: ${event.blockedURI} ${event.sample}`));
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...console];
}

test('the CSP forbids inline styles and scripts, and a violation is seen', async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto(server.url);
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toMatch(/style-src 'self'/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  // What the policy is for: markup styles and injected style elements are refused...
  const applied = await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.setAttribute('style', 'width: 123px');
    const sheet = document.createElement('style');
    sheet.textContent = '#root { outline: 7px solid red; }';
    document.head.append(sheet);
    document.body.append(probe);
    const result = { attribute: probe.getBoundingClientRect().width === 123, element: getComputedStyle(document.getElementById('root')!).outlineWidth === '7px' };
    probe.remove();
    sheet.remove();
    return result;
  });
  expect(applied).toEqual({ attribute: false, element: false });
  await expect.poll(async () => (await violations()).length).toBeGreaterThanOrEqual(2);
});

test('using the app breaks no CSP rule, and what React places by style props is where it should be', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(server.url);
  await page.screenshot({ path: 'test-results/csp-start.png' });
  await openFixture(page, 'app-v1-cpu.pb.gz');

  // Tooltip: positioned next to the pointer (a style prop).
  await page.click('[data-testid=view-icicle]');
  const canvas = page.locator('[data-testid=flame-canvas]');
  const box = (await canvas.boundingBox())!;
  const pointer = { x: box.x + box.width * 0.5, y: box.y + 18 * 5 + 9 };
  await page.mouse.move(pointer.x, pointer.y);
  const tooltip = page.locator('[data-testid=tooltip]');
  await expect(tooltip).toContainText('main.queryDatabase');
  const tip = (await tooltip.boundingBox())!;
  expect(Math.abs(tip.x - pointer.x)).toBeLessThan(400);
  expect(Math.abs(tip.y - pointer.y)).toBeLessThan(300);
  await page.screenshot({ path: 'test-results/csp-tooltip.png' });

  // Zoom by a click; the keyboard focus box (a style prop) follows the arrow keys.
  await page.mouse.click(pointer.x, pointer.y);
  await expect(page.locator('[data-testid=breadcrumbs]')).toContainText('main.queryDatabase');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  await page.locator('[data-testid=flamegraph]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const focusBox = (await page.locator('.flame-focus').boundingBox())!;
  expect(focusBox.width).toBeGreaterThan(10);
  expect(focusBox.height).toBeGreaterThan(10);
  expect(focusBox.y).toBeGreaterThan(box.y + 18 * 5);

  // Context menu at the pointer (a style prop).
  await page.mouse.click(pointer.x, pointer.y + 18, { button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const menuBox = (await menu.boundingBox())!;
  expect(Math.abs(menuBox.x - pointer.x)).toBeLessThan(300);
  expect(Math.abs(menuBox.y - (pointer.y + 18))).toBeLessThan(400);
  await page.screenshot({ path: 'test-results/csp-menu.png' });
  await page.keyboard.press('Escape');

  // The table: a virtual list whose rows are placed by transforms (style props), one under another.
  await page.click('[data-testid=view-table]');
  const rows = page.locator('[data-testid=top-row]');
  await expect(rows.nth(5)).toBeVisible();
  const tops = await rows.evaluateAll((all) => all.slice(0, 6).map((row) => row.getBoundingClientRect().top));
  for (let i = 1; i < tops.length; i++) expect(tops[i]).toBeGreaterThan(tops[i - 1]);
  await page.screenshot({ path: 'test-results/csp-table.png' });

  // Table beside the graph, the tags panel, a tag filter, a search.
  await page.click('[data-testid=view-flame]');
  await page.click('[data-testid=table-beside]');
  await page.click('[data-testid=toggle-tags]');
  const orders = page.locator('[data-testid=tag-key][data-key=endpoint] [data-testid=tag-value][data-value="/api/v1/orders"]');
  await orders.getByRole('button', { name: 'only' }).click();
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('endpoint=^/api/v1/orders$');
  await page.fill('[data-testid=search]', 'sha256');
  await expect(page.locator('[data-testid=search-stats]')).toContainText(/of total/);
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  await page.screenshot({ path: 'test-results/csp-tags-beside.png' });

  expect(await violations()).toEqual([]);
});
