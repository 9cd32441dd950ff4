// Web mode's shell (issue 11, defect 13): Ctrl/Cmd+O and the theme choice.
import { expect, test } from '@playwright/test';
import { fixtures, hasChromium, startServe } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

let server: Awaited<ReturnType<typeof startServe>>;
test.beforeAll(async () => {
  server = await startServe();
});
test.afterAll(() => server?.stop());

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
