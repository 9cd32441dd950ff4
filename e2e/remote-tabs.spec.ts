import { createServer } from 'node:net';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { fixtures } from './app-server.js';
import { expect, test, type Page } from '@playwright/test';
import { hasChromium, startServe } from './app-server.js';
import { hasGo, type GoService } from '../test/go-service/start-go-service.js';
import { onlyOwnOrigin, startRemoteServers, stopRemoteServers, type RemoteServers } from './remote-servers.js';
import type { PyroscopeTestServer } from '../test/pyroscope-server/server.js';
import { formatPyroscopeSource } from '../shared/remote/pyroscope-source.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

// Remote tabs end to end: a real Go service (net/http/pprof) and the repo's Pyroscope-compatible
// server, both on 127.0.0.1, reached through `flamedeck serve`'s one POST route. The page itself
// never requests anything but its own origin (checked in every test).

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
let server: RemoteServers['server'];
let pyroscope: PyroscopeTestServer;
let go: GoService | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, pyroscope, go } = await startRemoteServers());
});
test.afterAll(() => stopRemoteServers({ server, pyroscope, go }));

const graphFor = (page: Page, source: string) => page.locator(`[data-testid=flamegraph][data-source="${source}"]`);

async function openSource(page: Page, source: string): Promise<void> {
  await page.evaluate((src) => (location.hash = `#src=${encodeURIComponent(src)}`), source);
}

const pyroscopeSource = (selector: string, extra: { tenant?: string } = { tenant: 'acme' }) =>
  formatPyroscopeSource({ serverUrl: pyroscope.url, profileTypeId: CPU, labelSelector: selector, from: 'now-1h', until: 'now', ...extra });

test('a Pyroscope source opens in a tab named service · type · range, with its source on the graph and in the hash', async ({ page }) => {
  const foreign = onlyOwnOrigin(page, server.url);
  const source = pyroscopeSource('{service_name="checkout"}');
  await page.goto(`${server.url}#src=${encodeURIComponent(source)}`);
  await expect(graphFor(page, source)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-testid=tab]')).toHaveText(['checkout · cpu · last 1h×']);
  await expect(page.locator('[data-testid=remote-origin]')).toContainText(`from Pyroscope ${pyroscope.url.slice('http://'.length)} · {service_name="checkout"} · now-1h → now`);
  await expect(page.locator('[data-testid=remote-origin]')).toHaveAttribute('data-source', source);
  expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('src')).toBe(source);
  // Every view works on it: the top table lists the profile's functions.
  await page.click('[data-testid=view-table]');
  await expect(page.locator('[data-testid=top-row]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/remote-pyroscope-tab.png' });
  expect(foreign).toEqual([]);
});

test('`flamedeck serve <Pyroscope source> --tenant T` opens it; the tenant stays with the server, not in the page', async ({ page }) => {
  const source = pyroscopeSource('{service_name="checkout",env="prod"}', {});
  const serve = await startServe([source], ['serve', '--port', '0', '--tenant', 'acme']);
  try {
    const foreign = onlyOwnOrigin(page, serve.url);
    await page.goto(serve.url);
    await expect(graphFor(page, source)).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    expect(await page.content()).not.toContain('acme');
    expect(pyroscope.requests.at(-1)?.headers['x-scope-orgid']).toBe('acme');
    expect(foreign).toEqual([]);
  } finally {
    serve.stop();
  }
});

test('a profile over the size cap (`serve --max-download`) is refused while it arrives, in one sentence', async ({ page }) => {
  const serve = await startServe([], ['serve', '--port', '0', '--max-download', '64kb']);
  try {
    await page.goto(serve.url);
    pyroscope.fault = { kind: 'oversize', bytes: 4_000_000, declareLength: false };
    await openSource(page, `${pyroscope.url}/debug/pprof/heap`);
    await expect(page.locator('[data-testid=open-error] p')).toHaveText(/larger than the 62\.5 KiB limit/);
  } finally {
    pyroscope.fault = undefined;
    serve.stop();
  }
});

