import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../shared/hosting.js';
import { memoryConnectionStore } from '../shared/remote/connection-store.js';
import { FrameDecoder, type Frame } from '../shared/remote/remote-frames.js';
import { startWebServer } from './web-server.js';
import { seedConnections } from './remote-sources.js';

const work = mkdtempSync(join(tmpdir(), 'flamedeck-remote-'));
const appDir = join(work, 'app');
mkdirSync(appDir);
writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
const HEAP_GZ = readFileSync(new URL('../test/fixtures/app-v1-heap.pb.gz', import.meta.url));

const PYRO_SOURCE = 'pyroscope+http://127.0.0.1:1/prefix/?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="a b"}&from=now-1h&until=now';

let upstream: Server;
let upstreamBase = '';
let upstreamAuth: string | undefined;
let slowGone: Promise<void> = new Promise(() => undefined);
let web: Awaited<ReturnType<typeof startWebServer>>;
let port = 0;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamAuth = req.headers.authorization;
    if (req.url === '/debug/pprof/heap') return void res.writeHead(200, { 'Content-Length': HEAP_GZ.length }).end(HEAP_GZ);
    if (req.url === '/slow') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write(HEAP_GZ.subarray(0, 100));
      slowGone = new Promise((resolve) => res.on('close', () => resolve()));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Unknown profile\n');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamBase = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const connections = memoryConnectionStore();
  const secretSource = upstreamBase.replace('http://', 'http://ann:hunter2@') + '/debug/pprof/heap';
  await seedConnections(connections, [secretSource], {});
  web = await startWebServer({ appDir, files: [join(work, 'x.pb.gz'), secretSource, PYRO_SOURCE], port: 0, remote: { connections } });
  port = Number(new URL(web.url).port);
});

