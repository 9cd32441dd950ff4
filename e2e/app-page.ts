import { expect, type Page } from '@playwright/test';
import { fixtures } from './app-server.js';

/** A row of the top table as the page shows it (the figures in base units, from its data attributes). */
export interface TableRow {
  name: string;
  flat: number;
  cum: number;
}

/** Opens a test fixture with the page's file input and waits until its flame graph is drawn. */
export async function openFixture(page: Page, file: string): Promise<void> {
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
}

/** The top table's rows in the order shown. */
export async function tableRows(page: Page): Promise<TableRow[]> {
  return page.locator('[data-testid=top-row]').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.getAttribute('data-name')!, flat: Number(r.getAttribute('data-flat')), cum: Number(r.getAttribute('data-cum')) })),
  );
}
