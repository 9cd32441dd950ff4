import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appProtocolHandler } from './app-protocol.js';

function appFolder() {
  const base = mkdtempSync(join(tmpdir(), 'flamedeck-protocol-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Flamedeck</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the app folder');
  mkdirSync(join(base, 'private'));
  writeFileSync(join(base, 'private', 'key'), 'outside too');
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(join(base, 'private'), join(root, 'assets', 'linked-dir'));
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
  return { base, handler: appProtocolHandler(root, "default-src 'self'") };
}

describe('the app:// protocol', () => {
  it('serves files in the app folder, with the CSP', async () => {
    const { handler } = appFolder();
    const index = await handler({ url: 'app://flamedeck/' });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('Flamedeck');
    expect(index.headers.get('Content-Security-Policy')).toBe("default-src 'self'");
    const script = await handler({ url: 'app://flamedeck/assets/app.js?v=1' });
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
    // A link that stays inside the folder is fine.
    expect((await handler({ url: 'app://flamedeck/alias.js' })).status).toBe(200);
  });

  it('does not follow a symlink out of the app folder', async () => {
    const { handler } = appFolder();
    for (const url of ['app://flamedeck/leak.txt', 'app://flamedeck/assets/linked-dir/key']) {
      const response = await handler({ url });
      expect(response.status, url).toBe(403);
      expect(await response.text()).not.toMatch(/outside/);
    }
  });

  it('answers a malformed or hostile path with a 4xx, never an exception', async () => {
    const { handler } = appFolder();
    const statusOf = async (url: string) => (await handler({ url })).status;
    expect(await statusOf('app://flamedeck/%zz')).toBe(400);
    expect(await statusOf('app://flamedeck/%')).toBe(400);
    expect(await statusOf('app://flamedeck/%E0%A4%A')).toBe(400);
    expect(await statusOf('app://flamedeck/index.html%00.js')).toBe(400);
    // `..` (plain, or escaped as %2e or %2f) stops at the folder's root: /secret.txt is not in it.
    expect(await statusOf('app://flamedeck/%2e%2e/secret.txt')).toBe(404);
    expect(await statusOf('app://flamedeck/..%2f..%2fsecret.txt')).toBe(404);
    expect(await statusOf('app://flamedeck/assets')).toBe(404);
    expect(await statusOf('app://flamedeck/missing.js')).toBe(404);
    expect(await statusOf('app://elsewhere/index.html')).toBe(404);
    expect(await statusOf('not a url')).toBe(400);
  });
});