afterAll(async () => {
  web.server.closeAllConnections();
  web.server.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

function post(body: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${web.url}api/remote`, { method: 'POST', body, signal, headers: { [TOKEN_HEADER]: web.token, 'Content-Type': 'application/json', ...headers } });
}

async function frames(response: Response): Promise<Frame[]> {
  const decoder = new FrameDecoder();
  const out = decoder.push(new Uint8Array(await response.arrayBuffer()));
  decoder.finish();
  return out;
}

/** Raw bytes over a socket; what the server sent before it closed (bounded). */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no close within 5 s'));
    }, 5000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes);
  });
}

describe('POST /api/remote refuses what is not the page', () => {
  it('without the token, or with another Host: 403', async () => {
    expect((await post('{"op":"connections"}', { [TOKEN_HEADER]: 'guess' })).status).toBe(403);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/remote', method: 'POST', headers: { Host: 'evil.example:80', [TOKEN_HEADER]: web.token, 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"op":"connections"}');
    });
    expect(status).toBe(403);
  });

  it('other methods and paths: 405', async () => {
    expect((await fetch(`${web.url}api/remote`, { headers: { [TOKEN_HEADER]: web.token } })).status).toBe(405);
    expect((await fetch(`${web.url}api/files`, { method: 'POST', body: '{}', headers: { [TOKEN_HEADER]: web.token } })).status).toBe(405);
  });

  it('a body that is not JSON, not a request, not typed so, or too large: a 4xx line, and the server goes on', async () => {
    const bad = await post('{"op":');
    expect([bad.status, await bad.text()]).toEqual([400, 'the body is not JSON']);
    const invalid = await post('{"op":"fetch","source":7}');
    expect([invalid.status, await invalid.text()]).toEqual([400, 'Invalid remote request: source must be a string.']);
    expect((await post('{"op":"connections"}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    const huge = JSON.stringify({ op: 'fetch', source: 'x'.repeat(100_000) });
    expect((await post(huge)).status).toBe(413);
    // Chunked, with no length to refuse it by: cut when it passes the limit.
    const chunked = await exchange(
      `POST /api/remote HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${TOKEN_HEADER}: ${web.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `10000\r\n${'x'.repeat(0x10000)}\r\n10000\r\n${'x'.repeat(0x10000)}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect((await post('{"op":"connections"}')).status).toBe(200);
  });
});

describe('POST /api/remote answers in frames', () => {
  it('a fetched profile: progress, its bytes, then its name and size; credentials from the launch', async () => {
    const response = await post(JSON.stringify({ op: 'fetch', source: `${upstreamBase}/debug/pprof/heap` }));
    expect(response.status).toBe(200);
    const all = await frames(response);
    expect(all.some((f) => f.type === 'progress')).toBe(true);
    const data = Buffer.concat(all.flatMap((f) => (f.type === 'data' ? [f.bytes] : [])));
    expect(data.equals(HEAP_GZ)).toBe(true);
    expect(all.at(-1)).toEqual({ type: 'end', name: 'heap', size: HEAP_GZ.length });
    expect(upstreamAuth).toBe(`Basic ${Buffer.from('ann:hunter2').toString('base64')}`);
  });

  it('a query: its JSON; a failure: its sentence and kind', async () => {
    expect(await frames(await post('{"op":"connections"}'))).toEqual([
      { type: 'json', value: [{ kind: 'go', url: `${upstreamBase}/`, user: 'ann', hasSecret: true, usedAt: expect.any(Number) as number }] },
    ]);
    expect(await frames(await post(JSON.stringify({ op: 'fetch', source: `${upstreamBase}/nope` })))).toEqual([
      { type: 'error', failure: { message: `${upstreamBase}/nope: nothing there (HTTP 404 Not Found); check the address: Unknown profile`, kind: 'not-found' } },
    ]);
  });

  it('when the page aborts mid-fetch, the upstream request is aborted', async () => {
    const controller = new AbortController();
    const response = await post(JSON.stringify({ op: 'fetch', source: `${upstreamBase}/slow` }), {}, controller.signal);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new FrameDecoder().push(first.value!)[0]).toEqual({ type: 'progress', progress: { received: 100 } });
    controller.abort();
    const gone = await Promise.race([slowGone.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000))]);
    expect(gone).toBe(true);
    expect((await post('{"op":"connections"}')).status).toBe(200);
  });
});

describe('sources named at start', () => {
  it('are listed with a name and their URL without credentials; their bytes come only through /api/remote', async () => {
    const list = (await (await fetch(`${web.url}api/files`, { headers: { [TOKEN_HEADER]: web.token } })).json()) as unknown;
    expect(list).toEqual([
      'x.pb.gz',
      { name: `heap · ${upstreamBase.slice('http://'.length)}`, source: `${upstreamBase}/debug/pprof/heap` },
      // A Pyroscope source as written, so the page shows and stores what the user typed.
      { name: 'a b · cpu · last 1h', source: PYRO_SOURCE },
    ]);
    expect(JSON.stringify(list)).not.toContain('hunter2');
    expect((await fetch(`${web.url}api/files/1`, { headers: { [TOKEN_HEADER]: web.token } })).status).toBe(404);
  });
});

describe('the command line seeds the launch\'s connection store', () => {
  it("with its credentials for each source's server, and a URL's user:password", async () => {
    const store = memoryConnectionStore();
    await seedConnections(store, [PYRO_SOURCE, 'http://ann:pw@svc:6060/debug/pprof/heap', 'http://other:6060/heap'], { tenant: 'acme', token: 'tok' });
    expect(await store.credentialsFor('http://127.0.0.1:1/prefix')).toEqual({ tenant: 'acme', token: 'tok' });
    expect(await store.credentialsFor('http://svc:6060/debug/pprof/heap')).toEqual({ tenant: 'acme', token: 'tok', user: 'ann', password: 'pw' });
    const none = memoryConnectionStore();
    await seedConnections(none, [PYRO_SOURCE, 'not a url'], {});
    expect(await none.list()).toEqual([]);
  });
});
