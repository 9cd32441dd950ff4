import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displaySourceUrl, fetchProfileBytes, recordingSeconds, RemoteError, type FetchProfileOptions, type HttpFetch } from './http-source.js';

const GZ = readFileSync(new URL('../../test/fixtures/app-v1-heap.pb.gz', import.meta.url));
const RAW = gunzipSync(GZ);
const nodeFetch: HttpFetch = globalThis.fetch;

/** What each request carried, by path: the tests check headers and query strings here. */
const seen = new Map<string, IncomingMessage>();
/** How many body bytes the oversize route got written before the client hung up. */
let streamedBytes = 0;

function route(req: IncomingMessage, res: ServerResponse, otherOrigin: string) {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.set(url.pathname, req);
  const send = (status: number, body: string | Buffer, type = 'application/octet-stream', extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': type, ...extra });
    res.end(body);
  };
  switch (url.pathname) {
    case '/gz':
      return send(200, GZ);
    case '/raw':
      return send(200, RAW);
    case '/404':
      return send(404, 'Unknown profile\n', 'text/plain; charset=utf-8');
    case '/429':
      return send(429, 'slow down', 'text/plain', { 'Retry-After': '7' });
    case '/500':
      return send(500, 'Could not enable CPU profiling: cpu profiling already in use\n', 'text/plain; charset=utf-8');
    case '/401':
      return send(401, 'no');
    case '/403':
      return send(403, '<html>forbidden</html>', 'text/html');
    case '/html':
      return send(200, '<!DOCTYPE html><html><body><form>Sign in</form></body></html>', 'text/html; charset=utf-8');
    case '/html-as-octets':
      return send(200, '\n  <html><body>Sign in</body></html>');
    case '/big':
      return send(200, Buffer.alloc(5000));
    case '/big-stream': {
      // No Content-Length: the cap must trip while the body streams, long before this ends.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      let chunks = 0;
      const push = () => {
        while (chunks < 2000 && !res.destroyed) {
          chunks++;
          streamedBytes += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024))) return void res.once('drain', push);
        }
        res.end();
      };
      return push();
    }
    case '/drip': {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      let n = 0;
      const timer = setInterval(() => {
        if (res.destroyed || n++ > 200) {
          clearInterval(timer);
          return void res.end();
        }
        res.write(Buffer.of(0x0a));
      }, 20);
      return;
    }
    case '/debug/pprof/profile':
    case '/slow': {
      const timer = setTimeout(() => send(200, GZ), 1500);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case '/to-file':
      return send(302, '', 'text/plain', { Location: 'file:///etc/passwd' });
    case '/loop':
      return send(302, '', 'text/plain', { Location: '/loop' });
    case '/to-gz':
      return send(307, '', 'text/plain', { Location: '/gz' });
    case '/to-other':
      return send(302, '', 'text/plain', { Location: `${otherOrigin}/gz` });
    default:
      return send(404, 'no such route', 'text/plain');
  }
}

let server: Server;
let other: Server;
let base = '';
let otherBase = '';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<[Server, string]> {
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return [s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  [other, otherBase] = await listen((req, res) => {
    seen.set(`other${req.url}`, req);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(GZ);
  });
  [server, base] = await listen((req, res) => route(req, res, otherBase));
});

afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
});

const get = (path: string, options: Partial<FetchProfileOptions> = {}) =>
  fetchProfileBytes(`${base}${path}`, { fetch: nodeFetch, connectTimeoutMs: 2000, totalTimeoutMs: 4000, ...options });

async function failure(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  const remote = error as RemoteError;
  // One sentence: one line, no stack, no internal error text.
  expect(remote.message).not.toContain('\n');
  expect(remote.message).not.toMatch(/TypeError|fetch failed/);
  return remote;
}

