import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hasChromium } from './app-server.js';
import { hasGo, type GoService } from '../test/go-service/start-go-service.js';
import { onlyOwnOrigin, startRemoteServers, stopRemoteServers, type RemoteServers } from './remote-servers.js';
import type { PyroscopeTestServer } from '../test/pyroscope-server/server.js';
import { parsePyroscopeSource } from '../shared/remote/pyroscope-source.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

// The Connect… dialog end to end, against the repo's Pyroscope-compatible server and a live Go
// service, both on 127.0.0.1, through `flamedeck serve`'s one POST route.

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const SHOTS = process.env.FLAMEDECK_SHOTS ?? 'test-results/connect-shots';
let server: RemoteServers['server'];
let pyroscope: PyroscopeTestServer;
let go: GoService | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  ({ server, pyroscope, go } = await startRemoteServers());
});
test.afterAll(() => stopRemoteServers({ server, pyroscope, go }));
test.afterEach(() => {
  pyroscope.fault = undefined;
});

const dialog = (page: Page) => page.locator('[data-testid=connect-dialog]');
const errorLine = (page: Page) => dialog(page).locator('[data-testid=connect-error]');

async function connectPyroscope(page: Page, tenant = 'acme'): Promise<void> {
  await page.click('[data-testid=start-connect]');
  await page.click('[data-testid=connect-mode-pyroscope]');
  await page.fill('[data-testid=pyroscope-url]', pyroscope.url);
  await page.fill('[data-testid=pyroscope-tenant]', tenant);
  await page.click('[data-testid=pyroscope-test]');
  await expect(page.locator('[data-testid=pyroscope-status]')).toContainText(/Connected: \d+ profile types/);
  await expect(page.locator('[data-testid=timeline]')).toHaveAttribute('data-loading', 'false');
}

async function addChip(scope: Locator, name: string, op: string, value: string): Promise<void> {
  await scope.locator('[data-testid=label-name]').selectOption(name);
  await scope.locator('[data-testid=label-op]').selectOption(op);
  await scope.locator('[data-testid=label-value]').fill(value);
  await scope.locator('[data-testid=label-add]').click();
}

async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Drags across the timeline from one fraction of its width to another. */
async function dragTimeline(page: Page, from: number, to: number): Promise<void> {
  const box = (await page.locator('[data-testid=timeline] svg').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
}

test('screenshots of the dialog at 1400×900 and 800×600, light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of [
      [1400, 900],
      [800, 600],
    ]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.goto(server.url);
      await connectPyroscope(page);
      await addChip(dialog(page), 'env', '=', 'prod');
      await expect(page.locator('[data-testid=timeline]')).toHaveAttribute('data-loading', 'false');
      await dragTimeline(page, 0.3, 0.7);
      await expect(page.locator('[data-testid=timeline]')).toHaveAttribute('data-loading', 'false');
      await page.screenshot({ path: `${SHOTS}/connect-pyroscope-${width}x${height}-${scheme}.png` });
      await page.click('[data-testid=pyroscope-task-compare]');
      await page.click('[data-testid=baseline-same]');
      await addChip(dialog(page).locator('[data-side=base]'), 'env', '=', 'canary');
      await expect(page.locator('[data-testid=timeline]')).toHaveAttribute('data-loading', 'false');
      await page.screenshot({ path: `${SHOTS}/connect-compare-${width}x${height}-${scheme}.png` });
      await page.click('[data-testid=pyroscope-task-explore]');
      await page.locator('[data-testid=label-chip] button').click();
      await page.locator('[data-testid=explore-label]').selectOption('env');
      await expect(page.locator('[data-testid=explore-row]')).toHaveCount(2);
      await page.screenshot({ path: `${SHOTS}/connect-explore-${width}x${height}-${scheme}.png` });
      if (go) {
        await page.click('[data-testid=connect-mode-go]');
        await page.fill('[data-testid=go-base-url]', `${go.url}/debug/pprof/`);
        await page.click('[data-testid=go-list]');
        await page.click('[data-testid=go-endpoint][data-name=profile]');
        await page.screenshot({ path: `${SHOTS}/connect-go-${width}x${height}-${scheme}.png` });
      }
      pyroscope.fault = { kind: 'html' };
      await page.click('[data-testid=connect-mode-pyroscope]');
      await page.fill('[data-testid=pyroscope-tenant]', 'acme');
      await page.click('[data-testid=pyroscope-test]');
      await expect(errorLine(page)).toContainText('HTML page');
      await page.screenshot({ path: `${SHOTS}/connect-error-${width}x${height}-${scheme}.png` });
      pyroscope.fault = undefined;
    }
  }
});

