import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { TopGolden } from '../test/golden-helpers.js';
import { fixtures, hasChromium, startServe, serveForSpec, topGolden } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');


const server = serveForSpec();

async function openBoth(page: Page, base: string, target: string) {
  await page.goto(server.url);
  for (const file of [base, target]) {
    await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
    await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
  }
  await page.locator('[data-testid=compare-with]').selectOption({ label: `base: ${base}` });
}

async function deltaRows(page: Page) {
  return page.locator('[data-testid=diff-row]').evaluateAll((rows) =>
    rows.map((r) => ({
      name: r.getAttribute('data-name')!,
      flat: Number(r.getAttribute('data-flat')),
      cum: Number(r.getAttribute('data-cum')),
      baseFlat: Number(r.getAttribute('data-base-flat')),
      baseCum: Number(r.getAttribute('data-base-cum')),
    })),
  );
}

/** pprof -diff_base's per-function numbers: target − base, from each side's go tool pprof -top. */
function expectedDeltas(baseGolden: TopGolden, targetGolden: TopGolden) {
  const byName = new Map<string, { flat: number; cum: number; baseFlat: number; baseCum: number }>();
  for (const f of baseGolden.functions) byName.set(f.name, { flat: -f.flat, cum: -f.cum, baseFlat: f.flat, baseCum: f.cum });
  for (const f of targetGolden.functions) {
    const row = byName.get(f.name) ?? { flat: 0, cum: 0, baseFlat: 0, baseCum: 0 };
    byName.set(f.name, { ...row, flat: row.flat + f.flat, cum: row.cum + f.cum });
  }
  return byName;
}

test('Compare with… opens base → target: the diff graph, and delta rows equal pprof per side', async ({ page }) => {
  await openBoth(page, 'app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz');
  const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
  await expect(diff).toHaveAttribute('data-ready', 'true');
  await expect(diff).toHaveAttribute('data-profile', 'app-v1-cpu.pb.gz → app-v2-cpu.pb.gz');
  await expect(page).toHaveURL(/view=diff/);
  await expect(page.locator('[data-testid=diff-legend]')).toContainText('grew');

  await page.click('[data-testid=view-table]');
  const expected = expectedDeltas(topGolden('app-v1-cpu__sample_index-cpu'), topGolden('app-v2-cpu__sample_index-cpu'));
  const rows = await deltaRows(page);
  expect(rows.length).toBeGreaterThan(20);
  for (const row of rows) expect({ name: row.name, ...expected.get(row.name)! }).toEqual(row);
  // A delta column sorts grew-most first, and a second click shrank-most first.
  await page.click('[data-testid=delta-sort-deltaCum]');
  const grew = (await deltaRows(page)).map((r) => r.cum);
  expect(grew).toEqual([...grew].sort((a, b) => b - a));
  expect(grew[0]).toBeGreaterThan(0);
  await page.click('[data-testid=delta-sort-deltaCum]');
  const shrank = (await deltaRows(page)).map((r) => r.cum);
  expect(shrank).toEqual([...shrank].sort((a, b) => a - b));
  expect(shrank[0]).toBeLessThan(0);
  // Shrinking reads with one minus sign, the same in the value and the share.
  const firstShrunk = page.locator('[data-testid=diff-row]').first();
  await expect(firstShrunk).toContainText(/−[\d.]+m?s\s*−[\d.]+m?s\s*−[\d.<]+%/);
  await expect(firstShrunk).not.toContainText('-');
  // The regression v2 brings: a function only in the target.
  await page.fill('[data-testid=search]', 'newFeature');
  await expect(page.locator('[data-testid=delta-count]')).toContainText('of');
  const fresh = await deltaRows(page);
  expect(fresh.map((r) => r.name)).toContain('main.newFeature');
  expect(fresh.find((r) => r.name === 'main.newFeature')).toMatchObject({ baseFlat: 0, baseCum: 0 });
});

