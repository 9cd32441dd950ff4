import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { startPyroscopeServer, type PyroscopeTestServer } from '../test/pyroscope-server/server.js';

const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
const CPU_GZ = readFileSync(`${fixtures}app-v1-cpu.pb.gz`);
const CPU_RAW = gunzipSync(CPU_GZ);
const HEAP_GZ = readFileSync(`${fixtures}app-v1-heap.pb.gz`);

let server: Server;
let base = '';
let last: IncomingMessage | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    last = req;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const bodies: Record<string, Buffer> = { '/cpu.gz': CPU_GZ, '/cpu.raw': CPU_RAW, '/heap.gz': HEAP_GZ };
    if (path === '/private' && req.headers.authorization !== 'Bearer tok') {
      res.writeHead(401).end();
      return;
    }
    const body = path === '/private' ? CPU_GZ : bodies[path];
    if (path === '/login') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>');
      return;
    }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Unknown profile\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

describe('http(s) sources on the command line', () => {
  it('top, peek and tags of a URL print what they print for the same bytes in a file', async () => {
    for (const path of ['/cpu.gz', '/cpu.raw']) {
      for (const args of [['top', '--json'], ['peek', 'sha256', '--json'], ['tags', '--json']]) {
        const [command, ...rest] = args;
        const remote = await run(command, `${base}${path}`, ...rest);
        const local = await run(command, `${fixtures}app-v1-cpu.pb.gz`, ...rest);
        expect(remote.status).toBe(0);
        expect(remote.out).toBe(local.out);
      }
    }
  });

  it('diff takes URLs for both sides', async () => {
    const remote = await run('diff', `${base}/cpu.gz`, `${base}/cpu.raw`, '--json');
    const local = await run('diff', `${fixtures}app-v1-cpu.pb.gz`, `${fixtures}app-v1-cpu.pb.gz`, '--json');
    expect(remote.status).toBe(0);
    expect(remote.out).toBe(local.out);
  });

  it('pull saves the bytes gzipped (as they came when they came gzipped), and top reads them back alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flamedeck-pull-'));
    const pulled = await run('pull', `${base}/cpu.raw`, '-o', join(dir, 'cpu.pb.gz'));
    expect(pulled.status).toBe(0);
    const saved = readFileSync(join(dir, 'cpu.pb.gz'));
    expect(saved.subarray(0, 2)).toEqual(Buffer.of(0x1f, 0x8b));
    expect(gunzipSync(saved).equals(CPU_RAW)).toBe(true);
    expect((await run('pull', `${base}/heap.gz`, '-o', join(dir, 'heap.pb.gz'))).status).toBe(0);
    expect(readFileSync(join(dir, 'heap.pb.gz')).equals(HEAP_GZ)).toBe(true);
    expect((await run('top', join(dir, 'heap.pb.gz'), '--json')).out).toBe((await run('top', `${base}/heap.gz`, '--json')).out);
  });

  it('sends --seconds, --tenant, --user with FLAMEDECK_PASSWORD, and FLAMEDECK_TOKEN', async () => {
    const saved = { ...process.env };
    try {
      process.env.FLAMEDECK_PASSWORD = 'pw';
      expect((await run('top', `${base}/cpu.gz`, '--seconds', '1', '--tenant', 'acme', '--user', 'ann', '--json')).status).toBe(0);
      expect(last!.url).toBe('/cpu.gz?seconds=1');
      expect(last!.headers['x-scope-orgid']).toBe('acme');
      expect(last!.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
      process.env.FLAMEDECK_TOKEN = 'tok';
      expect((await run('top', `${base}/private`, '--json')).status).toBe(0);
    } finally {
      process.env.FLAMEDECK_PASSWORD = saved.FLAMEDECK_PASSWORD;
      process.env.FLAMEDECK_TOKEN = saved.FLAMEDECK_TOKEN;
      if (saved.FLAMEDECK_PASSWORD === undefined) delete process.env.FLAMEDECK_PASSWORD;
      if (saved.FLAMEDECK_TOKEN === undefined) delete process.env.FLAMEDECK_TOKEN;
    }
  });

  it('says each failure in one flamedeck: line, exit status 1, never showing credentials', async () => {
    const secretBase = base.replace('http://', 'http://ann:hunter2@');
    const cases: [string[], string][] = [
      [['top', `${secretBase}/private`], `flamedeck: ${base}/private: the server refused access (HTTP 401 Unauthorized); give credentials or a tenant (--tenant T, --user U with FLAMEDECK_PASSWORD, or FLAMEDECK_TOKEN)\n`],
      [['peek', `${base}/nope`, 'x'], `flamedeck: ${base}/nope: nothing there (HTTP 404 Not Found); check the address: Unknown profile\n`],
      [['tags', `${base}/login`], `flamedeck: ${base}/login: an HTML page came back instead of a profile (a login page of a proxy?)\n`],
      [['pull', `${secretBase}/login`, '-o', join(tmpdir(), 'never-written.pb.gz')], `flamedeck: ${base}/login: an HTML page came back instead of a profile (a login page of a proxy?)\n`],
      [['peek', `${secretBase}/cpu.gz`, 'no-such-function'], `flamedeck: ${base}/cpu.gz: no function matches "no-such-function"\n`],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect([result.status, result.err, result.out]).toEqual([1, message, '']);
    }
  });

  it('--max-download (or FLAMEDECK_MAX_DOWNLOAD) caps the size of a fetch', async () => {
    const capped = await run('top', `${base}/cpu.gz`, '--max-download', '1kb');
    expect([capped.status, capped.err]).toEqual([1, `flamedeck: ${base}/cpu.gz: the profile is larger than the 1000 bytes limit\n`]);
    expect((await run('top', `${base}/cpu.gz`, '--max-download', '1mb')).status).toBe(0);
    const saved = process.env.FLAMEDECK_MAX_DOWNLOAD;
    process.env.FLAMEDECK_MAX_DOWNLOAD = '2kb';
    try {
      expect((await run('pull', `${base}/cpu.gz`, '-o', join(tmpdir(), 'never-written.pb.gz'))).err).toMatch(/larger than the 2 KiB limit/);
    } finally {
      if (saved === undefined) delete process.env.FLAMEDECK_MAX_DOWNLOAD;
      else process.env.FLAMEDECK_MAX_DOWNLOAD = saved;
    }
  });

  it('says what to do with a URL it cannot fetch, or one without its scheme', async () => {
    const ftp = await run('top', 'ftp://127.0.0.1/x.pb.gz');
    expect([ftp.status, ftp.err]).toEqual([1, 'flamedeck: ftp://127.0.0.1/x.pb.gz: only http://, https:// and pyroscope+http(s):// sources can be fetched\n']);
    const bare = await run('top', '127.0.0.1:6060/debug/pprof/heap');
    expect([bare.status, bare.err]).toEqual([1, 'flamedeck: 127.0.0.1:6060/debug/pprof/heap: no such file (for a URL, write http://127.0.0.1:6060/debug/pprof/heap)\n']);
  });

  it('rejects bad usage with status 2', async () => {
    expect((await run('top', `${base}/cpu.gz`, '--max-download', 'lots')).status).toBe(2);
    expect((await run('top', `${base}/cpu.gz`, '--seconds', 'soon')).status).toBe(2);
    expect((await run('pull', `${base}/cpu.gz`)).status).toBe(2);
    expect((await run('pull', `${fixtures}app-v1-cpu.pb.gz`, '-o', '/tmp/x')).status).toBe(2);
  });
});

