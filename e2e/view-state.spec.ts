import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, startServe, serveForSpec } from './app-server.js';
import { openFixture } from './app-page.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

// The view state and the location hash agree, both ways (issue 11, defects 2, 3 and 10): a failed
// query leaves a consistent view, a reload restores the active tab in its state, and a
// hand-edited hash is applied as written or says what it could not apply.

const server = serveForSpec();

const graph = (page: Page) => page.locator('[data-testid=flamegraph]');
const hashParams = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));
const activeTabName = (page: Page) => page.locator('[data-testid=tab][aria-selected=true] .tab-name');

test('a query that fails leaves the last good graph with its own sample type, filters and total (defect 2)', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-heap.pb.gz');
  const select = page.locator('[data-testid=sample-type]');
  await expect(select).toHaveValue('3');
  const total = await page.locator('[data-testid=profile-total]').innerText();
  expect(total).toMatch(/B\b/);
  // A sample type in another unit with an invalid focus regex: the query fails.
  await page.evaluate(() => (location.hash = `#si=alloc_objects&f=${encodeURIComponent('main.(bad')}`));
  await expect(page.getByRole('alert')).toContainText('invalid regular expression "main.(bad"');
  // The graph is the last good one, and everything around it says so.
  await expect(select).toHaveValue('3');
  await expect(page.locator('[data-testid=profile-total]')).toHaveText(total);
  await expect(page.locator('[data-testid=filter-chip]')).toHaveCount(0);
  await expect.poll(() => hashParams(page)).toMatchObject({ si: 'inuse_space' });
  expect((await hashParams(page)).f).toBeUndefined();
  // The next good query clears the error.
  await page.evaluate(() => (location.hash = '#si=alloc_space'));
  await expect(select).toHaveValue('1');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('reload restores the active tab of several, active, in its state (defect 3)', async ({ page }) => {
  const serve = await startServe([`${fixtures}app-v1-cpu.pb.gz`, `${fixtures}app-v1-heap.pb.gz`]);
  try {
    await page.goto(serve.url);
    await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
    await expect(page.locator('[data-testid=flamegraph][data-profile="app-v1-heap.pb.gz"]')).toHaveAttribute('data-ready', 'true');

    // The first tab, in a state of its own.
    await page.locator('[data-testid=tab]').first().locator('.tab-name').click();
    await expect(graph(page)).toHaveAttribute('data-profile', 'app-v1-cpu.pb.gz');
    await page.click('[data-testid=view-icicle]');
    await page.fill('[data-testid=search]', 'sort');
    await expect.poll(() => hashParams(page)).toMatchObject({ view: 'icicle', q: 'sort' });
    await page.reload();
    await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
    await expect(page.locator('[data-testid=tab]').nth(1)).not.toHaveClass(/loading/);
    await expect(activeTabName(page)).toHaveText('app-v1-cpu.pb.gz');
    await expect(graph(page)).toHaveAttribute('data-profile', 'app-v1-cpu.pb.gz');
    await expect(graph(page)).toHaveAttribute('data-view', 'icicle');
    await expect(page.locator('[data-testid=search]')).toHaveValue('sort');

    // The second tab: its sample type comes back on it, not on the first.
    await page.locator('[data-testid=tab]').nth(1).locator('.tab-name').click();
    await page.locator('[data-testid=sample-type]').selectOption({ label: 'alloc_space (bytes)' });
    await expect.poll(() => hashParams(page)).toMatchObject({ si: 'alloc_space' });
    await page.reload();
    await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
    await expect(graph(page)).toHaveAttribute('data-profile', 'app-v1-heap.pb.gz');
    await expect(graph(page)).toHaveAttribute('data-ready', 'true');
    await expect(activeTabName(page)).toHaveText('app-v1-heap.pb.gz');
    await expect(page.locator('[data-testid=sample-type] option:checked')).toHaveText('alloc_space (bytes)');
    // The first tab kept its own defaults.
    await page.locator('[data-testid=tab]').first().locator('.tab-name').click();
    await expect(graph(page)).toHaveAttribute('data-view', 'flame');
    await expect(page.locator('[data-testid=search]')).toHaveValue('');
  } finally {
    serve.stop();
  }
});

test('reload restores a remote tab opened beside the files named at start, active, in its state (defect 3)', async ({ page }) => {
  const heap = readFileSync(`${fixtures}app-v1-heap.pb.gz`);
  const upstream = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(heap));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const source = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/debug/pprof/heap`;
  const serve = await startServe([`${fixtures}app-v1-cpu.pb.gz`]);
  try {
    await page.goto(serve.url);
    await expect(graph(page)).toHaveAttribute('data-ready', 'true');
    await page.evaluate((src) => (location.hash = `#src=${encodeURIComponent(src)}`), source);
    const remote = page.locator(`[data-testid=flamegraph][data-source="${source}"]`);
    await expect(remote).toHaveAttribute('data-ready', 'true');
    await page.click('[data-testid=view-icicle]');
    await expect.poll(() => hashParams(page)).toMatchObject({ src: source, view: 'icicle' });
    await page.reload();
    await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
    await expect(remote).toHaveAttribute('data-ready', 'true');
    await expect(remote).toHaveAttribute('data-view', 'icicle');
    await expect(page.locator('[data-testid=tab]').nth(1)).toHaveAttribute('aria-selected', 'true');
  } finally {
    serve.stop();
    await new Promise((resolve) => upstream.close(resolve));
  }
});