test('side by side: two graphs with their own totals, zoomed together by path of names', async ({ page }) => {
  await openBoth(page, 'app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz');
  await page.click('[data-testid=view-sbs]');
  const base = page.locator('[data-testid=flamegraph][data-side=base]');
  const target = page.locator('[data-testid=flamegraph][data-side=target]');
  await expect(base).toHaveAttribute('data-ready', 'true');
  await expect(target).toHaveAttribute('data-ready', 'true');
  // Hover lights the same call path up on the other side.
  const baseCanvas = (await base.locator('[data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.move(baseCanvas.x + 40, baseCanvas.y + baseCanvas.height - 18 - 9);
  await expect(target.locator('[data-testid=linked-frame]')).toBeVisible();
  await expect(base.locator('[data-testid=linked-frame]')).toHaveCount(0);
  await page.mouse.move(baseCanvas.x + 40, baseCanvas.y + 2);
  await expect(target.locator('[data-testid=linked-frame]')).toHaveCount(0);
  // Zoom to a path only the target has: the base says so.
  await page.evaluate(() => (location.hash = '#view=sbs&z=main.main.func1&z=main.handleRequest&z=runtime%2Fpprof.Do&z=main.handleRequest.func1&z=main.newFeature'));
  await expect(page.locator('[data-testid=zoom-missing-base]')).toContainText('main.newFeature');
  await expect(page.locator('[data-testid=zoom-missing-target]')).toHaveCount(0);
  await expect(page.locator('[data-testid=breadcrumbs] button.current')).toHaveText('main.newFeature');
});

test('Swap makes the target the base', async ({ page }) => {
  await openBoth(page, 'app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz');
  await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
  await page.click('[data-testid=swap]');
  const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
  await expect(diff).toHaveAttribute('data-profile', 'app-v2-cpu.pb.gz → app-v1-cpu.pb.gz');
  await expect(diff).toHaveAttribute('data-ready', 'true');
  await page.click('[data-testid=view-table]');
  const expected = expectedDeltas(topGolden('app-v2-cpu__sample_index-cpu'), topGolden('app-v1-cpu__sample_index-cpu'));
  for (const row of await deltaRows(page)) expect({ name: row.name, ...expected.get(row.name)! }).toEqual(row);
});

test('heap profiles compare on the sample type chosen by name; profiles with none in common say so', async ({ page }) => {
  await openBoth(page, 'app-v1-heap.pb.gz', 'app-v2-heap.pb.gz');
  await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
  await page.locator('[data-testid=sample-type]').selectOption({ label: 'alloc_space (bytes)' });
  await page.click('[data-testid=view-table]');
  const expected = expectedDeltas(topGolden('app-v1-heap__sample_index-alloc_space'), topGolden('app-v2-heap__sample_index-alloc_space'));
  await expect.poll(async () => (await deltaRows(page)).every((row) => JSON.stringify({ name: row.name, ...expected.get(row.name) }) === JSON.stringify(row))).toBe(true);

  await openBoth(page, 'app-v1-mutex.pb.gz', 'app-v1-cpu.pb.gz');
  await expect(page.getByText(/have no sample type in common/)).toBeVisible();
});

test('a pprof diff file opens as the comparison it holds (it used to draw nothing)', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}diff-v2-minus-v1-cpu.pb.gz`);
  const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
  await expect(diff).toHaveAttribute('data-ready', 'true');
  expect(Number(await diff.getAttribute('data-rects'))).toBeGreaterThan(100);
  await page.click('[data-testid=view-table]');
  const expected = expectedDeltas(topGolden('app-v1-cpu__sample_index-cpu'), topGolden('app-v2-cpu__sample_index-cpu'));
  const rows = await deltaRows(page);
  expect(rows.length).toBeGreaterThan(20);
  for (const row of rows) expect({ name: row.name, ...expected.get(row.name)! }).toEqual(row);
  // Its two sides change places without a second decode.
  await page.click('[data-testid=swap]');
  const swapped = expectedDeltas(topGolden('app-v2-cpu__sample_index-cpu'), topGolden('app-v1-cpu__sample_index-cpu'));
  await expect.poll(async () => (await deltaRows(page)).every((row) => JSON.stringify({ name: row.name, ...swapped.get(row.name) }) === JSON.stringify(row))).toBe(true);
});

test('a stopped comparison update goes back to the graph on screen, reloading behind it', async ({ page }) => {
  await openBoth(page, 'app-v1-heap.pb.gz', 'app-v2-heap.pb.gz');
  const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
  await expect(diff).toHaveAttribute('data-ready', 'true');
  await page.evaluate(() => window.__flamedeckTest!.stallNext('query'));
  await page.locator('[data-testid=sample-type]').selectOption({ label: 'alloc_space (bytes)' });
  await expect(page.locator('[data-testid=busy]')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=stopped]')).toContainText('Showing the last result');
  await expect(diff).toBeVisible();
  await expect(diff).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=sample-type]')).toHaveValue('3');
});

test('with a tag filter on both sides, delta rows equal go tool pprof -top -diff_base', async ({ page }) => {
  const diffGolden = JSON.parse(
    readFileSync(new URL('../test/goldens/diff__app-v1-cpu__app-v2-cpu__sample_index-cpu__tagfocus-endpoint=_api_v1_orders.json', import.meta.url), 'utf8'),
  ) as { total: number; functions: { name: string; flat: number; cum: number }[] };
  await openBoth(page, 'app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz');
  await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
  // The Tags panel lists both sides' labels; "only" filters both.
  await page.click('[data-testid=view-table]');
  await page.click('[data-testid=toggle-tags]');
  const orders = page.locator('[data-testid=tag-key][data-key=endpoint] [data-testid=tag-value][data-value="/api/v1/orders"]');
  await orders.getByRole('button', { name: 'only' }).click();
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('endpoint=^/api/v1/orders$');
  const expected = new Map(diffGolden.functions.map((f) => [f.name, f]));
  await expect
    .poll(async () => {
      const rows = await deltaRows(page);
      // pprof leaves out functions whose diff is zero both ways.
      const shown = rows.filter((r) => r.flat !== 0 || r.cum !== 0);
      return shown.length > 10 && shown.every((r) => expected.get(r.name)?.flat === r.flat && expected.get(r.name)?.cum === r.cum);
    })
    .toBe(true);
});

test('flamedeck serve --base BASE TARGET opens the app on the comparison', async ({ page }) => {
  const comparing = await startServe([`${fixtures}app-v2-cpu.pb.gz`], ['serve', '--port', '0', '--base', `${fixtures}app-v1-cpu.pb.gz`]);
  try {
    await page.goto(comparing.url);
    const diff = page.locator('[data-testid=flamegraph][data-mode=diff]');
    await expect(diff).toHaveAttribute('data-ready', 'true');
    await expect(diff).toHaveAttribute('data-profile', 'app-v1-cpu.pb.gz → app-v2-cpu.pb.gz');
    await expect(page.locator('[data-testid=tab]')).toHaveCount(1);
  } finally {
    comparing.stop();
  }
});

test('the sandwich of a comparison: both sides aligned, each side pprof -peek’s numbers', async ({ page }) => {
  await openBoth(page, 'app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz');
  await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
  await page.evaluate(() => (location.hash = '#view=sandwich&si=cpu&sw=runtime.mallocgc'));
  const sandwich = page.locator('[data-testid=sandwich][data-function="runtime.mallocgc"]');
  await expect(sandwich).toHaveAttribute('data-ready', 'true');
  const v1 = JSON.parse(readFileSync(new URL('../test/goldens/peek__app-v1-cpu__regex-runtime_.mallocgc_.json', import.meta.url), 'utf8')) as {
    functions: { name: string; flat: number; cum: number; callers: { name: string; value: number }[] }[];
  };
  const base = v1.functions.find((f) => f.name === 'runtime.mallocgc')!;
  const target = topGolden('app-v2-cpu__sample_index-cpu').functions.find((f) => f.name === 'runtime.mallocgc')!;
  const figures = page.locator('[data-testid=sandwich-figures]');
  await expect(figures).toHaveAttribute('data-base-cum', String(base.cum));
  await expect(figures).toHaveAttribute('data-base-flat', String(base.flat));
  await expect(figures).toHaveAttribute('data-cum', String(target.cum));
  const callers = await page.locator('[data-testid=peek-row][data-kind=caller]').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.getAttribute('data-name')!, base: Number(r.getAttribute('data-base-value')) })),
  );
  for (const edge of base.callers) expect(callers).toContainEqual({ name: edge.name, base: edge.value });
  for (const half of ['callers', 'callees']) await expect(page.locator(`[data-testid=sandwich-graph][data-half=${half}]`)).toHaveAttribute('data-ready', 'true');
});