test('Pyroscope: test, pick service, type, labels and range, drag on the timeline, open the merged profile', async ({ page }) => {
  const foreign = onlyOwnOrigin(page, server.url);
  await page.goto(server.url);
  await connectPyroscope(page);
  // Over the last hour only checkout has data; payments ran 6 h to 2 h ago.
  const services = page.locator('[data-testid=pyroscope-service] option');
  await expect(services).toHaveText(['checkout']);
  await page.click('[data-testid=range-preset-6h]');
  await expect(services).toHaveText(['checkout', 'payments']);
  await expect(page.locator('[data-testid=pyroscope-type]')).toHaveValue(CPU);
  await expect(page.locator('[data-testid=pyroscope-type] option')).toContainText(['goroutine goroutine (count)', 'memory alloc_space (bytes)', 'process_cpu cpu (nanoseconds)']);
  await page.click('[data-testid=range-preset-1h]');
  await expect(services).toHaveText(['checkout']);

  await addChip(dialog(page), 'env', '!=', 'canary');
  await expect(page.locator('[data-testid=label-chip]')).toHaveCount(1);
  await expect(page.locator('[data-testid=label-chip]')).toHaveAttribute('data-op', '!=');
  await addChip(dialog(page), 'version', '=~', 'v.*');
  await expect(page.locator('[data-testid=label-chip]')).toHaveCount(2);
  await page.locator('[data-testid=label-chip][data-name=version] button').click();
  await expect(page.locator('[data-testid=label-chip]')).toHaveCount(1);

  const timeline = page.locator('[data-testid=timeline]');
  await expect(timeline).toHaveAttribute('data-loading', 'false');
  expect(Number(await timeline.getAttribute('data-points'))).toBeGreaterThanOrEqual(100);
  const viewFrom = Number(await timeline.getAttribute('data-view-from'));
  const viewUntil = Number(await timeline.getAttribute('data-view-until'));
  await dragTimeline(page, 0.5, 0.25);
  const from = Number(await timeline.getAttribute('data-from'));
  const until = Number(await timeline.getAttribute('data-until'));
  const span = viewUntil - viewFrom;
  expect(Math.abs(from - (viewFrom + span * 0.25))).toBeLessThan(span * 0.02);
  expect(Math.abs(until - (viewFrom + span * 0.5))).toBeLessThan(span * 0.02);
  // The drag wrote the range as absolute times.
  await expect(page.locator('[data-testid=range-from]')).toHaveValue(new Date(from).toISOString().replace(/\.\d{3}Z$/, 'Z'));

  await page.click('[data-testid=connect-open]');
  await expect(dialog(page)).toHaveCount(0);
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const source = parsePyroscopeSource((await graph.getAttribute('data-source'))!, Date.now());
  expect(source).toMatchObject({ serverUrl: pyroscope.url, profileTypeId: CPU, labelSelector: '{service_name="checkout",env!="canary"}', tenant: 'acme', startMs: from, endMs: until });
  await expect(page.locator('[data-testid=tab]')).toContainText('checkout · cpu ·');
  expect(foreign).toEqual([]);
});

test('the dialog keeps what was typed when it is closed and opened again', async ({ page }) => {
  await page.goto(server.url);
  await page.click('[data-testid=start-connect]');
  await page.fill('[data-testid=go-base-url]', 'http://127.0.0.1:1/debug/pprof/');
  await page.click('[data-testid=connect-mode-pyroscope]');
  await page.fill('[data-testid=pyroscope-url]', 'http://127.0.0.1:2/');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await page.click('[data-testid=start-connect]');
  await expect(page.locator('[data-testid=pyroscope-url]')).toHaveValue('http://127.0.0.1:2/');
  await page.click('[data-testid=connect-mode-go]');
  await expect(page.locator('[data-testid=go-base-url]')).toHaveValue('http://127.0.0.1:1/debug/pprof/');
});