test('a hand-edited hash: deleting q clears the search (defect 10)', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.evaluate(() => (location.hash = '#view=flame&q=sort'));
  await expect(page.locator('[data-testid=search-stats]')).toContainText('of total');
  await page.evaluate(() => (location.hash = '#view=flame'));
  await expect(page.locator('[data-testid=search]')).toHaveValue('');
  await expect(page.locator('[data-testid=search-stats]')).toHaveCount(0);
});

test('a hand-edited hash: an unknown sample type or view is named in a notice (defect 10)', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-heap.pb.gz');
  await page.evaluate(() => (location.hash = '#view=icicle&si=bogus'));
  await expect(graph(page)).toHaveAttribute('data-view', 'icicle');
  await expect(page.locator('[data-testid=hash-notice]')).toContainText('"bogus"');
  await expect(page.locator('[data-testid=hash-notice]')).toContainText('inuse_space');
  await page.evaluate(() => (location.hash = '#view=sideways&si=alloc_space'));
  await expect(page.locator('[data-testid=hash-notice]')).toContainText('"sideways"');
  await expect(page.locator('[data-testid=hash-notice]')).not.toContainText('bogus');
  await page.screenshot({ path: 'test-results/hash-notice.png' });
  await expect(page.locator('[data-testid=sample-type] option:checked')).toHaveText('alloc_space (bytes)');
  // A hash that applies cleanly clears the notice; so does its close button.
  await page.evaluate(() => (location.hash = '#view=flame&si=alloc_space'));
  await expect(page.locator('[data-testid=hash-notice]')).toHaveCount(0);
  await page.evaluate(() => (location.hash = '#view=diff'));
  await expect(page.locator('[data-testid=hash-notice]')).toContainText('"diff"');
  await page.locator('[data-testid=hash-notice] button').click();
  await expect(page.locator('[data-testid=hash-notice]')).toHaveCount(0);
});

test('a hand-edited hash: closing the last tab clears it (defect 10)', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=view-table]');
  await expect.poll(() => hashParams(page)).toMatchObject({ view: 'table' });
  await page.getByRole('button', { name: 'Close app-v1-cpu.pb.gz' }).click();
  await expect(page.locator('[data-testid=open-example]')).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe('');
  // A new tab starts from its defaults, not from the closed one's state.
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await expect(graph(page)).toHaveAttribute('data-view', 'flame');
});

test('a hand-edited hash naming another tab activates it; one naming no open tab says so (defect 3, 10)', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await openFixture(page, 'app-v1-heap.pb.gz');
  await page.evaluate(() => (location.hash = '#tab=app-v1-cpu.pb.gz&view=icicle'));
  await expect(activeTabName(page)).toHaveText('app-v1-cpu.pb.gz');
  await expect(graph(page)).toHaveAttribute('data-view', 'icicle');
  await page.evaluate(() => (location.hash = '#tab=gone.pb.gz&view=flame'));
  await expect(page.locator('[data-testid=hash-notice]')).toContainText('"gone.pb.gz"');
  await expect(graph(page)).toHaveAttribute('data-view', 'flame');
  // The hash is written back for the tab it was applied to.
  await expect.poll(() => hashParams(page)).toMatchObject({ tab: 'app-v1-cpu.pb.gz', view: 'flame' });
});

test('reload of a tab that does not come back (a file opened from disk in web mode) says so (defect 3)', async ({ page }) => {
  const serve = await startServe([`${fixtures}app-v1-cpu.pb.gz`]);
  try {
    await page.goto(`${serve.url}#tab=dropped.pb.gz&view=table`);
    await expect(graph(page)).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('[data-testid=hash-notice]')).toContainText('"dropped.pb.gz", which is not open');
    // Its state is not put on another tab.
    await expect(graph(page)).toHaveAttribute('data-view', 'flame');
  } finally {
    serve.stop();
  }
});
