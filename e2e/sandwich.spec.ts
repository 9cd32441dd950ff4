import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { PeekGolden } from '../test/golden-helpers.js';
import { settleSignTies } from '../test/golden-helpers.js';
import { fixtures, hasChromium, startServe } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const peekGolden = (name: string) => JSON.parse(readFileSync(new URL(`../test/goldens/peek__${name}.json`, import.meta.url), 'utf8')) as PeekGolden;

let server: Awaited<ReturnType<typeof startServe>>;
/** Serves app-v1-cpu.pb.gz at start, so a reload opens it again. */
let serverWithFile: Awaited<ReturnType<typeof startServe>>;
test.beforeAll(async () => {
  server = await startServe();
  serverWithFile = await startServe([`${fixtures}app-v1-cpu.pb.gz`]);
});
test.afterAll(() => {
  server?.stop();
  serverWithFile?.stop();
});

async function openFixture(page: Page, file: string) {
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"], [data-testid=sandwich], [data-testid=sandwich-pick]`).first()).toBeVisible();
}

function sandwichOf(page: Page, name: string) {
  return page.locator(`[data-testid=sandwich][data-function="${name}"]`);
}

/** The direct caller and callee rows as the test hooks carry them. */
async function peekRows(page: Page) {
  const rows = await page.locator('[data-testid=peek-row]').evaluateAll((rs) =>
    rs.map((r) => ({ kind: r.getAttribute('data-kind'), name: r.getAttribute('data-name')!, value: Number(r.getAttribute('data-value')) })),
  );
  return {
    callers: rows.filter((r) => r.kind === 'caller').map(({ name, value }) => ({ name, value })),
    callees: rows.filter((r) => r.kind === 'callee').map(({ name, value }) => ({ name, value })),
  };
}

/** What go tool pprof -peek printed for one function (without its "(inline)" marks). */
function expectedRows(golden: PeekGolden, name: string) {
  const entry = golden.functions.find((f) => f.name === name)!;
  const plain = (edges: { name: string; value: number }[]) => settleSignTies(edges).map(({ name, value }) => ({ name, value }));
  return { flat: entry.flat, cum: entry.cum, rows: { callers: plain(entry.callers), callees: plain(entry.callees) } };
}

async function expectSandwichEqualsPeek(page: Page, golden: PeekGolden, name: string) {
  const sandwich = sandwichOf(page, name);
  await expect(sandwich).toHaveAttribute('data-ready', 'true');
  const expected = expectedRows(golden, name);
  expect(await peekRows(page)).toEqual(expected.rows);
  await expect(page.locator('[data-testid=sandwich-figures]')).toHaveAttribute('data-cum', String(expected.cum));
  await expect(page.locator('[data-testid=sandwich-figures]')).toHaveAttribute('data-flat', String(expected.flat));
  for (const half of ['callers', 'callees']) await expect(page.locator(`[data-testid=sandwich-graph][data-half=${half}]`)).toHaveAttribute('data-ready', 'true');
}

test('a table row opens the sandwich; its callers and callees are go tool pprof -peek', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=view-table]');
  const row = page.locator('[data-testid=top-row][data-name="runtime.mallocgc"]');
  await row.hover();
  await row.locator('[data-testid=row-sandwich]').click();
  await expectSandwichEqualsPeek(page, peekGolden('app-v1-cpu__regex-runtime_.mallocgc_'), 'runtime.mallocgc');
  await expect(page).toHaveURL(/view=sandwich/);
  await expect(page).toHaveURL(/sw=runtime\.mallocgc/);
  // Both halves are sized by its cum: the callers graph's bottom row and the callees graph's top row are the function.
  await page.locator('[data-testid=sandwich-graph][data-half=callees] [data-testid=flame-canvas]').hover({ position: { x: 20, y: 9 } });
  await expect(page.locator('[data-testid=tooltip]')).toContainText('runtime.mallocgc');
  await expect(page.locator('[data-testid=tooltip]')).toContainText('1.25s');
});

test('the sandwich view without a function shows the table to pick one', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=view-sandwich]');
  await expect(page.locator('[data-testid=sandwich-pick]')).toBeVisible();
  await page.locator('[data-testid=sandwich-pick] [data-testid=top-row][data-name="sort.partition"]').click();
  await expect(sandwichOf(page, 'sort.partition')).toHaveAttribute('data-ready', 'true');
  await page.click('[data-testid=sandwich-choose]');
  await expect(page.locator('[data-testid=sandwich-pick]')).toBeVisible();
});

test('tag filters and hide apply to the sandwich as pprof applies them to -peek', async ({ page }) => {
  await page.goto(`${server.url}#view=sandwich&sw=main.parseJSON&tf=endpoint%3D%2Fapi%2Fv1%2Forders`);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await expectSandwichEqualsPeek(page, peekGolden('app-v1-cpu__regex-_main_.__tagfocus-endpoint=_api_v1_orders'), 'main.parseJSON');
  // The same function with hide applied.
  const hidden = peekGolden('app-v1-cpu__regex-_main_._mallocgc___hide-runtime_._newobject_makeslice_growslice_encoding_json');
  await page.evaluate((hide) => (location.hash = `#view=sandwich&sw=runtime.mallocgc&h=${encodeURIComponent(hide)}`), hidden.flags.hide);
  await expectSandwichEqualsPeek(page, hidden, 'runtime.mallocgc');
});