describe('fetchProfileBytes against a local server', () => {
  it('returns gzipped and raw bodies as they came', async () => {
    expect(Buffer.from((await get('/gz')).bytes).equals(GZ)).toBe(true);
    expect(Buffer.from((await get('/raw')).bytes).equals(RAW)).toBe(true);
  });

  it('reports progress while the body streams', async () => {
    const calls: number[] = [];
    await get('/raw', { onProgress: (received) => calls.push(received) });
    expect(calls.at(-1)).toBe(RAW.length);
  });

  it('sets ?seconds=N and sends credentials as headers, never in the URL', async () => {
    await get('/gz?seconds=99&x=1', { seconds: 3, tenant: 'team-a', user: 'ann', password: 'pä ss' });
    const req = seen.get('/gz')!;
    expect(req.url).toBe('/gz?seconds=3&x=1');
    expect(req.headers['x-scope-orgid']).toBe('team-a');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('ann:pä ss').toString('base64')}`);
    await get('/gz', { token: 'tok', user: 'ann' });
    expect(seen.get('/gz')!.headers.authorization).toBe('Bearer tok');
  });

  it('turns userinfo in the URL into basic auth and strips it from the request', async () => {
    const url = base.replace('http://', 'http://bob:s%40cret@');
    const fetched = await fetchProfileBytes(`${url}/gz`, { fetch: nodeFetch });
    expect(seen.get('/gz')!.headers.authorization).toBe(`Basic ${Buffer.from('bob:s@cret').toString('base64')}`);
    expect(fetched.finalUrl).toBe(`${base}/gz`);
  });

  it('names each HTTP failure in one sentence', async () => {
    expect((await failure(get('/404'))).message).toBe(`${base}/404: nothing there (HTTP 404 Not Found); check the address: Unknown profile`);
    const limited = await failure(get('/429'));
    expect([limited.kind, limited.message]).toEqual(['rate-limited', `${base}/429: the server is limiting requests (HTTP 429 Too Many Requests); try again in 7 s`]);
    const failed = await failure(get('/500'));
    expect(failed.kind).toBe('server-error');
    expect(failed.message).toContain('HTTP 500 Internal Server Error): Could not enable CPU profiling: cpu profiling already in use');
    for (const status of ['401', '403']) {
      const refused = await failure(get(`/${status}`));
      expect(refused.kind).toBe('unauthorized');
      expect(refused.message).toMatch(/refused access \(HTTP 40[13] [A-Za-z]+\); give credentials or a tenant$/);
    }
  });

  it('says an HTML page came back, by Content-Type or by the first byte', async () => {
    for (const path of ['/html', '/html-as-octets']) {
      const error = await failure(get(path));
      expect(error.kind).toBe('html');
      expect(error.message).toBe(`${base}${path}: an HTML page came back instead of a profile (a login page of a proxy?)`);
    }
  });

  it('refuses a body over the cap, by Content-Length and while it streams', async () => {
    const declared = await failure(get('/big', { maxBytes: 1000 }));
    expect([declared.kind, declared.message]).toEqual(['too-large', `${base}/big: the profile is larger than the 1000 bytes limit`]);
    streamedBytes = 0;
    const streamed = await failure(get('/big-stream', { maxBytes: 1024 * 1024 }));
    expect(streamed.message).toBe(`${base}/big-stream: the profile is larger than the 1 MiB limit`);
    // The server stopped long before its 125 MiB: the client hung up instead of reading it all.
    await new Promise((r) => setTimeout(r, 100));
    expect(streamedBytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('times out a server that drips bytes, and one that does not answer', async () => {
    const started = Date.now();
    const drip = await failure(get('/drip', { totalTimeoutMs: 400 }));
    expect([drip.kind, drip.message]).toEqual(['timeout', `${base}/drip: the profile did not arrive within 0.4 s (the server is too slow, or stalled)`]);
    const slow = await failure(get('/slow', { connectTimeoutMs: 300 }));
    expect([slow.kind, slow.message]).toEqual(['timeout', `${base}/slow: no answer within 0.3 s`]);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('lengthens the timeouts by the capture time', async () => {
    // 1.5 s of headers delay: more than the 0.3 s timeouts, within them plus seconds=2.
    const fetched = await get('/slow', { connectTimeoutMs: 300, totalTimeoutMs: 300, seconds: 2 });
    expect(Buffer.from(fetched.bytes).equals(GZ)).toBe(true);
  });

  it("waits for a CPU recording the URL gives no seconds for: Go's default 30 s", async () => {
    const fetched = await get('/debug/pprof/profile', { connectTimeoutMs: 300, totalTimeoutMs: 300 });
    expect(Buffer.from(fetched.bytes).equals(GZ)).toBe(true);
    expect(seen.get('/debug/pprof/profile')!.url).toBe('/debug/pprof/profile');
  });

  it('knows how long a source records before it answers', () => {
    expect(['http://h/debug/pprof/profile', 'http://h/debug/pprof/profile?seconds=5', 'http://h/debug/pprof/trace', 'http://h/debug/pprof/heap?seconds=5', 'pyroscope+http://h/profile', 'http://h/debug/pprof/profile?seconds=x'].map(recordingSeconds)).toEqual([30, 5, 1, undefined, undefined, undefined]);
  });

  it('follows http redirects, but not to other schemes, nor forever', async () => {
    const fetched = await get('/to-gz');
    expect(fetched.finalUrl).toBe(`${base}/gz`);
    const toFile = await failure(get('/to-file'));
    expect([toFile.kind, toFile.message]).toEqual(['redirect', `${base}/to-file: the server redirected to a file: address; only http(s) redirects are followed`]);
    const loop = await failure(get('/loop'));
    expect([loop.kind, loop.message]).toEqual(['redirect', `${base}/loop: too many redirects (more than 5)`]);
  });

  it('does not carry credentials along a redirect to another origin', async () => {
    await get('/to-other', { token: 'secret', tenant: 't' });
    expect(seen.get('/to-other')!.headers.authorization).toBe('Bearer secret');
    const there = seen.get('other/gz')!;
    expect(there.headers.authorization).toBeUndefined();
    expect(there.headers['x-scope-orgid']).toBeUndefined();
  });

  it('says the connection was refused', async () => {
    const [closed, closedBase] = await listen(() => undefined);
    await new Promise((r) => closed.close(r));
    const error = await failure(fetchProfileBytes(`${closedBase}/heap`, { fetch: nodeFetch }));
    expect([error.kind, error.message]).toEqual(['refused', `${closedBase}/heap: connection refused (is the service running, on that port?)`]);
  });

  it('says a TLS connection failed (https:// to a plain http port)', async () => {
    const tlsBase = base.replace('http://', 'https://');
    const error = await failure(fetchProfileBytes(`${tlsBase}/gz`, { fetch: nodeFetch }));
    expect([error.kind, error.message]).toEqual(['tls', `${tlsBase}/gz: the server does not speak TLS on that port (is it http://?)`]);
  });

  it('fails with kind cancelled when the caller cancels, before or during the fetch', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const during = await failure(get('/drip', { signal: controller.signal }));
    expect(during.kind).toBe('cancelled');
    const before = await failure(get('/gz', { signal: controller.signal }));
    expect(before.kind).toBe('cancelled');
  });

  it('refuses what is not http(s)', async () => {
    for (const source of ['file:///etc/passwd', 'ftp://host/x', 'not a url']) {
      expect((await failure(fetchProfileBytes(source, { fetch: nodeFetch }))).kind).toBe('bad-url');
    }
  });
});

