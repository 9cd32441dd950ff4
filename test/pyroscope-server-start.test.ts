import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { PyroscopeClient } from '../shared/remote/pyroscope-client.js';

const root = new URL('../', import.meta.url).pathname;

describe('test/pyroscope-server/start.ts', () => {
  it('prints its URL, serves the tenant given, takes faults on stdin, and exits when stdin closes', async () => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/pyroscope-server/start.ts', '--tenant', 'demo'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no URL within 20 s')), 20_000);
        createInterface({ input: child.stdout }).once('line', (line) => {
          clearTimeout(timer);
          resolve(line);
        });
      });
      expect(first).toMatch(/^PYROSCOPE http:\/\/127\.0\.0\.1:\d+$/);
      const client = new PyroscopeClient({ serverUrl: first.slice('PYROSCOPE '.length), fetch: (url, init) => fetch(url, init), tenant: 'demo' });
      expect((await client.profileTypes()).length).toBeGreaterThan(0);
      child.stdin.write('fault {"kind":"status","status":503}\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(client.profileTypes()).rejects.toThrow(/503 Service Unavailable/);
      child.stdin.write('fault off\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await client.profileTypes()).length).toBeGreaterThan(0);
    } finally {
      child.stdin.end();
    }
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000))]);
    if (code === 'still running') child.kill();
    expect(code).toBe(0);
  });
});
