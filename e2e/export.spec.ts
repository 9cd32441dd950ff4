import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec, startServe } from './app-server.js';
import { tableRows, type TableRow as Row } from './app-page.js';
import { parseCsv } from '../test/export-helpers.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

/** Issue 11, Export: what is on screen, saved as pprof, folded stacks, CSV, images; copy from the frame menu. */

const server = serveForSpec();
const downloads = mkdtempSync(join(tmpdir(), 'flamedeck-exports-'));

/** A tag filter and a hide, as the hash gives them: the export must carry both. */
const FILTERS = 'tf=endpoint%3D%2Fapi%2Fv1%2Forders&h=runtime%5C.';

async function open(page: Page, file: string, hash = '') {
  await page.goto(`${server.url}${hash ? `#${hash}` : ''}`);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"], [data-testid=top-table], [data-testid=sandwich-graph]`).first()).toBeVisible();
}

/** The table once the query for the hash's filters has answered (its chips are up, its rows stable). */
async function settledRows(page: Page): Promise<Row[]> {
  await expect(page.locator('[data-testid=busy]')).toHaveCount(0);
  await expect.poll(async () => (await tableRows(page)).length).toBeGreaterThan(5);
  return tableRows(page);
}

/** `go tool pprof -top` of a file, every function, values as integers in `unit`. */
function pprofTop(file: string, flags: string[] = [], unit = 'ns'): Row[] {
  const out = execFileSync('go', ['tool', 'pprof', '-top', '-nodefraction=0', '-nodecount=0', `-unit=${unit}`, ...flags, file], { encoding: 'utf8', timeout: 60_000 });
  const rows: Row[] = [];
  for (const line of out.split('\n')) {
    const match = /^\s*(-?\d+)[a-zA-Z]*\s+\S+%\s+\S+%\s+(-?\d+)[a-zA-Z]*\s+\S+%\s+(.+)$/.exec(line);
    // pprof marks a function it saw only inlined; the name is the function's all the same.
    if (match) rows.push({ name: match[3].trim().replace(/ \(inline\)$/, ''), flat: Number(match[1]), cum: Number(match[2]) });
  }
  return rows;
}

/** Every row the app shows is pprof's row of that name, to the unit. */
function expectSameRows(shown: Row[], pprof: Row[]) {
  const byName = new Map(pprof.map((r) => [r.name, r]));
  expect(shown.length).toBeGreaterThan(5);
  for (const row of shown) expect({ name: row.name, ...byName.get(row.name) }).toEqual(row);
}

/** Chooses an Export item and saves the download; resolves with its path and suggested name. */
async function exportItem(page: Page, item: string): Promise<{ path: string; name: string }> {
  const downloading = page.waitForEvent('download');
  await page.click('[data-testid=export-button]');
  await expect(page.locator('[data-testid=export-menu]')).toBeVisible();
  await page.click(`[data-testid=export-${item}]`);
  const download = await downloading;
  const name = download.suggestedFilename();
  const path = join(downloads, `${Date.now()}-${name}`);
  await download.saveAs(path);
  await expect(page.locator('[data-testid=flash]')).toHaveText(`Downloaded ${name}`);
  return { path, name };
}

test('Export › Profile saves the filtered view: go tool pprof -top of it equals the table', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz', `view=table&${FILTERS}`);
  await expect(page.locator('[data-testid=filter-chip]')).toHaveCount(2);
  const shown = await settledRows(page);
  const { path, name } = await exportItem(page, 'pprof');
  expect(name).toBe('app-v1-cpu-filtered.pb.gz');
  const exported = pprofTop(path);
  expectSameRows(shown, exported);
  // And it is what pprof itself makes of the same filters on the original file.
  expect(exported).toEqual(pprofTop(`${fixtures}app-v1-cpu.pb.gz`, ['-tagfocus=endpoint=/api/v1/orders', '-hide=runtime\\.']));
  expect(exported.some((r) => r.name.startsWith('runtime.'))).toBe(false);
});

test('Export › Folded stacks opens again in Flamedeck with the same top table', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz', `view=table&${FILTERS}`);
  await expect(page.locator('[data-testid=filter-chip]')).toHaveCount(2);
  const shown = await settledRows(page);
  const { path, name } = await exportItem(page, 'folded');
  expect(name).toBe('app-v1-cpu-filtered.folded');
  expect(readFileSync(path, 'utf8')).toMatch(/^\S.*;.* \d+$/m);
  await page.setInputFiles('[data-testid=open-file]', path);
  await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
  await page.click('[data-testid=view-table]');
  await expect(page.locator('[data-testid=filter-chip]')).toHaveCount(0);
  await expect.poll(async () => (await settledRows(page)).slice(0, shown.length)).toEqual(shown);
});