describe('Pyroscope sources on the command line', () => {
  const NOW = Date.now();
  const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
  let pyroscope: PyroscopeTestServer;
  beforeAll(async () => {
    pyroscope = await startPyroscopeServer({ fixturesDir: fixtures, nowMs: NOW, tenant: 'acme' });
  });
  afterAll(() => pyroscope.close());
  // Absolute times, so that two commands name the very same range.
  const source = (selector = '{service_name="checkout",env="prod"}', range = `from=${Math.floor((NOW - 3_600_000) / 1000)}&until=${Math.floor(NOW / 1000)}`) =>
    `pyroscope+${pyroscope.url}/?query=${encodeURIComponent(CPU + selector)}&${range}`;

  it('top of a source equals top of the file pull saved from it; the tenant from --tenant or the URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flamedeck-pyro-'));
    const remote = await run('top', source(), '--tenant', 'acme', '--json');
    expect([remote.status, remote.err]).toEqual([0, '']);
    expect(JSON.parse(remote.out)).toMatchObject({ sampleType: 'cpu' });
    const pulled = await run('pull', source(), '--tenant', 'acme', '-o', join(dir, 'cpu.pb.gz'));
    expect(pulled.status).toBe(0);
    expect(readFileSync(join(dir, 'cpu.pb.gz')).subarray(0, 2)).toEqual(Buffer.of(0x1f, 0x8b));
    expect((await run('top', join(dir, 'cpu.pb.gz'), '--json')).out).toBe(remote.out);
    expect((await run('top', `${source()}&tenant=acme`, '--json')).out).toBe(remote.out);
    expect(pyroscope.requests.at(-1)?.headers['x-scope-orgid']).toBe('acme');
    // Relative times work as in Pyroscope's UI.
    expect((await run('tags', source(undefined, 'from=now-1h&until=now'), '--tenant', 'acme', '--json')).status).toBe(0);
  });

  it('sends --user with FLAMEDECK_PASSWORD, or FLAMEDECK_TOKEN', async () => {
    const saved = { ...process.env };
    try {
      process.env.FLAMEDECK_TOKEN = 'tok';
      expect((await run('top', source(), '--tenant', 'acme', '--json')).status).toBe(0);
      expect(pyroscope.requests.at(-1)?.headers.authorization).toBe('Bearer tok');
      delete process.env.FLAMEDECK_TOKEN;
      process.env.FLAMEDECK_PASSWORD = 'pw';
      expect((await run('top', source(), '--tenant', 'acme', '--user', 'ann', '--json')).status).toBe(0);
      expect(pyroscope.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
    } finally {
      for (const name of ['FLAMEDECK_PASSWORD', 'FLAMEDECK_TOKEN']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it('says each failure in one flamedeck: line, exit status 1', async () => {
    const cases: [string[], string | RegExp][] = [
      [['top', source()], 'flamedeck: The Pyroscope server refused access (401 Unauthorized): no org id; check the tenant (X-Scope-OrgID) and the user and password or token (--tenant T, --user U with FLAMEDECK_PASSWORD, or FLAMEDECK_TOKEN)\n'],
      [['top', source('{service_name="nobody"}'), '--tenant', 'acme'], `flamedeck: The Pyroscope server has no ${CPU} samples for {service_name="nobody"} in that time range.\n`],
      [['top', `pyroscope+${pyroscope.url}/?from=now-1h`], /^flamedeck: The Pyroscope source URL needs a query, like .*\n$/],
      [['pull', source('{service_name=checkout}'), '-o', join(tmpdir(), 'never-written.pb.gz')], /^flamedeck: .*label selector.*\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect([result.status, result.out]).toEqual([1, '']);
      expect(result.err).toMatch(message);
      expect(result.err.split('\n')).toHaveLength(2);
    }
    pyroscope.fault = { kind: 'status', status: 503 };
    try {
      const result = await run('top', source(), '--tenant', 'acme');
      expect([result.status, result.err]).toEqual([1, "flamedeck: The Pyroscope server failed (503 Service Unavailable); try again later or check the server's logs.\n"]);
    } finally {
      pyroscope.fault = undefined;
    }
    expect((await run('top', source(), '--tenant', 'acme', '--seconds', '5')).status).toBe(2);
  });

  it('serve and the app check a source before they start', async () => {
    for (const command of [['serve'], ['--web']]) {
      const result = await run(...command, `pyroscope+${pyroscope.url}/?query=nonsense`);
      expect([result.status, result.out]).toEqual([1, '']);
      expect(result.err).toMatch(/^flamedeck: "nonsense" is not a Pyroscope profile type/);
    }
  });
});
