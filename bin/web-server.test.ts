import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/hosting.js';
import { startWebServer } from './web-server.js';

const work = mkdtempSync(join(tmpdir(), 'flamedeck-web-'));
const appDir = join(work, 'app');
mkdirSync(appDir);
writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><title>Flamedeck</title></head><body></body></html>');
writeFileSync(join(appDir, 'app.js'), 'console.log("app")');
const outside = join(work, 'outside');
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), 'SECRET-OUTSIDE');
// Links out of the served folder must not be followed; a link that stays inside may be.
symlinkSync(join(outside, 'secret.txt'), join(appDir, 'leak.txt'));
symlinkSync(outside, join(appDir, 'linked-dir'));
symlinkSync(join(appDir, 'app.js'), join(appDir, 'alias.js'));

const fixture = new URL('../test/fixtures/app-v1-cpu.pb.gz', import.meta.url).pathname;
const profile = join(work, 'app-v1-cpu.pb.gz');
copyFileSync(fixture, profile);
const vanishing = join(work, 'vanishing.pb.gz');
const becomesDirectory = join(work, 'becomes-directory.pb.gz');
const shrinking = join(work, 'shrinking.pb.gz');
writeFileSync(vanishing, 'x');
writeFileSync(becomesDirectory, 'x');
// Sparse: 256 MB that take no disk, far more than the socket buffers hold.
writeFileSync(shrinking, '');
truncateSync(shrinking, 256 * 2 ** 20);

