// Web mode's shell (issue 11, defects 13 and 6): Ctrl/Cmd+O, the theme choice, the draggable
// split between graph and table, and long function names reachable at 800×600.
import { expect, test } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';
import { openFixture } from './app-page.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

test('Ctrl+O opens the file chooser in web mode, on the start screen and over a profile', async ({ page }) => {
  // Playwright turns file-chooser interception on when a listener is added, without waiting: a
  // listener from the start keeps a quick key press from reaching Chromium before it is on.
  page.on('filechooser', () => {});
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Open…' }).first()).toBeVisible();
  const chooser = page.waitForEvent('filechooser', { timeout: 5000 });
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles(`${fixtures}app-v1-cpu.pb.gz`);
  await expect(page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
  // While typing in the search box too.
  await page.locator('[data-testid=search]').focus();
  const again = page.waitForEvent('filechooser', { timeout: 5000 });
  await page.keyboard.press('Control+o');
  await again;
});

test('the theme choice changes the theme and survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(server.url);
  const app = page.locator('.app');
  await expect(app).toHaveClass(/theme-light/);
  await page.selectOption('[data-testid=theme]', 'dark');
  await expect(app).toHaveClass(/theme-dark/);
  await page.reload();
  await expect(app).toHaveClass(/theme-dark/);
  await expect(page.locator('[data-testid=theme]')).toHaveValue('dark');
  await page.selectOption('[data-testid=theme]', 'system');
  await expect(app).toHaveClass(/theme-light/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(app).toHaveClass(/theme-dark/);
});

test('the split between graph and table drags and is remembered', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.check('[data-testid=table-beside]');
  const table = page.locator('[data-testid=top-table]');
  const handle = page.locator('[data-testid=split-handle]');
  const before = (await table.boundingBox())!.width;
  const grip = (await handle.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x - 200, grip.y + grip.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = (await table.boundingBox())!.width;
  expect(after).toBeGreaterThan(before + 150);
  await page.reload();
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.check('[data-testid=table-beside]');
  expect(Math.abs((await table.boundingBox())!.width - after)).toBeLessThan(4);
});

test('at 800×600, table beside and Tags open, a long function name is reachable in full', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.check('[data-testid=table-beside]');
  await page.click('[data-testid=toggle-tags]');
  await expect(page.locator('[data-testid=tag-panel]')).toBeVisible();
  const names = await page.locator('[data-testid=top-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  const longest = names.reduce((a, b) => (b.length > a.length ? b : a), '');
  expect(longest.length).toBeGreaterThan(25);
  const cell = page.locator(`[data-testid=top-row][data-name="${longest}"] .name`);
  // The full name is the cell's tooltip, and the cell itself can be brought into view.
  await expect(cell).toHaveAttribute('title', new RegExp(`^${longest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await cell.scrollIntoViewIfNeeded();
  const box = (await cell.boundingBox())!;
  const body = (await page.locator('[data-testid=top-table] .top-body').boundingBox())!;
  expect(box.width).toBeGreaterThan(60);
  expect(box.x).toBeGreaterThanOrEqual(body.x - 1);
  expect(box.x + box.width).toBeLessThanOrEqual(Math.min(body.x + body.width, 800) + 1);
  // The Tags panel and the graph stay on screen beside it.
  const tags = (await page.locator('[data-testid=tag-panel]').boundingBox())!;
  expect(tags.x + tags.width).toBeLessThanOrEqual(801);
  expect((await page.locator('[data-testid=flamegraph]').boundingBox())!.width).toBeGreaterThan(100);
});

test('at 1400×900, table beside and Tags open, names show without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.check('[data-testid=table-beside]');
  await page.click('[data-testid=toggle-tags]');
  await expect(page.locator('[data-testid=tag-panel]')).toBeVisible();
  const body = page.locator('[data-testid=top-table] .top-body');
  expect(await body.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
  const bodyBox = (await body.boundingBox())!;
  // The first rows' names are whole, inside the table's visible width.
  for (const name of ['crypto/sha256.block', 'sort.partition', 'runtime.mallocgc']) {
    const cell = page.locator(`[data-testid=top-row][data-name="${name}"] .name`);
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(bodyBox.x + bodyBox.width + 1);
    expect(await cell.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  }
  // With the whole width the table shows every pprof column again.
  await page.click('text=Top table');
  await expect(page.locator('[data-testid=top-table] .th[data-column=sumShare]')).toBeVisible();
});

test('Ctrl+Shift+O opens Connect… in web mode', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Open…' }).first()).toBeVisible();
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('at 800×600 with Tags open, the split dragged far left keeps the table out from under the Tags panel', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.check('[data-testid=table-beside]');
  await page.click('[data-testid=toggle-tags]');
  const grip = (await page.locator('[data-testid=split-handle]').boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + 40);
  await page.mouse.down();
  await page.mouse.move(5, grip.y + 40, { steps: 5 });
  await page.mouse.up();
  const table = (await page.locator('[data-testid=top-table]').boundingBox())!;
  const tags = (await page.locator('[data-testid=tag-panel]').boundingBox())!;
  expect(table.x + table.width).toBeLessThanOrEqual(tags.x + 1);
  expect((await page.locator('[data-testid=flamegraph]').boundingBox())!.width).toBeGreaterThanOrEqual(100);
});
