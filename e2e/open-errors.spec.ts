import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

const gz = readFileSync(`${fixtures}app-v1-cpu.pb.gz`);
const raw = gunzipSync(gz);

async function open(page: Page, name: string, buffer: Buffer) {
  await page.setInputFiles('[data-testid=open-file]', { name, mimeType: 'application/octet-stream', buffer });
}

const tabs = (page: Page) => page.locator('[data-testid=tab]');
const tabNamed = (page: Page, name: string) => tabs(page).filter({ has: page.locator('.tab-name', { hasText: name }) });

test('a file that fails again replaces its error tab, says what it looks like first, and error tabs close (issue 11, defect 11)', async ({ page }) => {
  await page.goto(server.url);
  const error = page.locator('[data-testid=open-error]');
  await open(page, 'notes.txt', Buffer.from('hello, this is not a profile\n'));
  await expect(error.locator('p')).toContainText('notes.txt: This is not a pprof profile — it looks like text.');
  // The decoder's words are kept, set apart after the sentence the user can act on.
  await expect(error.locator('.error-detail')).toContainText(/^ ?Details: \S/);
  await open(page, 'notes.txt', Buffer.from('still not a profile\n'));
  await open(page, 'notes.txt', Buffer.from('<html><body>oops</body></html>'));
  await expect(error.locator('p')).toContainText('notes.txt: This is not a pprof profile — it looks like an HTML page');
  await expect(tabs(page)).toHaveCount(1);
  await page.screenshot({ path: 'test-results/open-error-html.png' });

  const cut = Math.floor(raw.length / 2);
  await open(page, 'cut.pb', raw.subarray(0, cut));
  await expect(error.locator('p')).toContainText(`cut.pb: The file is cut short at byte ${cut}:`);
  await expect(tabs(page)).toHaveCount(2);
  await open(page, 'notes.txt', Buffer.from('once more\n'));
  await expect(tabs(page)).toHaveCount(2);
  // The repeated failure brought its one tab to the front.
  await expect(tabNamed(page, 'notes.txt')).toHaveAttribute('aria-selected', 'true');

  // The same name, now a good file: it opens in the error tab's place.
  await open(page, 'cut.pb', raw);
  await expect(page.locator('[data-testid=flamegraph][data-profile="cut.pb"]')).toHaveAttribute('data-ready', 'true');
  await expect(tabs(page)).toHaveCount(2);
  // A working tab is never replaced: a failure of the same name gets its own error tab.
  await open(page, 'cut.pb', raw.subarray(0, 100));
  await expect(error.locator('p')).toContainText('cut.pb: The file is cut short at byte 100:');
  await expect(tabs(page)).toHaveCount(3);

  // Error tabs close, from the tab's × and from the page's button.
  await tabNamed(page, 'notes.txt').locator('.tab-close').click();
  await expect(tabs(page)).toHaveCount(2);
  await tabs(page).last().locator('.tab-name').click();
  await expect(error).toBeVisible();
  await error.getByRole('button', { name: 'Close this tab' }).click();
  await expect(tabs(page)).toHaveCount(1);
  await expect(page.locator('[data-testid=flamegraph][data-profile="cut.pb"]')).toHaveAttribute('data-ready', 'true');
});