let server: Awaited<ReturnType<typeof startWebServer>>;
let port: number;
let host: string;
beforeAll(async () => {
  server = await startWebServer({ appDir, files: [profile, vanishing, becomesDirectory, shrinking], port: 0 });
  port = Number(new URL(server.url).port);
  host = `127.0.0.1:${port}`;
});
afterAll(() => {
  server.server.close();
  rmSync(work, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET through node:http with the headers given (fetch would normalize the path and the Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw bytes over a socket; resolves with everything the server sent before it closed (bounded). */
function exchange(bytes: string | Buffer, { closeAfterWrite = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 5 s; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`));
    }, 5000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes, () => {
      if (closeAfterWrite) socket.destroy();
    });
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);
const rawGet = (path: string, hostHeader: string | null = host) =>
  exchange(`GET ${path} HTTP/1.1\r\n${hostHeader === null ? '' : `Host: ${hostHeader}\r\n`}Connection: close\r\n\r\n`);

async function tokenOfPage(): Promise<string> {
  const page = await get('/');
  const token = /<meta name="flamedeck-token" content="([^"]+)">/.exec(page.body.toString())?.[1];
  expect(token).toBeTruthy();
  return token!;
}

async function expectStillServing(): Promise<void> {
  const page = await get('/app.js');
  expect(page.status).toBe(200);
  expect(page.body.toString()).toBe('console.log("app")');
}

describe('web mode server', () => {
  it('listens on 127.0.0.1 only and serves the app with the CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('serves the files named at start by index, and nothing else on disk', async () => {
    const token = await tokenOfPage();
    const auth = { 'X-Flamedeck-Token': token };
    expect(JSON.parse((await get('/api/files', auth)).body.toString())).toEqual([
      'app-v1-cpu.pb.gz',
      'vanishing.pb.gz',
      'becomes-directory.pb.gz',
      'shrinking.pb.gz',
    ]);
    expect((await get('/api/files/9', auth)).status).toBe(404);
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const answer = await get(path);
      expect([400, 403, 404]).toContain(answer.status);
      expect(answer.body.toString()).not.toMatch(/root:/);
    }
    expect((await get('/nope.js')).status).toBe(404);
  });
});

describe('nothing a client sends ends the server', () => {
  const cases: [string, () => Promise<string>, number[]][] = [
    ['a lone percent sign', () => rawGet('/%'), [400]],
    ['a malformed escape', () => rawGet('/%zz'), [400]],
    ['an escape that decodes to invalid UTF-8', () => rawGet('/%c0%af'), [400]],
    ['an escaped NUL', () => rawGet('/index%00.html'), [400]],
    ['an escaped traversal', () => rawGet('/..%2f..%2fetc/passwd'), [403, 404]],
    ['a path in absolute form', () => rawGet('http://evil.com/'), [400]],
    ['an asterisk path', () => exchange(`OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`), [400, 405]],
    ['a huge path', () => rawGet(`/${'a'.repeat(200_000)}`), [400, 414, 431]],
    ['garbage bytes', () => exchange(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a, 0x47, 0x45, 0x54])), [400]],
    ['a request line with no version (and so no Host)', () => exchange('GET /\r\n\r\n'), [400, 403]],
    ['a POST', () => exchange(`POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc`), [405]],
  ];
  it.each(cases)('%s gets an error status, and the server answers the next request', async (_name, send, statuses) => {
    const answer = await send();
    expect(statuses).toContain(statusOf(answer));
    expect(answer).not.toMatch(/root:|at .*\.ts:\d+|TypeError|URIError/);
    expect(bodyOf(answer).split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    await expectStillServing();
  });

  it('an unexpected failure (the app folder emptied by a rebuild) is a one-line 500', async () => {
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    renameSync(join(appDir, 'index.html'), join(work, 'index.html'));
    try {
      const answer = await get('/');
      expect(answer.status).toBe(500);
      expect(answer.body.toString()).toBe('server error');
      expect(said).toHaveBeenCalledWith(expect.stringMatching(/^flamedeck: web server: GET \/: ENOENT/));
    } finally {
      renameSync(join(work, 'index.html'), join(appDir, 'index.html'));
      said.mockRestore();
    }
    await expectStillServing();
  });

  it('a half request, then the client hangs up', async () => {
    expect(await exchange(`GET /index.html HTTP/1.1\r\nHost: ${host}\r\nX-Half`, { closeAfterWrite: true })).toBe('');
    await expectStillServing();
  });

  it('an error on the listening socket (e.g. out of file descriptors) is said, and serving goes on', async () => {
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      server.server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
      expect(said).toHaveBeenCalledWith('flamedeck: web server: accept EMFILE\n');
    } finally {
      said.mockRestore();
    }
    await expectStillServing();
  });

  it('has bounded header, request and idle timeouts', () => {
    expect(server.server.timeout).toBeGreaterThan(0);
    expect(server.server.timeout).toBeLessThanOrEqual(300_000);
    expect(server.server.headersTimeout).toBeGreaterThan(0);
    expect(server.server.headersTimeout).toBeLessThanOrEqual(30_000);
    expect(server.server.requestTimeout).toBeGreaterThan(0);
    expect(server.server.requestTimeout).toBeLessThanOrEqual(120_000);
  });
});

describe('DNS rebinding: only its own loopback name and port', () => {
  it.each([() => `127.0.0.1:${port}`, () => `localhost:${port}`, () => `LOCALHOST:${port}`, () => `[::1]:${port}`])('answers Host %#', async (hostOf) => {
    const answer = await rawGet('/app.js', hostOf());
    expect(statusOf(answer)).toBe(200);
    expect(bodyOf(answer)).toBe('console.log("app")');
  });

  it.each([
    ['no Host', () => null],
    ['evil.com', () => 'evil.com'],
    ['evil.com with our port', () => `evil.com:${port}`],
    ['another port', () => `127.0.0.1:${port + 1}`],
    ['no port', () => '127.0.0.1'],
    ['localhost without port', () => 'localhost'],
    ['a suffix trick', () => `127.0.0.1:${port}.evil.com`],
  ])('refuses %s with 403 and no content', async (_name, hostOf) => {
    for (const path of ['/', '/app.js', '/api/files']) {
      const answer = await rawGet(path, hostOf());
      expect(statusOf(answer)).toBe(403);
      expect(bodyOf(answer)).toBe('');
    }
  });
});

describe('the API needs the per-launch token from the page', () => {
  it('the page carries it and is not cached', async () => {
    const page = await get('/');
    expect(page.headers['cache-control']).toBe('no-store');
    const token = await tokenOfPage();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect((await get('/index.html')).body.toString()).toContain(token);
  });

  it('is refused without it, with a wrong one, or with it in the URL', async () => {
    const token = await tokenOfPage();
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const path of ['/api/files', '/api/files/0', '/api/nope']) {
      expect((await get(path)).status).toBe(403);
      expect((await get(path, { 'X-Flamedeck-Token': wrong })).status).toBe(403);
      expect((await get(path, { 'X-Flamedeck-Token': token.slice(1) })).status).toBe(403);
      expect((await get(`${path}?token=${token}`)).status).toBe(403);
    }
    const answer = await get('/api/files', { 'X-Flamedeck-Token': token });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});

describe('static files stay inside the served folder', () => {
  it('does not follow links out of it', async () => {
    for (const path of ['/leak.txt', '/linked-dir/secret.txt']) {
      const answer = await get(path);
      expect([403, 404]).toContain(answer.status);
      expect(answer.body.toString()).not.toContain('SECRET');
    }
  });

  it('follows a link that stays inside', async () => {
    const answer = await get('/alias.js');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('console.log("app")');
  });
});

describe('profiles are streamed', () => {
  it('arrive intact, with their length', async () => {
    const answer = await get('/api/files/0', { 'X-Flamedeck-Token': await tokenOfPage() });
    expect(answer.status).toBe(200);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(sha(answer.body)).toBe(sha(readFileSync(fixture)));
    expect(answer.headers['content-length']).toBe(String(readFileSync(fixture).length));
  });

  it('a file gone or turned into a folder since start gets an error status in one line', async () => {
    const auth = { 'X-Flamedeck-Token': await tokenOfPage() };
    rmSync(vanishing);
    const gone = await get('/api/files/1', auth);
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).toBe('vanishing.pb.gz: no such file');
    rmSync(becomesDirectory);
    mkdirSync(becomesDirectory);
    const folder = await get('/api/files/2', auth);
    expect(folder.status).toBe(500);
    expect(folder.body.toString().split('\n')).toHaveLength(1);
    expect(folder.body.toString()).toMatch(/^becomes-directory\.pb\.gz: /);
    await expectStillServing();
  });

  it('a file cut short while it is sent ends the response in an error, not the server', async () => {
    const token = await tokenOfPage();
    const outcome = await new Promise<{ status: number; received: number; aborted: boolean }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/files/3', headers: { Host: host, 'X-Flamedeck-Token': token }, agent: false }, (res) => {
        let received = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (!truncated) {
            truncated = true;
            truncateSync(shrinking, 1024);
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, received, aborted: res.errored !== null || !res.complete }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, received, aborted: true }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, received, aborted: true }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(outcome.status).toBe(200);
    expect(outcome.aborted).toBe(true);
    expect(outcome.received).toBeLessThan(256 * 2 ** 20);
    await expectStillServing();
  });
});