/** A server whose /profile answers each request with the next of `bodies` (the last one again after the end). */
async function servingInTurn(bodies: Buffer[]) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createHttpServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(bodies[Math.min(seen.length - 1, bodies.length - 1)]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

const topRow = async (page: Page) => {
  const row = page.locator('[data-testid=top-row]').first();
  return [await row.getAttribute('data-name'), await row.getAttribute('data-flat')];
};

test('Refresh shows the new profile in the table too; new bytes that cannot be read leave the last profile on screen', async ({ page }) => {
  const [v1, v2] = ['app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz'].map((f) => readFileSync(`${fixtures}${f}`));
  const upstream = await servingInTurn([v1, v2, Buffer.from('this is not a profile')]);
  try {
    await page.goto(server.url);
    const source = `${upstream.url}/debug/pprof/heap`;
    await openSource(page, source);
    await expect(graphFor(page, source)).toHaveAttribute('data-ready', 'true');
    await page.click('[data-testid=view-table]');
    await expect(page.locator('[data-testid=top-row]').first()).toBeVisible();
    const first = await topRow(page);
    await page.click('[data-testid=refresh-remote]');
    await expect.poll(() => topRow(page)).not.toEqual(first);
    const second = await topRow(page);
    const total = await page.locator('[data-testid=profile-total]').innerText();
    await page.click('[data-testid=refresh-remote]');
    await expect(page.locator('[role=alert]')).toContainText('Refresh failed: the new profile could not be read');
    expect(await topRow(page)).toEqual(second);
    await expect(page.locator('[data-testid=profile-total]')).toHaveText(total);
    // The tab still works on the profile it shows.
    await page.fill('[data-testid=search]', 'main');
    await expect(page.locator('[data-testid=search-stats]')).toContainText('of total');
  } finally {
    await upstream.close();
  }
});

test("a hash's src with user:password sends them, and keeps them out of the tab's source", async ({ page }) => {
  const upstream = await servingInTurn([readFileSync(`${fixtures}app-v1-heap.pb.gz`)]);
  try {
    await page.goto(server.url);
    const bare = `${upstream.url}/debug/pprof/heap`;
    await openSource(page, bare.replace('http://', 'http://ann:p%40ss@'));
    await expect(graphFor(page, bare)).toHaveAttribute('data-ready', 'true');
    expect(upstream.seen[0].authorization).toBe(`Basic ${Buffer.from('ann:p@ss').toString('base64')}`);
    await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('ann');
    expect(await page.locator('[data-testid=remote-origin]').innerText()).not.toContain('ann');
  } finally {
    await upstream.close();
  }
});

test('`flamedeck serve --base SOURCE SOURCE` opens the comparison of the two, with Refresh', async ({ page }) => {
  const base = pyroscopeSource('{service_name="checkout",env="prod"}');
  const target = pyroscopeSource('{service_name="checkout",env="canary"}');
  const serve = await startServe([target], ['serve', '--port', '0', '--base', base]);
  try {
    await page.goto(serve.url);
    await expect(page.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(page.locator('[data-testid=remote-origin]')).toHaveAttribute('data-source', target);
    await expect(page.locator('[data-testid=refresh-remote]')).toBeVisible();
    // Its hash names both sources: the bookmark opens the same comparison where nothing was named at start.
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect([hash.get('src'), hash.get('base')]).toEqual([target, base]);
    const bookmarked = await page.context().newPage();
    await bookmarked.goto(`${server.url}#${hash.toString()}`);
    await expect(bookmarked.locator('[data-testid=flamegraph][data-mode=diff]')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(bookmarked.locator('[data-testid=remote-origin]')).toHaveAttribute('data-source', target);
  } finally {
    serve.stop();
  }
});

test('a bookmarked src opens beside the source `serve` was started with', async ({ page }) => {
  const named = pyroscopeSource('{service_name="checkout",env="prod"}');
  const bookmarked = pyroscopeSource('{service_name="checkout",env="canary"}');
  const serve = await startServe([named]);
  try {
    await page.goto(`${serve.url}#src=${encodeURIComponent(bookmarked)}`);
    await expect(graphFor(page, bookmarked)).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
  } finally {
    serve.stop();
  }
});

test('each failure says its one sentence in the tab, and the app stays usable', async ({ page }) => {
  const foreign = onlyOwnOrigin(page, server.url);
  await page.goto(server.url);
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const cases: { name: string; source: string; fault?: PyroscopeTestServer['fault']; says: RegExp }[] = [
    { name: 'refused', source: `http://127.0.0.1:${closedPort}/debug/pprof/heap`, says: /refused/i },
    { name: 'no tenant', source: pyroscopeSource('{service_name="checkout"}', {}), says: /tenant|credentials|unauthenticated/i },
    { name: 'HTML page', source: `${pyroscope.url}/debug/pprof/heap`, fault: { kind: 'html' }, says: /HTML page/i },
    { name: '5xx', source: pyroscopeSource('{service_name="checkout"}'), fault: { kind: 'status', status: 503 }, says: /503/ },
    { name: '404', source: `${pyroscope.url}/debug/pprof/nope`, says: /404/ },
    { name: 'Connect error', source: pyroscopeSource('{}'), fault: { kind: 'connect-error', status: 400, code: 'invalid_argument', message: 'the query is too wide' }, says: /the query is too wide/ },
    { name: '429', source: pyroscopeSource('{env="prod"}'), fault: { kind: 'status', status: 429 }, says: /429|rate/i },
  ];
  for (const { name, source, fault, says } of cases) {
    pyroscope.fault = fault;
    await openSource(page, source);
    await expect(page.locator('[data-testid=open-error]'), name).toContainText(says, { timeout: 20_000 });
    const sentence = await page.locator('[data-testid=open-error] p').innerText();
    expect(sentence.split(/(?<=\.)\s+(?=[A-Z])/).length, `${name}: one sentence: ${sentence}`).toBe(1);
    if (name === 'HTML page') await page.screenshot({ path: 'test-results/remote-error-html.png' });
    await page.locator('[data-testid=open-error] button', { hasText: 'Close this tab' }).click();
  }
  pyroscope.fault = undefined;
  await page.click('[data-testid=open-example]');
  await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
  expect(foreign).toEqual([]);
});

test.describe('a live Go service', () => {
  test.skip(!hasGo, '`go` is not on PATH (Debian: golang-go; .ci/run installs it)');

  test('`flamedeck serve <URL>` opens its heap profile; Refresh fetches it again behind the graph', async ({ page }) => {
    const source = `${go!.url}/debug/pprof/heap`;
    const serve = await startServe([source]);
    try {
      const foreign = onlyOwnOrigin(page, serve.url);
      await page.goto(serve.url);
      const graph = graphFor(page, source);
      await expect(graph).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
      await expect(page.locator('[data-testid=sample-type] option:checked')).toHaveText(/inuse_space/);
      const origin = page.locator('[data-testid=remote-origin]');
      const before = await origin.innerText();
      await page.waitForTimeout(1100); // the fetch time is shown to the second
      await page.click('[data-testid=refresh-remote]');
      await expect(origin).not.toHaveText(before);
      await expect(graph).toHaveAttribute('data-ready', 'true');
      await expect(page.locator('[data-testid=sample-type] option:checked')).toHaveText(/inuse_space/);
      expect(foreign).toEqual([]);
    } finally {
      serve.stop();
    }
  });

  test('allocs, goroutine, mutex, block and a 2 s CPU recording open through the hash', async ({ page }) => {
    test.setTimeout(90_000);
    const foreign = onlyOwnOrigin(page, server.url);
    await page.goto(server.url);
    for (const [endpoint, sampleType] of [
      ['allocs', /alloc_space/],
      ['goroutine', /goroutine/],
      ['mutex', /delay/],
      ['block', /delay/],
      ['profile?seconds=2', /cpu/],
    ] as const) {
      const source = `${go!.url}/debug/pprof/${endpoint}`;
      await openSource(page, source);
      if (endpoint.startsWith('profile')) await expect(page.locator('[data-testid=fetch-progress]')).toContainText(/recording: \d s left/);
      await expect(graphFor(page, source), endpoint).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
      await expect(page.locator('[data-testid=sample-type] option:checked')).toHaveText(sampleType);
    }
    await expect(page.locator('[data-testid=tab]')).toHaveCount(5);
    expect(foreign).toEqual([]);
  });

  test('a 30 s CPU recording shows its countdown and can be cancelled; other tabs stay usable', async ({ page }) => {
    await page.goto(server.url);
    await page.click('[data-testid=open-example]');
    await expect(page.locator('[data-testid=flamegraph]')).toHaveAttribute('data-ready', 'true');
    await openSource(page, `${go!.url}/debug/pprof/profile?seconds=30`);
    const progress = page.locator('[data-testid=fetch-progress]');
    await expect(progress).toContainText(/recording: (30|29|28) s left/);
    await expect(progress).toContainText(/recording: (28|27|26) s left/, { timeout: 5000 });
    await page.screenshot({ path: 'test-results/remote-cpu-countdown.png' });
    await page.click('[data-testid=cancel-request]');
    await expect(page.locator('[data-testid=stopped]')).toHaveText(/cancelled/);
    await expect(page.locator('[data-testid=open-error]')).toHaveCount(0);
    await page.locator('[data-testid=tab] .tab-name').first().click();
    await page.fill('[data-testid=search]', 'main');
    await expect(page.locator('[data-testid=search-stats]')).toContainText('of total');
  });
});