test('Pyroscope: every failure says its one sentence in the dialog, which stays usable', async ({ page }) => {
  await page.goto(server.url);
  await page.click('[data-testid=start-connect]');
  await page.click('[data-testid=connect-mode-pyroscope]');
  const cases: { name: string; url?: string; tenant?: string; fault?: PyroscopeTestServer['fault']; says: RegExp }[] = [
    { name: 'refused', url: `http://127.0.0.1:${await closedPort()}`, says: /refused/i },
    { name: 'no tenant', tenant: '', says: /tenant|credentials|unauthenticated/i },
    { name: 'HTML page', fault: { kind: 'html' }, says: /HTML page/ },
    { name: '5xx', fault: { kind: 'status', status: 503 }, says: /503/ },
    { name: 'Connect error', fault: { kind: 'connect-error', status: 400, code: 'invalid_argument', message: 'the query is too wide' }, says: /the query is too wide/ },
    { name: 'not a URL', url: 'ftp://example', says: /not an http or https URL/ },
  ];
  for (const { name, url = pyroscope.url, tenant = 'acme', fault, says } of cases) {
    pyroscope.fault = fault;
    await page.fill('[data-testid=pyroscope-url]', url);
    await page.fill('[data-testid=pyroscope-tenant]', tenant);
    await page.click('[data-testid=pyroscope-test]');
    await expect(errorLine(page), name).toContainText(says, { timeout: 20_000 });
    const sentence = await errorLine(page).innerText();
    expect(sentence.split(/(?<=\.)\s+(?=[A-Z])/).length, `${name}: one sentence: ${sentence}`).toBe(1);
  }
  // Still usable: the right settings connect.
  pyroscope.fault = undefined;
  await page.fill('[data-testid=pyroscope-url]', pyroscope.url);
  await page.fill('[data-testid=pyroscope-tenant]', 'acme');
  await page.click('[data-testid=pyroscope-test]');
  await expect(page.locator('[data-testid=pyroscope-status]')).toContainText('Connected');
  await expect(errorLine(page)).toHaveCount(0);
  // A custom range that does not parse says so, and asks the server nothing.
  await page.fill('[data-testid=range-from]', 'yesterday');
  await page.press('[data-testid=range-from]', 'Enter');
  await expect(errorLine(page)).toContainText('"yesterday" is not a valid from time');
  await expect(page.locator('[data-testid=connect-open]')).toBeDisabled();
  await page.click('[data-testid=range-preset-15m]');
  await expect(errorLine(page)).toHaveCount(0);
  await expect(page.locator('[data-testid=connect-open]')).toBeEnabled();
});

test('Pyroscope: a slow query is aborted, without an error, when the dialog closes or a field changes', async ({ page }) => {
  await page.goto(server.url);
  await page.click('[data-testid=start-connect]');
  await page.click('[data-testid=connect-mode-pyroscope]');
  await page.fill('[data-testid=pyroscope-url]', pyroscope.url);
  await page.fill('[data-testid=pyroscope-tenant]', 'acme');
  pyroscope.fault = { kind: 'delay', ms: 20_000 };
  const before = pyroscope.requests.length;
  await page.click('[data-testid=pyroscope-test]');
  await expect(page.locator('[data-testid=pyroscope-test]')).toHaveText('Testing…');
  await expect.poll(() => pyroscope.requests.length).toBeGreaterThan(before);
  // Changing a field drops the test: no error, and Test is offered again.
  await page.fill('[data-testid=pyroscope-tenant]', 'acme2');
  await expect(page.locator('[data-testid=pyroscope-test]')).toHaveText('Test connection');
  await page.click('[data-testid=pyroscope-test]');
  await expect(page.locator('[data-testid=pyroscope-test]')).toHaveText('Testing…');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  pyroscope.fault = undefined;
  // The app is usable and the dialog opens again without a stale error.
  await page.click('[data-testid=connect]');
  await page.click('[data-testid=connect-mode-pyroscope]');
  await expect(errorLine(page)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.click('[data-testid=open-example]');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
});

test('Compare ranges: baseline and comparison on one timeline, each with its labels, open the diff', async ({ page }) => {
  await page.goto(server.url);
  await connectPyroscope(page);
  await page.click('[data-testid=pyroscope-task-compare]');
  const bands = page.locator('[data-testid=timeline] .timeline-band');
  await expect(bands).toHaveCount(2);
  // One day earlier by default: the timeline spans both.
  const timeline = page.locator('[data-testid=timeline]');
  const viewSpan = Number(await timeline.getAttribute('data-view-until')) - Number(await timeline.getAttribute('data-view-from'));
  expect(viewSpan).toBeGreaterThanOrEqual(25 * 3_600_000 - 1000);
  await page.click('[data-testid=baseline-week]');
  await expect(page.locator('[data-testid=baseline-from]')).toHaveValue('now-169h');
  await page.click('[data-testid=baseline-same]');
  await expect(page.locator('[data-testid=baseline-from]')).toHaveValue('now-1h');
  // The same range and labels on both sides: nothing to compare, and the dialog says so.
  await expect(page.locator('[data-testid=connect-open]')).toBeDisabled();
  await expect(page.locator('[data-testid=connect-error]')).toContainText('same query');
  await addChip(dialog(page).locator('[data-side=base]'), 'env', '=', 'canary');
  await addChip(dialog(page).locator('.label-chips').first(), 'env', '=', 'prod');
  // Dragging moves the side chosen: here the baseline, to absolute times.
  await page.click('[data-testid=drag-base]');
  await dragTimeline(page, 0.5, 1);
  await expect(page.locator('[data-testid=baseline-from]')).toHaveValue(/^\d{4}-\d\d-\d\dT/);
  await page.click('[data-testid=connect-open]');
  await expect(dialog(page)).toHaveCount(0);
  const graphs = page.locator('[data-testid=flamegraph]');
  await expect(graphs.first()).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-testid=view-diff]')).toBeVisible();
  await expect(page.locator('[data-testid=tab]')).toHaveCount(1);
  await expect(page.locator('[data-testid=tab]')).toContainText(/checkout · cpu · .* · env="canary" → checkout · cpu · .* · env="prod"/);
});

