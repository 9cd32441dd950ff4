import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/hosting.js';
import { startWebServer } from './web-server.js';

const appDir = mkdtempSync(join(tmpdir(), 'flamedeck-app-'));
writeFileSync(join(appDir, 'index.html'), '<title>Flamedeck</title>');
const profile = new URL('../test/fixtures/app-v1-cpu.pb.gz', import.meta.url).pathname;

/** A raw GET (fetch would normalize `..` away before it reaches the server). */
function get(url: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url.replace(/\/$/, '')}${path}`, { method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: Awaited<ReturnType<typeof startWebServer>>;
beforeAll(async () => {
  server = await startWebServer({ appDir, files: [profile], port: 0 });
});
afterAll(() => server.server.close());

describe('web mode server', () => {
  it('listens on 127.0.0.1 only and serves the app with the CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(server.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('serves the files named at start by index, and nothing else on disk', async () => {
    expect(JSON.parse((await get(server.url, '/api/files')).body.toString())).toEqual(['app-v1-cpu.pb.gz']);
    expect((await get(server.url, '/api/files/0')).body.length).toBeGreaterThan(20_000);
    expect((await get(server.url, '/api/files/1')).status).toBe(404);
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const answer = await get(server.url, path);
      expect([403, 404]).toContain(answer.status);
      expect(answer.body.toString()).not.toMatch(/root:/);
    }
    expect((await get(server.url, '/nope.js')).status).toBe(404);
  });
});