describe('fetchProfileBytes with an injected fetch', () => {
  const failing = (cause: object): HttpFetch => () => Promise.reject(new TypeError('fetch failed', { cause }));

  it('tells DNS and TLS failures apart', async () => {
    const dns = await failure(fetchProfileBytes('https://nowhere.invalid/x', { fetch: failing({ code: 'ENOTFOUND' }) }));
    expect([dns.kind, dns.message]).toEqual(['dns', 'https://nowhere.invalid/x: the host name could not be resolved (DNS)']);
    const tls = await failure(fetchProfileBytes('https://h/x', { fetch: failing({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }));
    expect([tls.kind, tls.message]).toEqual(['tls', 'https://h/x: the secure (TLS) connection failed: DEPTH_ZERO_SELF_SIGNED_CERT']);
    const other = await failure(fetchProfileBytes('http://h:1/x', { fetch: failing(new Error('bad port')) }));
    expect(other.message).toBe('http://h:1/x: this port is one that fetch refuses to use (as browsers do); serve the profiles on another port');
  });
});

describe('displaySourceUrl', () => {
  it('strips user and password, keeping the rest', () => {
    expect(displaySourceUrl('http://ann:pw@host:6060/debug/pprof/profile?seconds=30')).toBe('http://host:6060/debug/pprof/profile?seconds=30');
    expect(displaySourceUrl('https://token@host/x')).toBe('https://host/x');
    expect(displaySourceUrl('http://host/x')).toBe('http://host/x');
    expect(displaySourceUrl('pyroscope+http://a:b@host:4040/?query=x')).toBe('pyroscope+http://host:4040/?query=x');
    expect(displaySourceUrl('weird://a:b@')).not.toContain('a:b');
  });
});
