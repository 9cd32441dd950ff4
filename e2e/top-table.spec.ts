import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { Profile as PProfile } from 'pprof-format';
import { fixtures, hasChromium, serveForSpec, topGolden } from './app-server.js';
import { tableRows } from './app-page.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

/** Issue 11, defects 4 (search filters the table), 14 (every column sorts) and 7 (counts, filtered samples, zoom share). */


const server = serveForSpec();

async function open(page: Page, file: string, hash = '') {
  await page.goto(`${server.url}${hash ? `#${hash}` : ''}`);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"], [data-testid=top-table]`).first()).toBeVisible();
}

test('search filters the top table, says how many rows match, and an invalid regex clears the statistics', async ({ page }) => {
  const all = topGolden('app-v1-cpu__sample_index-cpu').functions;
  await open(page, 'app-v1-cpu.pb.gz', 'view=table');
  await expect.poll(async () => (await tableRows(page)).length).toBeGreaterThan(10);
  const note = page.locator('[data-testid=table-matches]');
  await expect(note).toHaveCount(0);

  // Substring, case-insensitive: the two sha256 functions, in pprof's order.
  await page.fill('[data-testid=search]', 'SHA256');
  const sha = all.filter((f) => f.name.toLowerCase().includes('sha256'));
  await expect.poll(() => tableRows(page)).toEqual(sha);
  await expect(note).toHaveText(`${sha.length} of ${all.length} functions match`);

  // Go regex (RE2): every sort. function and nothing else.
  await page.fill('[data-testid=search]', '/^sort\\./');
  const sorts = all.filter((f) => /^sort\./.test(f.name));
  await expect.poll(() => tableRows(page)).toEqual(sorts);
  await expect(note).toHaveText(`${sorts.length} of ${all.length} functions match`);
  await expect(page.locator('[data-testid=search-stats]')).toContainText('of total');

  // An invalid regex says so, and leaves no statistics of the last good search behind.
  await page.fill('[data-testid=search]', '/x**/');
  await expect(page.getByRole('alert')).toHaveText('invalid regular expression "x**": invalid nested repetition operator at "**"');
  await expect(page.locator('[data-testid=search-stats]')).toHaveCount(0);
  await expect(note).toHaveCount(0);
  await expect.poll(async () => (await tableRows(page)).length).toBeGreaterThan(sorts.length);

  // Fixing it brings the matches back; clearing it, every row.
  await page.fill('[data-testid=search]', '/x*/');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.fill('[data-testid=search]', 'nothing-is-called-this');
  await expect(note).toHaveText(`0 of ${all.length} functions match`);
  await expect.poll(async () => (await tableRows(page)).length).toBe(0);
  await page.fill('[data-testid=search]', '');
  await expect.poll(async () => (await tableRows(page))[0]).toEqual(all[0]);

  // The table beside the graph is filtered too.
  await page.click('[data-testid=view-flame]');
  await page.check('[data-testid=table-beside]');
  await page.fill('[data-testid=search]', 'sha256');
  await expect.poll(() => tableRows(page)).toEqual(sha);
});

test('every column sorts, both ways, with aria-sort', async ({ page }) => {
  const all = topGolden('app-v1-cpu__sample_index-cpu').functions;
  await open(page, 'app-v1-cpu.pb.gz', 'view=table');
  await expect.poll(async () => (await tableRows(page))[0]).toEqual(all[0]);
  const header = (label: string) => page.locator('[data-testid=top-table] .top-header').getByRole('button', { name: label, exact: true });
  const sortOf = async () => page.locator('[data-testid=top-table] .top-header [aria-sort]:not([aria-sort=none])').evaluateAll((h) => h.map((e) => `${e.getAttribute('data-column')} ${e.getAttribute('aria-sort')}`));
  await expect.poll(sortOf).toEqual(['flat descending']);

  // First rows of each order (the table is virtualized: the top of it is in the page).
  const first = (rows: typeof all, n: number) => rows.slice(0, n).map((r) => r.name);
  const shown = async () => (await tableRows(page)).map((r) => r.name);
  const by = (value: (f: (typeof all)[0]) => number) => [...all].sort((a, b) => value(b) - value(a));
  const check = async (label: string, column: string, firstWay: 'ascending' | 'descending', expected: (typeof all)[0][]) => {
    await header(label).click();
    await expect.poll(sortOf).toEqual([`${column} ${firstWay}`]);
    const n = Math.min(15, expected.length);
    await expect.poll(async () => (await shown()).slice(0, n)).toEqual(first(expected, n));
    await header(label).click();
    await expect.poll(sortOf).toEqual([`${column} ${firstWay === 'ascending' ? 'descending' : 'ascending'}`]);
    const reversed = [...expected].reverse();
    await expect.poll(async () => (await shown()).slice(0, n)).toEqual(first(reversed, n));
  };
  const flatOrder = [...all];
  const cumOrder = by((f) => f.cum);
  const nameOrder = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // cum ties are in pprof's (flat) order; compare values there, names elsewhere.
  await header('cum').click();
  await expect.poll(sortOf).toEqual(['cum descending']);
  await expect.poll(async () => (await tableRows(page)).slice(0, 10).map((r) => r.cum)).toEqual(cumOrder.slice(0, 10).map((r) => r.cum));
  await header('cum').click();
  await expect.poll(sortOf).toEqual(['cum ascending']);
  await expect.poll(async () => (await tableRows(page)).slice(0, 10).map((r) => r.cum)).toEqual([...cumOrder].reverse().slice(0, 10).map((r) => r.cum));
  await header('cum%').click();
  await expect.poll(sortOf).toEqual(['cumShare descending']);
  await expect.poll(async () => (await tableRows(page)).slice(0, 10).map((r) => r.cum)).toEqual(cumOrder.slice(0, 10).map((r) => r.cum));
  await check('name', 'name', 'ascending', nameOrder);
  // sum% adds up flat down the rows: in name order that is no figure anyone reads.
  await expect(page.locator('[data-testid=top-row] .sum-share').first()).toHaveText('–');
  await check('flat%', 'flatShare', 'descending', flatOrder);
  await check('sum%', 'sumShare', 'descending', flatOrder);
  await check('flat', 'flat', 'descending', flatOrder);
});

/** The file's samples (before any merging) that carry label key=value: what go tool pprof -tagfocus keeps. */
function samplesLabelled(file: string, key: string, value: string): { all: number; kept: number } {
  const ref = PProfile.decode(gunzipSync(readFileSync(`${fixtures}${file}`)));
  const strings = ref.stringTable.strings;
  const kept = ref.sample.filter((s) => s.label.some((l) => strings[Number(l.key)] === key && strings[Number(l.str)] === value)).length;
  return { all: ref.sample.length, kept };
}

test('counts are short with the exact number in a tooltip, samples follow the filters, zoom shows its share', async ({ page }) => {
  // alloc_objects is a count: 24223034 reads 24.2M.
  await open(page, 'app-v1-heap.pb.gz', 'si=alloc_objects');
  const total = page.locator('[data-testid=profile-total]');
  await expect(total).toContainText('Total 24.2M');
  await expect(page.locator('[data-testid=total-value]')).toHaveAttribute('title', /24,223,034/);

  const { all, kept } = samplesLabelled('app-v1-cpu.pb.gz', 'endpoint', '/api/v1/orders');
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(all);
  await open(page, 'app-v1-cpu.pb.gz', 'view=icicle');
  await expect(page.locator('[data-testid=sample-count]')).toHaveText(`${all.toLocaleString('en-US')} samples`);
  await page.evaluate(() => (location.hash = '#view=icicle&tf=endpoint%3D%2Fapi%2Fv1%2Forders'));
  await expect(page.locator('[data-testid=sample-count]')).toHaveText(`${kept.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} samples`);
  await page.evaluate(() => (location.hash = '#view=icicle'));
  await expect(page.locator('[data-testid=sample-count]')).toHaveText(`${all.toLocaleString('en-US')} samples`);

  // Zoomed into main.queryDatabase (icicle row 5): its share of the total.
  await expect(page.locator('[data-testid=zoom-share]')).toHaveCount(0);
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + 18 * 5 + 9);
  await expect(page.locator('[data-testid=breadcrumbs] button.current')).toContainText('main.queryDatabase');
  const share = page.locator('[data-testid=zoom-share]');
  await expect(share).toHaveText(/^zoomed: main\.queryDatabase [\d.]+% of total$/);
  const value = Number(await share.getAttribute('data-value'));
  const cpuTotal = topGolden('app-v1-cpu__sample_index-cpu').total;
  const pct = (value / cpuTotal) * 100;
  expect(pct).toBeGreaterThan(0);
  expect(pct).toBeLessThan(100);
  expect(await share.innerText()).toContain(`${pct >= 10 ? pct.toFixed(1) : pct.toFixed(2)}% of total`);
  await page.click('[data-testid=reset-zoom]');
  await expect(share).toHaveCount(0);

  // Under a tag filter: the share of the total and of what is shown.
  await page.evaluate(() => (location.hash = '#view=icicle&tf=endpoint%3D%2Fapi%2Fv1%2Forders&z=main.main.func1&z=main.handleRequest&z=runtime%2Fpprof.Do'));
  await expect(share).toHaveText(/^zoomed: runtime\/pprof\.Do [\d.]+% of total, [\d.]+% of shown$/);
  const shownPct = Number(/, ([\d.]+)% of shown/.exec(await share.innerText())![1]);
  expect(shownPct).toBeGreaterThan(99);
});
