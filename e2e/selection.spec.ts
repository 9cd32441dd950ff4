import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';
import { canvasShot, saturation } from './canvas-pixels.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

const FILE = 'app-v1-cpu.pb.gz';
const graph = (page: Page) => page.locator(`[data-testid=flamegraph][data-profile="${FILE}"]`);

/** Colour of the frame above the root (the root itself never greys): grey while another function is selected. */
async function firstFrameSaturation(page: Page, view: 'flame' | 'icicle') {
  await expect(graph(page)).toHaveAttribute('data-ready', 'true');
  const shot = await canvasShot(page);
  return saturation(shot.at(Math.floor(shot.width / 2), view === 'flame' ? shot.height - 18 - 9 : 18 + 9));
}

async function selectFirstRow(page: Page): Promise<string> {
  await page.click('[data-testid=view-table]');
  const row = page.locator('[data-testid=top-row]').first();
  const name = (await row.getAttribute('data-name'))!;
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  return name;
}

test('a table selection is named in every view and Esc clears it', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${FILE}`);
  await expect(graph(page)).toHaveAttribute('data-ready', 'true');
  expect(await firstFrameSaturation(page, 'flame')).toBeGreaterThanOrEqual(30);
  const name = await selectFirstRow(page);
  const chip = page.locator('[data-testid=selection-chip]');
  await expect(chip).toHaveAttribute('data-name', name);
  await expect(chip).toContainText(`Selected:${name}`);
  // The table is hidden; the graph is greyed around the selection, and the chip says why.
  await page.click('[data-testid=view-flame]');
  await expect(page.locator('[data-testid=top-row]')).toHaveCount(0);
  await expect(chip).toBeVisible();
  await expect(chip).toHaveAttribute('title', /greys every other function/);
  await expect.poll(() => firstFrameSaturation(page, 'flame')).toBeLessThan(30);
  await page.keyboard.press('Escape');
  await expect(chip).toHaveCount(0);
  await expect.poll(() => firstFrameSaturation(page, 'flame')).toBeGreaterThanOrEqual(30);
  await page.click('[data-testid=view-table]');
  await expect(page.locator('[data-testid=top-row][aria-selected=true]')).toHaveCount(0);
});

test('the chip\'s × clears the selection from the icicle view', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${FILE}`);
  await expect(graph(page)).toHaveAttribute('data-ready', 'true');
  const name = await selectFirstRow(page);
  await page.click('[data-testid=view-icicle]');
  await expect.poll(() => firstFrameSaturation(page, 'icicle')).toBeLessThan(30);
  await page.getByRole('button', { name: `Clear the selection of ${name} (Esc)` }).click();
  await expect(page.locator('[data-testid=selection-chip]')).toHaveCount(0);
  await expect.poll(() => firstFrameSaturation(page, 'icicle')).toBeGreaterThanOrEqual(30);
});
