import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec, topGolden } from './app-server.js';
import { openFixture, tableRows } from './app-page.js';
import { canvasShot, saturation } from './canvas-pixels.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

test('opens a profile, draws the flame graph, and the table equals go tool pprof', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  expect(await page.evaluate(() => performance.getEntriesByName('flamedeck:first-paint').length)).toBe(1);
  expect(Number(await page.locator('[data-testid=flamegraph]').getAttribute('data-rects'))).toBeGreaterThan(100);
  await page.click('[data-testid=view-table]');
  const rows = await tableRows(page);
  const expected = topGolden('app-v1-cpu__sample_index-cpu').functions.slice(0, rows.length);
  expect(rows.length).toBeGreaterThan(10);
  expect(rows).toEqual(expected);
  await expect(page).toHaveURL(/view=table/);
});

test('flame and icicle, click to zoom, breadcrumbs, Esc and reset', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-view', 'flame');
  await page.click('[data-testid=view-icicle]');
  await expect(graph).toHaveAttribute('data-view', 'icicle');
  // Icicle: the root row is at the top; row 7 (main.queryDatabase region) is wide in the middle.
  const canvas = page.locator('[data-testid=flame-canvas]');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + 18 * 5 + 9);
  await expect(page.locator('[data-testid=tooltip]')).toContainText('main.queryDatabase');
  await expect(page.locator('[data-testid=tooltip]')).toContainText('of all');
  await page.mouse.click(box.x + box.width * 0.5, box.y + 18 * 5 + 9);
  await expect(page.locator('[data-testid=breadcrumbs]')).toContainText('main.queryDatabase');
  await expect(page.locator('[data-testid=reset-zoom]')).toBeVisible();
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=breadcrumbs] button.current')).toHaveText('main.handleRequest.func1');
  await page.click('[data-testid=reset-zoom]');
  await expect(page.locator('[data-testid=reset-zoom]')).toHaveCount(0);
});

test('search highlights matches and reports their share', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.keyboard.press('/');
  await expect(page.locator('[data-testid=search]')).toBeFocused();
  await page.keyboard.type('sha256');
  // crypto/sha256.block alone is 2.76s (35.7%) in pprof; the matched samples include it.
  await expect(page.locator('[data-testid=search-stats]')).toContainText(/of total, \d+ functions?/);
  const text = await page.locator('[data-testid=search-stats]').innerText();
  expect(Number(/([\d.]+)% of total/.exec(text)![1])).toBeGreaterThanOrEqual(35.7);
  await expect(page).toHaveURL(/q=sha256/);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid=breadcrumbs] button.current')).toContainText('sha256');
});

test('tag filter: include one endpoint; numbers equal pprof -tagfocus', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=toggle-tags]');
  const orders = page.locator('[data-testid=tag-key][data-key=endpoint] [data-testid=tag-value][data-value="/api/v1/orders"]');
  await expect(orders).toBeVisible();
  await orders.getByRole('button', { name: 'only' }).click();
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('endpoint=^/api/v1/orders$');
  await page.click('[data-testid=view-table]');
  await expect(page.locator('[data-testid=flamegraph], [data-testid=top-table]').first()).toBeVisible();
  const expected = topGolden('app-v1-cpu__tagfocus-endpoint=_api_v1_orders').functions;
  await expect.poll(async () => (await tableRows(page))[0]).toEqual(expected[0]);
  const rows = await tableRows(page);
  expect(rows).toEqual(expected.slice(0, rows.length));
  await expect(page).toHaveURL(/tf=endpoint/);
  // Removing the chip brings every sample back.
  await page.locator('[data-testid=filter-chip] button').click();
  await expect.poll(async () => (await tableRows(page))[0]).toEqual(topGolden('app-v1-cpu__sample_index-cpu').functions[0]);
});

test('sample type switch lists every type with units', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-heap.pb.gz');
  const select = page.locator('[data-testid=sample-type]');
  await expect(select.locator('option')).toHaveText(['alloc_objects (count)', 'alloc_space (bytes)', 'inuse_objects (count)', 'inuse_space (bytes)']);
  await expect(select).toHaveValue('3');
  await select.selectOption({ label: 'alloc_space (bytes)' });
  await page.click('[data-testid=view-table]');
  const expected = topGolden('app-v1-heap__sample_index-alloc_space').functions;
  await expect.poll(async () => (await tableRows(page))[0]).toEqual(expected[0]);
  await expect(page).toHaveURL(/si=alloc_space/);
});

