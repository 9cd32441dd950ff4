import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { webHost } from '../renderer/host.js';
import { RemoteHostError, type FetchProgress, type GoEndpoint } from '../shared/remote/remote-api.js';
import { startWebServer } from '../bin/web-server.js';

// renderer/host.ts's web host against the real `flamedeck serve` server: the page's side of
// POST /api/remote (the renderer may not import bin/, so this test lives here).

const work = mkdtempSync(join(tmpdir(), 'flamedeck-webhost-'));
mkdirSync(join(work, 'app'));
writeFileSync(join(work, 'app', 'index.html'), '<!doctype html><html><head></head><body></body></html>');
const HEAP_GZ = readFileSync(new URL('./fixtures/app-v1-heap.pb.gz', import.meta.url));
const INDEX_HTML = readFileSync(new URL('./fixtures/go-pprof-index.html', import.meta.url));

let upstream: Server;
let upstreamBase = '';
let slowGone: Promise<void> = new Promise(() => undefined);
let web: Awaited<ReturnType<typeof startWebServer>>;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url === '/debug/pprof/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(INDEX_HTML);
    if (req.url === '/debug/pprof/heap') return void res.writeHead(200, { 'Content-Length': HEAP_GZ.length }).end(HEAP_GZ);
    if (req.url === '/slow') {
      res.writeHead(200, { 'Content-Length': HEAP_GZ.length });
      res.write(HEAP_GZ.subarray(0, 100));
      slowGone = new Promise((resolve) => res.on('close', () => resolve()));
      return;
    }
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamBase = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  web = await startWebServer({ appDir: join(work, 'app'), files: [`${upstreamBase}/debug/pprof/heap`], port: 0 });
});

afterAll(async () => {
  web.server.closeAllConnections();
  web.server.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** The page as served: its token in the meta tag, its relative URLs against the server. */
function stubPage(token: string) {
  vi.stubGlobal('document', { querySelector: (selector: string) => (selector === 'meta[name="flamedeck-token"]' ? { content: token } : null) });
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => realFetch(new URL(url, web.url), init));
}
beforeEach(() => stubPage(web.token));
afterEach(() => vi.unstubAllGlobals());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('webHost.remote', () => {
  it('fetches a profile as a Blob, with progress', async () => {
    const progress: FetchProgress[] = [];
    const blob = await webHost.remote!.fetchProfile({ op: 'fetch', source: `${upstreamBase}/debug/pprof/heap` }, { signal: new AbortController().signal, onProgress: (p) => progress.push(p) });
    expect(Buffer.from(await blob.arrayBuffer()).equals(HEAP_GZ)).toBe(true);
    expect(progress.at(-1)).toEqual({ received: HEAP_GZ.length, total: HEAP_GZ.length });
  });

  it('answers queries with their JSON', async () => {
    const endpoints: GoEndpoint[] = await webHost.remote!.query({ op: 'goIndex', baseUrl: upstreamBase });
    expect(endpoints.map((e) => e.name)).toContain('heap');
    await webHost.remote!.query({ op: 'saveConnection', connection: { kind: 'go', url: `${upstreamBase}/debug/pprof/` }, credentials: { token: 'secret' } });
    expect(await webHost.remote!.query({ op: 'connections' })).toEqual([{ kind: 'go', url: `${upstreamBase}/debug/pprof/`, hasSecret: true, usedAt: expect.any(Number) as number }]);
  });

  it("rejects with RemoteHostError: the host's sentence and kind", async () => {
    const error = await rejection(webHost.remote!.fetchProfile({ op: 'fetch', source: `${upstreamBase}/down` }, { signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(RemoteHostError);
    expect(error).toMatchObject({ kind: 'server-error', message: `${upstreamBase}/down: the server failed (HTTP 503 Service Unavailable)` });
    stubPage('wrong-token');
    const refused = await rejection(webHost.remote!.query({ op: 'connections' }));
    expect(refused).toBeInstanceOf(RemoteHostError);
    expect((refused as RemoteHostError).message).toBe("Flamedeck's local server refused the request (HTTP 403).");
  });

  it('an abort rejects with an AbortError and stops the upstream request', async () => {
    const controller = new AbortController();
    const pending = rejection(webHost.remote!.fetchProfile({ op: 'fetch', source: `${upstreamBase}/slow` }, { signal: controller.signal, onProgress: () => controller.abort() }));
    const error = await pending;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    const gone = await Promise.race([slowGone.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000))]);
    expect(gone).toBe(true);
  });

  it('offers a source named at start with its URL; loading it fetches through the host', async () => {
    const [offered] = await webHost.initialFiles();
    expect(offered).toMatchObject({ name: `heap · ${upstreamBase.slice('http://'.length)}`, source: `${upstreamBase}/debug/pprof/heap` });
    const { bytes } = await offered.load();
    expect(Buffer.from(await bytes.arrayBuffer()).equals(HEAP_GZ)).toBe(true);
  });
});