test('Export › Table saves the top table as CSV, rows and numbers as shown', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz', `view=table&${FILTERS}`);
  await expect(page.locator('[data-testid=filter-chip]')).toHaveCount(2);
  const shown = await settledRows(page);
  const { path, name } = await exportItem(page, 'csv');
  expect(name).toBe('app-v1-cpu-filtered.csv');
  const text = readFileSync(path, 'utf8');
  // pprof -top's columns, values in the sample type's unit.
  expect(text.split('\r\n')[0]).toBe('name,flat (nanoseconds),flat%,sum%,cum (nanoseconds),cum%');
  const rows = csvRecords(text);
  const asRows = rows.map((r) => ({ name: r.name, flat: Number(r['flat (nanoseconds)']), cum: Number(r['cum (nanoseconds)']) }));
  expect(asRows.slice(0, shown.length)).toEqual(shown);
  expect(rows[0]['flat%']).toMatch(/^\d+\.\d\d$/);
});

test('a comparison exports as pprof -diff_base: go tool pprof -top of it gives the delta table', async ({ page }) => {
  const comparing = await startServe([`${fixtures}app-v2-cpu.pb.gz`], ['serve', '--port', '0', '--base', `${fixtures}app-v1-cpu.pb.gz`]);
  try {
    await page.goto(comparing.url);
    await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true');
    await page.click('[data-testid=view-table]');
    const deltas = async () =>
      page.locator('[data-testid=diff-row]').evaluateAll((rows) =>
        rows.map((r) => ({ name: r.getAttribute('data-name')!, flat: Number(r.getAttribute('data-flat')), cum: Number(r.getAttribute('data-cum')) })),
      );
    await expect.poll(async () => (await deltas()).length).toBeGreaterThan(5);
    // pprof leaves out functions whose diff is zero both ways.
    const shown = (await deltas()).filter((r) => r.flat !== 0 || r.cum !== 0);
    const { path, name } = await exportItem(page, 'pprof');
    expect(name).toBe('app-v2-cpu-vs-app-v1-cpu-diff.pb.gz');
    const exported = pprofTop(path);
    expectSameRows(shown, exported);
    expect(exported).toEqual(pprofTop(`${fixtures}app-v2-cpu.pb.gz`, [`-diff_base=${fixtures}app-v1-cpu.pb.gz`]));

    // The delta table as CSV: target − base per function, as the table shows it.
    const csv = csvRecords(readFileSync((await exportItem(page, 'csv')).path, 'utf8'));
    const csvDeltas = new Map(csv.map((r) => [r.name, { name: r.name, flat: Number(r['flat delta (nanoseconds)']), cum: Number(r['cum delta (nanoseconds)']) }]));
    for (const row of shown) expect(csvDeltas.get(row.name)).toEqual(row);
    // Sorted by Δcum in the table, the CSV comes in that order too.
    await page.click('[data-testid=delta-sort-deltaCum]');
    const firstShown = (await deltas()).slice(0, 10).map((r) => r.name);
    const sortedCsv = csvRecords(readFileSync((await exportItem(page, 'csv')).path, 'utf8'));
    expect(sortedCsv.slice(0, 10).map((r) => r.name)).toEqual(firstShown);
    // Folded stacks of a comparison: difffolded's two columns, base then target.
    const folded = readFileSync((await exportItem(page, 'folded')).path, 'utf8').trimEnd().split('\n');
    expect(folded.length).toBeGreaterThan(10);
    for (const line of folded) expect(line).toMatch(/^\S.* \d+ \d+$/);
  } finally {
    comparing.stop();
  }
});

test('the Export menu works from the keyboard, says why an item does not apply, and Esc closes it', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz', 'view=table');
  await expect(page.locator('[data-testid=top-row]').first()).toBeVisible();
  const button = page.locator('[data-testid=export-button]');
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Export' });
  await expect(menu).toBeVisible();
  await expect(page.locator('[data-testid=export-pprof]')).toBeFocused();
  // The table view draws no graph: no image of it.
  for (const item of ['svg', 'png']) {
    await expect(page.locator(`[data-testid=export-${item}]`)).toHaveAttribute('aria-disabled', 'true');
    await expect(page.locator(`[data-testid=export-${item}]`)).toHaveAttribute('title', /flame, icicle or diff graph/);
  }
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid=export-svg]')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('[data-testid=export-pprof]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();
  // Esc closed the menu only: the view is as it was.
  await expect(page.locator('[data-testid=top-row]').first()).toBeVisible();
});