test('refine from the context menu: hide, then undo', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=view-icicle]');
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  // Row 3 is runtime/pprof.Do, full width.
  await page.mouse.click(box.x + 200, box.y + 18 * 3 + 9, { button: 'right' });
  await expect(page.getByRole('menu')).toContainText('runtime/pprof.Do');
  await page.getByRole('menuitem', { name: 'Hide this frame' }).click();
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('hide ^runtime/pprof\\.Do$');
  await page.click('[data-testid=view-table]');
  // By cum, runtime/pprof.Do (under nearly every sample) is among the first rows, unless hidden.
  await page.getByRole('button', { name: 'cum', exact: true }).click();
  const listed = async () => {
    const rows = await tableRows(page);
    return rows.length === 0 ? 'no rows yet' : rows.some((r) => r.name === 'runtime/pprof.Do');
  };
  await expect.poll(listed).toBe(false);
  await page.click('[data-testid=undo-filter]');
  await expect.poll(listed).toBe(true);
  await expect(page.locator('[data-testid=filter-chip]')).toHaveCount(0);
});

test('a corrupt file gets a clear message and other tabs are untouched', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.setInputFiles('[data-testid=open-file]', { name: 'broken.pb.gz', mimeType: 'application/gzip', buffer: readFileSync(`${fixtures}app-v1-cpu.pb.gz`).subarray(0, 4000) });
  await expect(page.locator('[data-testid=open-error]')).toContainText('broken.pb.gz');
  await expect(page.locator('[data-testid=open-error]')).toContainText('truncated');
  await page.setInputFiles('[data-testid=open-file]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a profile at all\n') });
  await expect(page.locator('[data-testid=open-error]')).toContainText('notes.txt: This is not a pprof profile — it looks like text.');
  await expect(page.locator('[data-testid=tab]')).toHaveCount(3);
  await page.locator('[data-testid=tab]').first().locator('.tab-name').click();
  await expect(page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
});

test('two profiles in two tabs keep their own view state', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.fill('[data-testid=search]', 'sort');
  await openFixture(page, 'app-v2-cpu.pb.gz');
  await expect(page.locator('[data-testid=search]')).toHaveValue('');
  await page.click('[data-testid=view-icicle]');
  await page.locator('[data-testid=tab]').first().locator('.tab-name').click();
  await expect(page.locator('[data-testid=search]')).toHaveValue('sort');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-view', 'flame');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-profile', 'app-v1-cpu.pb.gz');
});

test('the example profile is one click away on the start screen', async ({ page }) => {
  await page.goto(server.url);
  await page.click('[data-testid=open-example]');
  await expect(page.locator('[data-testid=flamegraph][data-profile="example-go-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
});

test('view state comes from the hash on load and on later changes', async ({ page }) => {
  await page.goto(`${server.url}#view=table&si=samples&tf=customer_tier%3Dfree`);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v1-cpu.pb.gz`);
  await expect(page.locator('[data-testid=top-table]')).toBeVisible();
  await expect(page.locator('[data-testid=sample-type]')).toHaveValue('0');
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('customer_tier=free');
  await page.evaluate(() => (location.hash = '#view=icicle&q=json'));
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-view', 'icicle');
  await expect(page.locator('[data-testid=search]')).toHaveValue('json');
  // pprof's focus/ignore/hide keys.
  // Hiding sort.partition (the top function under the focus) moves sort.pdqsort to the top, as in pprof.
  await page.evaluate(() => (location.hash = '#view=table&f=sort%5C.&h=partition'));
  await expect(page.locator('[data-testid=filter-chip]')).toContainText(['focus sort\\.', 'hide partition']);
  await expect
    .poll(async () => {
      const rows = await tableRows(page);
      return { first: rows[0]?.name, partition: rows.filter((r) => r.name.includes('partition')).length };
    })
    .toEqual({ first: 'sort.pdqsort', partition: 0 });
});

test('a 50,000-frame-deep stack opens and draws', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'edge-deep-stack.pb.gz');
  const rows = await page.evaluate(() => document.querySelector('.flame-spacer')!.clientHeight / 18);
  expect(rows).toBeGreaterThanOrEqual(50_001);
  // The flame graph opens at its root, drawn in the bottom row.
  const shot = await canvasShot(page);
  expect(saturation(shot.at(Math.floor(shot.width / 2), shot.height - 9))).toBeGreaterThanOrEqual(30);
});