test('Explore by label: a row per value with its total; a click opens that value', async ({ page }) => {
  await page.goto(server.url);
  await connectPyroscope(page);
  await page.click('[data-testid=pyroscope-task-explore]');
  await page.locator('[data-testid=explore-label]').selectOption('env');
  const rows = page.locator('[data-testid=explore-row]');
  await expect(rows).toHaveCount(2);
  const values = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-value'), Number(e.getAttribute('data-total'))] as const));
  expect(values.map(([v]) => v).sort()).toEqual(['canary', 'prod']);
  for (const [, total] of values) expect(total).toBeGreaterThan(0);
  expect(values[0][1]).toBeGreaterThanOrEqual(values[1][1]);
  await rows.locator('text=canary').click();
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  expect(parsePyroscopeSource((await graph.getAttribute('data-source'))!, Date.now()).labelSelector).toBe('{service_name="checkout",env="canary"}');
  await expect(page.locator('[data-testid=tab]')).toHaveText(['checkout · cpu · last 1h · env=canary×']);
});

test.describe('Go service', () => {
  test.skip(!hasGo, '`go` is not on PATH (Debian: golang-go; .ci/run installs it)');

  test('list its endpoints, open the heap; a CPU recording gets its seconds; errors stay in the dialog', async ({ page }) => {
    const foreign = onlyOwnOrigin(page, server.url);
    await page.goto(server.url);
    await page.click('[data-testid=start-connect]');
    await page.fill('[data-testid=go-base-url]', `http://127.0.0.1:${await closedPort()}`);
    await page.click('[data-testid=go-list]');
    await expect(errorLine(page)).toContainText(/refused/i, { timeout: 20_000 });

    await page.fill('[data-testid=go-base-url]', go!.url.replace(/^http:\/\//, ''));
    await expect(errorLine(page)).toHaveCount(0);
    await page.click('[data-testid=go-list]');
    const endpoints = page.locator('[data-testid=go-endpoint]');
    await expect(endpoints.first()).toBeVisible({ timeout: 20_000 });
    const names = await endpoints.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names).toEqual(expect.arrayContaining(['allocs', 'block', 'goroutine', 'heap', 'mutex', 'profile']));

    await page.click('[data-testid=go-endpoint][data-name=profile]');
    await expect(page.locator('[data-testid=go-seconds]')).toHaveValue('30');
    await page.fill('[data-testid=go-seconds]', '0');
    await page.click('[data-testid=connect-open]');
    await expect(errorLine(page)).toContainText('whole number of seconds');
    await page.fill('[data-testid=go-seconds]', '2');
    await expect(page.locator('[data-testid=connect-summary]')).toHaveText(`${go!.url}/debug/pprof/profile?seconds=2`);

    await page.click('[data-testid=go-endpoint][data-name=heap]');
    await expect(page.locator('[data-testid=go-seconds]')).toHaveCount(0);
    await page.click('[data-testid=connect-open]');
    await expect(dialog(page)).toHaveCount(0);
    const graph = page.locator(`[data-testid=flamegraph][data-source="${go!.url}/debug/pprof/heap"]`);
    await expect(graph).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });

    // The connection is on the recent list: a click lists it again.
    await page.click('[data-testid=connect]');
    await page.click(`[data-testid=recent-connection][data-url="${go!.url}/debug/pprof/"]`);
    await page.click('[data-testid=go-endpoint][data-name=profile]');
    await page.fill('[data-testid=go-seconds]', '2');
    await page.click('[data-testid=connect-open]');
    await expect(page.locator('[data-testid=fetch-progress]')).toContainText(/recording/);
    await expect(page.locator(`[data-testid=flamegraph][data-source="${go!.url}/debug/pprof/profile?seconds=2"]`)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    expect(foreign).toEqual([]);
  });
});