test('Copy function name and Copy stack put the frame and its call path, leaf first, on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  // Zoomed in: the stack still names the frames above the zoom root.
  const zoom = ['main.main.func1', 'main.handleRequest', 'runtime/pprof.Do'];
  await open(page, 'app-v1-cpu.pb.gz', `view=icicle&${zoom.map((z) => `z=${encodeURIComponent(z)}`).join('&')}`);
  const graph = page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=breadcrumbs]')).toContainText('runtime/pprof.Do');
  const canvas = (await graph.locator('[data-testid=flame-canvas]').boundingBox())!;
  // Icicle: row 0 is the root, rows 1–3 the zoom path, row 4 the zoom root's first child.
  await page.mouse.click(canvas.x + 4, canvas.y + 4 * 18 + 9, { button: 'right' });
  const name = await page.locator('.frame-menu-title').innerText();
  expect(name).not.toBe('');
  await page.locator('[data-testid=copy-name]').click();
  await expect(page.locator('[data-testid=flash]')).toHaveText('Copied the function name');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(name);

  await page.mouse.click(canvas.x + 4, canvas.y + 4 * 18 + 9, { button: 'right' });
  await page.locator('[data-testid=copy-stack]').click();
  await expect(page.locator('[data-testid=flash]')).toHaveText('Copied a stack of 4 frames');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${[name, ...[...zoom].reverse()].join('\n')}\n`);
});

test('Copy stack in a sandwich: the callers half reads from the function up to its callers', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await open(page, 'app-v1-cpu.pb.gz', 'view=sandwich&sw=main.parseJSON');
  const callers = page.locator('[data-testid=sandwich-graph][data-half=callers]');
  await expect(callers).toHaveAttribute('data-ready', 'true');
  const canvas = (await callers.locator('[data-testid=flame-canvas]').boundingBox())!;
  // The callers grow upward from the function, on the last whole row: its caller is one row up.
  const rows = Math.floor(canvas.height / 18);
  await page.mouse.click(canvas.x + 4, canvas.y + (rows - 2) * 18 + 9, { button: 'right' });
  const caller = await page.locator('.frame-menu-title').innerText();
  await page.locator('[data-testid=copy-stack]').click();
  await expect(page.locator('[data-testid=flash]')).toHaveText('Copied a stack of 2 frames');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`main.parseJSON\n${caller}\n`);
});

test('Export › SVG and PNG images download the graph on screen with the right type', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz', `view=flame&${FILTERS}`);
  await expect(page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
  const svg = await exportItem(page, 'svg');
  expect(svg.name).toBe('app-v1-cpu-filtered-flame.svg');
  const text = readFileSync(svg.path, 'utf8');
  expect(text).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
  expect(text).toContain('<title>');
  expect(text).toContain('main.handleRequest');
  const png = await exportItem(page, 'png');
  expect(png.name).toBe('app-v1-cpu-filtered-flame.png');
  expect([...readFileSync(png.path).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

/** A CSV's rows as objects by header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim().toLowerCase(), r[i]])));
}

test('the Export menu stays inside the window when the toolbar wraps and puts Export at the left', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await open(page, 'app-v1-cpu.pb.gz');
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v2-cpu.pb.gz`);
  await expect(page.locator('[data-testid=flamegraph][data-profile="app-v2-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
  await page.click('[data-testid=export-button]');
  const menu = (await page.locator('[data-testid=export-menu]').boundingBox())!;
  expect(menu.x).toBeGreaterThanOrEqual(0);
  expect(menu.x + menu.width).toBeLessThanOrEqual(800);
  // Every item can be clicked where it is.
  const download = page.waitForEvent('download');
  await page.click('[data-testid=export-csv]');
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
});

test('Ctrl+E opens the Export menu in web mode too', async ({ page }) => {
  await open(page, 'app-v1-cpu.pb.gz');
  await expect(page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
  await page.keyboard.press('Control+e');
  await expect(page.locator('[data-testid=export-menu]')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=export-menu]')).toHaveCount(0);
});