test('walking: a peek row or a frame of either half opens that function\'s sandwich', async ({ page }) => {
  await page.goto(`${server.url}#view=sandwich&sw=runtime.mallocgc`);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await expect(sandwichOf(page, 'runtime.mallocgc')).toHaveAttribute('data-ready', 'true');
  await page.locator('[data-testid=peek-row][data-kind=caller][data-name="runtime.newobject"]').click();
  await expect(sandwichOf(page, 'runtime.newobject')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=peek-row][data-kind=callee][data-name="runtime.mallocgc"]')).toHaveAttribute('data-value', '670000000');
  // The callees half's second row is a callee; its menu walks there.
  const callees = page.locator('[data-testid=sandwich-graph][data-half=callees] [data-testid=flame-canvas]');
  await callees.click({ button: 'right', position: { x: 30, y: 18 + 9 } });
  const menuTitle = await page.locator('.frame-menu-title').innerText();
  expect(menuTitle).not.toBe('runtime.newobject');
  await page.getByRole('menuitem', { name: 'Sandwich this function' }).click();
  await expect(sandwichOf(page, menuTitle)).toHaveAttribute('data-ready', 'true');
});

test('entry points: the frame menu, search Enter on one match, and the s key', async ({ page }) => {
  await page.goto(server.url);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await page.click('[data-testid=view-icicle]');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  // Row 3 of the icicle is runtime/pprof.Do, full width.
  await page.mouse.click(box.x + 200, box.y + 18 * 3 + 9, { button: 'right' });
  await page.getByRole('menuitem', { name: 'Sandwich', exact: true }).click();
  await expect(sandwichOf(page, 'runtime/pprof.Do')).toHaveAttribute('data-ready', 'true');

  // Search: one matching function, Enter.
  await page.fill('[data-testid=search]', '/^main\\.sortBig$/');
  await expect(page.locator('[data-testid=search-stats]')).toContainText('1 function');
  await page.press('[data-testid=search]', 'Enter');
  await expect(sandwichOf(page, 'main.sortBig')).toHaveAttribute('data-ready', 'true');
  await page.fill('[data-testid=search]', '');

  // Keyboard: choose a frame with the arrows, s for its sandwich.
  await page.click('[data-testid=view-icicle]');
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await graph.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  const focused = await page.locator('[data-testid=tooltip] .tooltip-name').innerText();
  await page.keyboard.press('s');
  await expect(sandwichOf(page, focused)).toHaveAttribute('data-ready', 'true');
});

test('zoom is a path of names: it survives a filter change and a reload', async ({ page }) => {
  await page.goto(serverWithFile.url);
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await page.click('[data-testid=view-icicle]');
  const box = (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + 18 * 5 + 9);
  const current = page.locator('[data-testid=breadcrumbs] button.current');
  await expect(current).toHaveText('main.queryDatabase');
  await expect(page).toHaveURL(/z=main\.main\.func1&z=main\.handleRequest&z=runtime%2Fpprof\.Do/);
  // A tag filter re-queries the tree; the zoom is found again by its names.
  await page.evaluate(() => (location.hash = `${location.hash}&tf=customer_tier%3Dfree`));
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('customer_tier=free');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await expect(current).toHaveText('main.queryDatabase');
  // So does a change of order (node numbers all change).
  await page.locator('[data-testid=order]').selectOption('weight');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await expect(current).toHaveText('main.queryDatabase');
  await page.reload();
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  await expect(current).toHaveText('main.queryDatabase');
  await expect(page.locator('[data-testid=filter-chip]')).toContainText('customer_tier=free');
  // A path that this graph does not have says so and keeps what it can.
  await page.evaluate(() => (location.hash = '#view=icicle&z=main.main.func1&z=no.such.function'));
  await expect(page.locator('[data-testid=zoom-missing]')).toContainText('no.such.function');
  await expect(current).toHaveText('main.main.func1');
});

test('the sandwich and its function survive a reload', async ({ page }) => {
  await page.goto(`${serverWithFile.url}#view=sandwich&sw=sort.partition&si=samples`);
  await expect(sandwichOf(page, 'sort.partition')).toHaveAttribute('data-ready', 'true');
  const before = await peekRows(page);
  expect(before.callers.length).toBeGreaterThan(0);
  await page.reload();
  await expect(sandwichOf(page, 'sort.partition')).toHaveAttribute('data-ready', 'true');
  expect(await peekRows(page)).toEqual(before);
  await expect(page.locator('[data-testid=sample-type]')).toHaveValue('0');
});

test('at 800×600 the two halves share the height without overlapping', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${server.url}#view=sandwich&sw=encoding/json.(*decodeState).object`);
  await openFixture(page, 'app-v1-cpu.pb.gz');
  await expect(sandwichOf(page, 'encoding/json.(*decodeState).object')).toHaveAttribute('data-ready', 'true');
  const canvasBox = async (half: string) => (await page.locator(`[data-testid=sandwich-graph][data-half=${half}] [data-testid=flame-canvas]`).boundingBox())!;
  const callers = await canvasBox('callers');
  const callees = await canvasBox('callees');
  expect(callers.height).toBeGreaterThan(100);
  expect(callees.height).toBeGreaterThan(100);
  expect(callers.y + callers.height).toBeLessThanOrEqual(callees.y);
  expect(callees.y + callees.height).toBeLessThanOrEqual(600);
});
