import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRemote, parseRemoteRequest, RemoteServiceError, type RemoteServiceDeps } from '../shared/remote/remote-service.js';
import { memoryConnectionStore } from '../shared/remote/connection-store.js';
import type { GoEndpoint, RemoteCredentials, RemoteFailure, RemoteRequest, SavedConnection } from '../shared/remote/remote-api.js';
import { decodeUncompressedProfile } from '../shared/formats/pprof-decode.js';
import { startPyroscopeServer, type PyroscopeTestServer } from './pyroscope-server/server.js';
import { fixturesDir } from './golden-helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const HEAP_GZ = readFileSync(`${fixturesDir}app-v1-heap.pb.gz`);
const INDEX_HTML = readFileSync(`${fixturesDir}go-pprof-index.html`, 'utf8');

let pyroscope: PyroscopeTestServer;
let go: Server;
let goBase = '';
let lastGo: IncomingMessage | undefined;
/** Requests to /slow are held until the test's hold is released or the client goes away. */
let slowClosed: Promise<void> = Promise.resolve();

beforeAll(async () => {
  pyroscope = await startPyroscopeServer({ fixturesDir, nowMs: NOW, tenant: 'acme' });
  go = createServer((req, res) => {
    lastGo = req;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/debug/pprof/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(INDEX_HTML);
    if (path === '/custom/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome</body></html>');
    if (path === '/debug/pprof/heap') return void res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': HEAP_GZ.length }).end(HEAP_GZ);
    if (path === '/slow') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write(HEAP_GZ.subarray(0, 10));
      slowClosed = new Promise((resolve) => res.on('close', () => resolve()));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Unknown profile\n');
  });
  await new Promise<void>((resolve) => go.listen(0, '127.0.0.1', resolve));
  goBase = `http://127.0.0.1:${(go.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await pyroscope.close();
  go.closeAllConnections();
  await new Promise((resolve) => go.close(resolve));
});

function deps(extra: Partial<RemoteServiceDeps> = {}): RemoteServiceDeps {
  return { fetch: (url, init) => fetch(url, init), connections: memoryConnectionStore(), now: () => NOW, ...extra };
}

const signal = () => new AbortController().signal;

async function failureOf(promise: Promise<unknown>): Promise<RemoteFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RemoteServiceError);
    return (error as RemoteServiceError).failure;
  }
  throw new Error('expected the request to fail');
}

const pyroSource = (query: string, extra = '') => `pyroscope+${pyroscope.url}/?query=${encodeURIComponent(query)}&from=now-1h&until=now${extra}`;

describe('fetch', () => {
  it('fetches an http source with progress, named by its last path segment, with the credentials kept for it', async () => {
    const connections = memoryConnectionStore();
    await connections.save({ kind: 'go', url: `${goBase}/debug/pprof/` }, { tenant: 'acme', token: 'tok' });
    const progress: unknown[] = [];
    const answer = await answerRemote({ op: 'fetch', source: `${goBase}/debug/pprof/heap` }, deps({ connections }), { signal: signal(), onProgress: (p) => progress.push(p) });
    expect(answer).toEqual({ kind: 'bytes', name: 'heap', bytes: new Uint8Array(HEAP_GZ) });
    expect(progress.at(-1)).toEqual({ received: HEAP_GZ.length, total: HEAP_GZ.length });
    expect(lastGo?.headers.authorization).toBe('Bearer tok');
    expect(lastGo?.headers['x-scope-orgid']).toBe('acme');
  });

  it("a request's own credentials win over the kept ones", async () => {
    const connections = memoryConnectionStore();
    await connections.save({ kind: 'go', url: `${goBase}/` }, { token: 'kept' });
    await answerRemote({ op: 'fetch', source: `${goBase}/debug/pprof/heap`, credentials: { user: 'ann', password: 'pw' } }, deps({ connections }), { signal: signal() });
    expect(lastGo?.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
  });

  it('fetches a Pyroscope source as pprof, named service · type · range, tenant from the store or the URL', async () => {
    const connections = memoryConnectionStore();
    await connections.save({ kind: 'pyroscope', url: pyroscope.url }, { tenant: 'acme' });
    const progress: { received: number }[] = [];
    const answer = await answerRemote({ op: 'fetch', source: pyroSource(`${CPU}{service_name="checkout",env="prod"}`) }, deps({ connections }), { signal: signal(), onProgress: (p) => progress.push(p) });
    if (answer.kind !== 'bytes') throw new Error('expected bytes');
    expect(answer.name).toBe('checkout · cpu · last 1h');
    const profile = decodeUncompressedProfile(answer.bytes);
    expect(profile.sampleTypes.map((t) => t.type)).toEqual(['cpu']);
    expect(progress.at(-1)?.received).toBe(answer.bytes.length);

    const viaUrl = await answerRemote({ op: 'fetch', source: pyroSource(`${CPU}{service_name="checkout",env="prod"}`, '&tenant=acme') }, deps(), { signal: signal() });
    expect(viaUrl).toEqual(answer);
  });

  it('says what is wrong with a source that is not one', async () => {
    expect(await failureOf(answerRemote({ op: 'fetch', source: '/etc/passwd' }, deps(), { signal: signal() }))).toEqual({
      message: '/etc/passwd: not a source URL; it must start with http://, https://, pyroscope+http:// or pyroscope+https://.',
      kind: 'bad-url',
    });
    const bad = await failureOf(answerRemote({ op: 'fetch', source: `pyroscope+${pyroscope.url}/?from=now-1h` }, deps(), { signal: signal() }));
    expect(bad.kind).toBe('bad-url');
    expect(bad.message).toMatch(/^The Pyroscope source URL needs a query/);
    expect(await failureOf(answerRemote({ op: 'fetch', source: `${goBase}/nope` }, deps(), { signal: signal() }))).toEqual({
      message: `${goBase}/nope: nothing there (HTTP 404 Not Found); check the address: Unknown profile`,
      kind: 'not-found',
    });
  });

  const source = () => pyroSource(`${CPU}{service_name="checkout",env="prod"}`, '&tenant=acme');
  const faults: [string, PyroscopeTestServer['fault'], Partial<RemoteServiceDeps>, RegExp][] = [
    ['503', { kind: 'status', status: 503 }, {}, /^The Pyroscope server failed \(503 Service Unavailable\); try again later or check the server's logs\.$/],
    ['401', { kind: 'status', status: 401 }, {}, /^The Pyroscope server refused access \(401 Unauthorized\); check the tenant/],
    ['429', { kind: 'status', status: 429 }, {}, /^The Pyroscope server is rate-limiting requests/],
    ['HTML', { kind: 'html' }, {}, /^An HTML page came back from http:\/\/127\.0\.0\.1:\d+ instead of a Pyroscope answer/],
    ['oversize', { kind: 'oversize', bytes: 3_000_000, declareLength: false }, { maxBytes: 1024 ** 2 }, /^The answer from the Pyroscope server is larger than the 1 MiB limit\.$/],
    ['Connect error body', { kind: 'connect-error', status: 503, code: 'unavailable', message: 'too many in-flight queries.' }, {}, /^The Pyroscope server answered SelectMergeProfile with an error \(unavailable\): too many in-flight queries\.$/],
  ];
  it.each(faults)('Pyroscope fault %s: its one sentence, kind pyroscope', async (_name, fault, extra, message) => {
    pyroscope.fault = fault;
    try {
      const failure = await failureOf(answerRemote({ op: 'fetch', source: source() }, deps(extra), { signal: signal() }));
      expect(failure.kind).toBe('pyroscope');
      expect(failure.message).toMatch(message);
    } finally {
      pyroscope.fault = undefined;
    }
  });

  it('a Pyroscope source without a tenant is refused with the hint', async () => {
    const failure = await failureOf(answerRemote({ op: 'fetch', source: pyroSource(CPU) }, deps(), { signal: signal() }));
    expect(failure).toEqual({ kind: 'pyroscope', message: 'The Pyroscope server refused access (401 Unauthorized): no org id; check the tenant (X-Scope-OrgID) and the user and password or token.' });
  });

  it('a cancel fails with kind cancelled, at once, for both kinds of source', async () => {
    pyroscope.fault = { kind: 'delay', ms: 5_000 };
    try {
      const controller = new AbortController();
      const started = performance.now();
      const pending = failureOf(answerRemote({ op: 'fetch', source: source() }, deps(), { signal: controller.signal }));
      setTimeout(() => controller.abort(), 100);
      expect(await pending).toEqual({ message: 'Cancelled.', kind: 'cancelled' });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      pyroscope.fault = undefined;
    }
    const controller = new AbortController();
    const pending = failureOf(answerRemote({ op: 'fetch', source: `${goBase}/slow` }, deps(), { signal: controller.signal, onProgress: () => controller.abort() }));
    expect(await pending).toEqual({ message: 'Cancelled.', kind: 'cancelled' });
    // The upstream request is gone too.
    await slowClosed;
    const aborted = new AbortController();
    aborted.abort();
    expect((await failureOf(answerRemote({ op: 'connections' }, deps(), { signal: aborted.signal }))).kind).toBe('cancelled');
  });
});

describe('goIndex', () => {
  it("lists the profiles of a Go service's index page, absolute, without cmdline and trace; profile is timed", async () => {
    const answer = await answerRemote({ op: 'goIndex', baseUrl: `${goBase}/debug/pprof` }, deps(), { signal: signal() });
    const endpoints = answer.kind === 'json' ? (answer.value as GoEndpoint[]) : [];
    expect(endpoints.map((e) => e.name)).toEqual(['allocs', 'block', 'goroutine', 'heap', 'mutex', 'profile', 'threadcreate']);
    expect(endpoints.find((e) => e.name === 'heap')).toMatchObject({ url: `${goBase}/debug/pprof/heap`, count: 2, timed: false });
    expect(endpoints.find((e) => e.name === 'profile')).toMatchObject({ url: `${goBase}/debug/pprof/profile`, timed: true });
    expect(endpoints.find((e) => e.name === 'profile')?.count).toBeUndefined();
    // A bare origin means /debug/pprof/.
    expect(await answerRemote({ op: 'goIndex', baseUrl: goBase }, deps(), { signal: signal() })).toEqual(answer);
  });

  it('falls back to the standard names for a page it cannot read, and fails with a sentence when there is no page', async () => {
    const answer = await answerRemote({ op: 'goIndex', baseUrl: `${goBase}/custom/` }, deps(), { signal: signal() });
    const endpoints = answer.kind === 'json' ? (answer.value as GoEndpoint[]) : [];
    expect(endpoints.map((e) => e.url)).toContain(`${goBase}/custom/profile`);
    expect(endpoints).toHaveLength(7);
    const failure = await failureOf(answerRemote({ op: 'goIndex', baseUrl: `${goBase}/nothing/` }, deps(), { signal: signal() }));
    expect(failure.kind).toBe('not-found');
  });
});

describe('pyroscope calls', () => {
  const call = (c: Extract<RemoteRequest, { op: 'pyroscope' }>['call']) =>
    answerRemote({ op: 'pyroscope', serverUrl: pyroscope.url, credentials: { tenant: 'acme' }, call: c }, deps(), { signal: signal() }).then((a) => (a.kind === 'json' ? a.value : null));
  const range = { startMs: NOW - HOUR, endMs: NOW };

  it('maps each call to the client', async () => {
    expect((await call({ method: 'profileTypes', ...range })) as { id: string }[]).toContainEqual(expect.objectContaining({ id: CPU }));
    expect(await call({ method: 'profileTypes' })).not.toEqual([]);
    expect(await call({ method: 'labelNames', ...range, matchers: [] })).toEqual(expect.arrayContaining(['env', 'service_name']));
    expect(await call({ method: 'labelValues', name: 'env', ...range, matchers: ['{service_name="checkout"}'] })).toEqual(['canary', 'prod']);
    expect(await call({ method: 'series', ...range, matchers: [`{__profile_type__="${CPU}"}`], labelNames: ['env'] })).toEqual([[{ name: 'env', value: 'canary' }], [{ name: 'env', value: 'prod' }]]);
    const series = (await call({ method: 'selectSeries', profileTypeId: CPU, labelSelector: '{service_name="checkout"}', ...range, stepSeconds: 600, groupBy: ['env'] })) as { labels: unknown; points: unknown[] }[];
    expect(series.map((s) => s.labels)).toEqual([[{ name: 'env', value: 'canary' }], [{ name: 'env', value: 'prod' }]]);
    expect(series[1].points).toHaveLength(6);
  });

  it('uses the tenant kept for the server', async () => {
    const connections = memoryConnectionStore();
    await connections.save({ kind: 'pyroscope', url: `${pyroscope.url}/` }, { tenant: 'acme' });
    const answer = await answerRemote({ op: 'pyroscope', serverUrl: pyroscope.url, call: { method: 'labelValues', name: 'env', ...range, matchers: [] } }, deps({ connections }), { signal: signal() });
    expect(answer).toEqual({ kind: 'json', value: ['canary', 'prod'] });
  });
});

describe('connections', () => {
  it('saves, lists (never the secrets), and forgets', async () => {
    const d = deps();
    const run = async (request: RemoteRequest) => (await answerRemote(request, d, { signal: signal() })) as { value: SavedConnection[] | null };
    await run({ op: 'saveConnection', connection: { kind: 'pyroscope', url: 'http://pyro:4040' }, credentials: { tenant: 'acme', user: 'ann', password: 'hunter2' } });
    await run({ op: 'saveConnection', connection: { kind: 'go', url: 'http://svc:6060/debug/pprof/', usedAt: NOW + 1 } });
    const listed = (await run({ op: 'connections' })).value;
    expect(listed).toEqual([
      { kind: 'go', url: 'http://svc:6060/debug/pprof/', usedAt: NOW + 1 },
      { kind: 'pyroscope', url: 'http://pyro:4040', tenant: 'acme', user: 'ann', hasSecret: true, usedAt: NOW },
    ]);
    expect(JSON.stringify(listed)).not.toContain('hunter2');
    expect(await d.connections.credentialsFor('pyroscope+http://pyro:4040/?query=x')).toEqual({ tenant: 'acme', user: 'ann', password: 'hunter2' });
    expect(await d.connections.credentialsFor('http://pyro:4041/')).toBeUndefined();
    await run({ op: 'forgetConnection', url: 'http://pyro:4040' });
    expect((await run({ op: 'connections' })).value).toHaveLength(1);
  });

  it('finds the longest saved prefix on a path boundary', async () => {
    const store = memoryConnectionStore();
    await store.save({ kind: 'go', url: 'http://svc:6060/' }, { token: 'origin' });
    await store.save({ kind: 'go', url: 'http://svc:6060/debug/pprof/' }, { token: 'pprof' });
    expect((await store.credentialsFor('http://svc:6060/debug/pprof/heap'))?.token).toBe('pprof');
    expect((await store.credentialsFor('http://svc:6060/debugger'))?.token).toBe('origin');
    expect(await store.credentialsFor('https://svc:6060/debug/pprof/heap')).toBeUndefined();
    expect(await store.credentialsFor('not a url')).toBeUndefined();
  });
});

describe('a secret the host keeps, with the tenant and user as typed', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('a connection re-saved without credentials keeps its user and password', async () => {
    const store = memoryConnectionStore(() => NOW);
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040' }, { user: 'ann', password: 'pw' });
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040', user: 'ann' });
    expect(await store.credentialsFor('http://pyro:4040')).toEqual({ user: 'ann', password: 'pw' });
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040' });
    expect(await store.credentialsFor('http://pyro:4040')).toEqual({ user: 'ann', password: 'pw' });
    expect(await store.list()).toEqual([{ kind: 'pyroscope', url: 'http://pyro:4040', user: 'ann', hasSecret: true, usedAt: NOW }]);
  });

  it('saved with savedSecret: the tenant and user as typed, the kept secret only for the same user', async () => {
    const store = memoryConnectionStore(() => NOW);
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040' }, { tenant: 'old', user: 'ann', password: 'pw' });
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040', tenant: 'new', user: 'ann' }, { tenant: 'new', user: 'ann', savedSecret: true });
    expect(await store.credentialsFor('http://pyro:4040')).toEqual({ tenant: 'new', user: 'ann', password: 'pw' });
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040', user: 'ann' }, { user: 'ann', savedSecret: true });
    expect(await store.credentialsFor('http://pyro:4040')).toEqual({ user: 'ann', password: 'pw' });
    await store.save({ kind: 'pyroscope', url: 'http://pyro:4040', user: 'bob' }, { user: 'bob', savedSecret: true });
    expect(await store.credentialsFor('http://pyro:4040')).toEqual({ user: 'bob' });
    expect((await store.list())[0].hasSecret).toBeUndefined();
  });

  it('a request with a new tenant and savedSecret is sent with the kept user and password under that tenant', async () => {
    const connections = memoryConnectionStore();
    await connections.save({ kind: 'go', url: `${goBase}/` }, { tenant: 'old', user: 'ann', password: 'pw' });
    const fetchHeap = (credentials: RemoteCredentials) =>
      answerRemote({ op: 'fetch', source: `${goBase}/debug/pprof/heap`, credentials }, deps({ connections }), { signal: signal() });
    await fetchHeap({ tenant: 'new', savedSecret: true });
    expect(lastGo?.headers.authorization).toBe(basic('ann', 'pw'));
    expect(lastGo?.headers['x-scope-orgid']).toBe('new');
    await fetchHeap({ user: 'ann', savedSecret: true });
    expect(lastGo?.headers.authorization).toBe(basic('ann', 'pw'));
    expect(lastGo?.headers['x-scope-orgid']).toBeUndefined();
    // Another user never gets ann's password; credentials without savedSecret are exactly what they say.
    await fetchHeap({ user: 'bob', savedSecret: true });
    expect(lastGo?.headers.authorization).toBe(basic('bob', ''));
    await fetchHeap({ tenant: 'new' });
    expect(lastGo?.headers.authorization).toBeUndefined();
    expect(lastGo?.headers['x-scope-orgid']).toBe('new');
  });

  it('the same for Pyroscope calls and the Go index', async () => {
    const connections = memoryConnectionStore();
    await connections.save({ kind: 'pyroscope', url: pyroscope.url }, { tenant: 'someone-else' });
    const range = { startMs: NOW - HOUR, endMs: NOW };
    const answer = await answerRemote(
      { op: 'pyroscope', serverUrl: pyroscope.url, credentials: { tenant: 'acme', savedSecret: true }, call: { method: 'labelValues', name: 'env', ...range, matchers: [] } },
      deps({ connections }),
      { signal: signal() },
    );
    expect(answer).toEqual({ kind: 'json', value: ['canary', 'prod'] });
    await connections.save({ kind: 'go', url: `${goBase}/debug/pprof/` }, { token: 'tok' });
    await answerRemote({ op: 'goIndex', baseUrl: `${goBase}/debug/pprof/`, credentials: { tenant: 't', savedSecret: true } }, deps({ connections }), { signal: signal() });
    expect(lastGo?.headers.authorization).toBe('Bearer tok');
    expect(lastGo?.headers['x-scope-orgid']).toBe('t');
  });
});

describe('parseRemoteRequest refuses hostile input with kind invalid', () => {
  const long = 'x'.repeat(8 * 1024 + 1);
  const bad: unknown[] = [
    null,
    42,
    'fetch',
    [],
    {},
    { op: 'rm -rf' },
    { op: 'fetch' },
    { op: 'fetch', source: 7 },
    { op: 'fetch', source: long },
    { op: 'fetch', source: 'http://x/', extra: 1 },
    { op: 'fetch', source: 'http://x/', credentials: 'pw' },
    { op: 'fetch', source: 'http://x/', credentials: { password: long } },
    { op: 'fetch', source: 'http://x/', credentials: { cookie: 'c' } },
    { op: 'fetch', source: 'http://x/', credentials: { savedSecret: 'yes' } },
    { op: 'goIndex', baseUrl: 'file:///etc/' },
    { op: 'goIndex', baseUrl: 'not a url' },
    { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'constructor' } },
    { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'labelNames', startMs: 0, endMs: Infinity, matchers: [] } },
    { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'labelNames', startMs: 0, endMs: '1', matchers: [] } },
    { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'labelNames', startMs: 0, endMs: 1, matchers: new Array(101).fill('{}') } },
    { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'labelNames', startMs: 0, endMs: 1, matchers: [1] } },
    { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'selectSeries', profileTypeId: CPU, labelSelector: '{}', startMs: 0, endMs: 1, stepSeconds: NaN, groupBy: [] } },
    { op: 'saveConnection', connection: { kind: 'ftp', url: 'http://x/' } },
    { op: 'saveConnection', connection: { kind: 'go', url: 'http://x/', hasSecret: 'yes' } },
    { op: 'forgetConnection' },
    JSON.parse('{"op":"fetch","source":"http://x/","__proto__":{"polluted":true}}'),
  ];
  it.each(bad.map((input) => [JSON.stringify(input)?.slice(0, 80) ?? String(input), input]))('%s', (_name, input) => {
    let caught: unknown;
    try {
      parseRemoteRequest(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RemoteServiceError);
    expect((caught as RemoteServiceError).failure.kind).toBe('invalid');
    expect((caught as RemoteServiceError).failure.message).toMatch(/^Invalid remote request: [^\n]+\.$/);
  });

  it('passes well-formed requests through, rebuilt from their known fields', () => {
    const good: RemoteRequest[] = [
      { op: 'fetch', source: 'pyroscope+http://p/?query=x', credentials: { tenant: 't' } },
      { op: 'fetch', source: 'pyroscope+http://p/?query=x', credentials: { tenant: 't', user: 'ann', savedSecret: true } },
      { op: 'goIndex', baseUrl: 'http://svc:6060/debug/pprof/' },
      { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'profileTypes' } },
      { op: 'pyroscope', serverUrl: 'http://p/', call: { method: 'selectSeries', profileTypeId: CPU, labelSelector: '', startMs: 1, endMs: 2, stepSeconds: 15, groupBy: ['env'] } },
      { op: 'connections' },
      { op: 'saveConnection', connection: { kind: 'go', url: 'http://x/', tenant: 't' }, credentials: { token: 'k' } },
      { op: 'forgetConnection', url: 'http://x/' },
    ];
    for (const request of good) expect(parseRemoteRequest(JSON.parse(JSON.stringify(request)))).toEqual(request);
  });
});
