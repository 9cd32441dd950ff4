import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DesktopConnectionStore } from './connection-store.js';
import { createElectronStub } from './electron-stub.js';

function storeIn(userData = mkdtempSync(join(tmpdir(), 'flamedeck-conn-')), encryptionAvailable = true) {
  const stub = createElectronStub(userData);
  stub.encryptionAvailable = encryptionAvailable;
  let time = 1_000;
  const store = new DesktopConnectionStore(userData, stub.electron.safeStorage, () => time++);
  const onDisk = () => readdirSync(userData).map((name) => readFileSync(join(userData, name), 'utf8')).join('\n');
  return { store, userData, stub, onDisk };
}

describe('the desktop connection store', () => {
  it('never writes a password or token in plain text, and gives them back after a restart', async () => {
    const { store, userData, onDisk } = storeIn();
    await store.save({ kind: 'pyroscope', url: 'https://pyro.example:4040/' }, { tenant: 'acme', user: 'ann', password: 'hunter2-secret', token: 'tok-abcdef' });
    expect(onDisk()).not.toMatch(/hunter2|tok-abcdef/);
    expect(onDisk()).not.toContain(Buffer.from('hunter2-secret').toString('base64'));
    expect(onDisk()).toContain('acme'); // the tenant is not a secret
    const again = storeIn(userData).store;
    expect(await again.list()).toEqual([{ kind: 'pyroscope', url: 'https://pyro.example:4040/', tenant: 'acme', user: 'ann', usedAt: 1000, hasSecret: true }]);
    expect(await again.credentialsFor('pyroscope+https://pyro.example:4040/?query=x')).toEqual({ tenant: 'acme', user: 'ann', password: 'hunter2-secret', token: 'tok-abcdef' });
  });

  it('without an OS keychain keeps secrets in memory for this run only, and says so', async () => {
    const { store, userData, onDisk } = storeIn(undefined, false);
    await store.save({ kind: 'go', url: 'http://127.0.0.1:6060/debug/pprof/' }, { password: 'hunter2-secret' });
    expect(onDisk()).not.toContain('hunter2');
    expect(await store.list()).toMatchObject([{ hasSecret: true, secretNotSaved: true }]);
    expect(await store.credentialsFor('http://127.0.0.1:6060/debug/pprof/heap')).toEqual({ password: 'hunter2-secret' });
    const restarted = storeIn(userData, false).store;
    expect((await restarted.list())[0].hasSecret).toBeUndefined();
    expect(await restarted.credentialsFor('http://127.0.0.1:6060/debug/pprof/heap')).toBeUndefined();
  });

  it('finds credentials by origin and the longest path prefix, whole segments only', async () => {
    const { store } = storeIn();
    await store.save({ kind: 'go', url: 'http://svc:6060/' }, { token: 'root' });
    await store.save({ kind: 'go', url: 'http://svc:6060/debug/pprof' }, { token: 'pprof' });
    await store.save({ kind: 'go', url: 'http://svc:6060/debug/pprof/heap/' }, { token: 'heap' });
    await store.save({ kind: 'go', url: 'https://svc:6060/debug/pprof/' }, { token: 'tls' });
    const tokenFor = async (url: string) => (await store.credentialsFor(url))?.token;
    expect(await tokenFor('http://svc:6060/debug/pprof/allocs')).toBe('pprof');
    expect(await tokenFor('http://svc:6060/debug/pprof/heap')).toBe('heap');
    expect(await tokenFor('http://svc:6060/debug/pprofx/heap')).toBe('root');
    expect(await tokenFor('http://svc:6060/metrics')).toBe('root');
    expect(await tokenFor('https://svc:6060/debug/pprof/heap')).toBe('tls');
    expect(await tokenFor('http://svc:6061/debug/pprof/heap')).toBeUndefined();
    expect(await tokenFor('http://other:6060/')).toBeUndefined();
    expect(await tokenFor('not a url')).toBeUndefined();
  });

  it('lists newest first, strips credentials from URLs, forgets, and keeps secrets when re-saved without credentials', async () => {
    const { store, onDisk } = storeIn();
    await store.save({ kind: 'go', url: 'http://ann:pw-in-url@a:6060/debug/pprof/' }, { password: 'secret-a' });
    await store.save({ kind: 'pyroscope', url: 'http://b:4040/' });
    expect(onDisk()).not.toContain('pw-in-url');
    expect((await store.list()).map((c) => c.url)).toEqual(['http://b:4040/', 'http://a:6060/debug/pprof/']);
    await store.save({ kind: 'go', url: 'http://a:6060/debug/pprof/' });
    expect((await store.list())[0]).toMatchObject({ url: 'http://a:6060/debug/pprof/', hasSecret: true });
    expect((await store.credentialsFor('http://a:6060/debug/pprof/heap'))?.password).toBe('secret-a');
    await store.save({ kind: 'go', url: 'http://a:6060/debug/pprof/' }, { user: 'bob' });
    expect(await store.credentialsFor('http://a:6060/debug/pprof/heap')).toEqual({ user: 'bob' });
    await store.forget('http://a:6060/debug/pprof/');
    expect((await store.list()).map((c) => c.url)).toEqual(['http://b:4040/']);
    await expect(store.save({ kind: 'go', url: 'file:///etc/passwd' })).rejects.toThrow(/http/);
  });

  it('a corrupt file is set aside with a message, a bad entry is dropped, an undecryptable secret is left out', async () => {
    const corrupt = storeIn();
    writeFileSync(join(corrupt.userData, 'connections.json'), '{"kind": ');
    const reset = storeIn(corrupt.userData);
    expect(reset.store.problem).toMatch(/connections\.json was unreadable/);
    expect(await reset.store.list()).toEqual([]);

    const { userData } = storeIn();
    writeFileSync(
      join(userData, 'connections.json'),
      JSON.stringify([
        { kind: 'go', url: 'http://ok:6060/debug/pprof/', encrypted: { password: Buffer.from('not ciphertext').toString('base64') }, user: 'ann' },
        { kind: 'ftp', url: 'http://x/' },
        { kind: 'go', url: 'javascript:alert(1)' },
        null,
        'text',
      ]),
    );
    const { store } = storeIn(userData);
    expect(store.problem).toBeUndefined();
    expect((await store.list()).map((c) => c.url)).toEqual(['http://ok:6060/debug/pprof/']);
    expect(await store.credentialsFor('http://ok:6060/debug/pprof/heap')).toEqual({ user: 'ann' });
    // Used again with the kept secret: the ciphertext stays (another session's keychain may open it).
    await store.save({ kind: 'go', url: 'http://ok:6060/debug/pprof/', user: 'ann' }, { user: 'ann', savedSecret: true });
    expect((JSON.parse(readFileSync(join(userData, 'connections.json'), 'utf8')) as { encrypted?: unknown }[])[0].encrypted).toEqual({ password: Buffer.from('not ciphertext').toString('base64') });
  });

  it('a connection re-saved without credentials keeps its user and password (with or without a keychain)', async () => {
    for (const encryption of [true, false]) {
      const { store } = storeIn(undefined, encryption);
      await store.save({ kind: 'pyroscope', url: 'http://127.0.0.1:4040' }, { user: 'ann', password: 'pw' });
      await store.save({ kind: 'pyroscope', url: 'http://127.0.0.1:4040', user: 'ann' });
      expect(await store.credentialsFor('http://127.0.0.1:4040')).toEqual({ user: 'ann', password: 'pw' });
      await store.save({ kind: 'pyroscope', url: 'http://127.0.0.1:4040' });
      expect(await store.credentialsFor('http://127.0.0.1:4040')).toEqual({ user: 'ann', password: 'pw' });
      expect((await store.list())[0]).toMatchObject({ user: 'ann', hasSecret: true });
    }
  });

  it('saved with savedSecret: the tenant and user as typed, the kept secret only for the same user, still encrypted', async () => {
    const { store, userData, onDisk } = storeIn();
    await store.save({ kind: 'pyroscope', url: 'http://127.0.0.1:4040' }, { tenant: 'old', user: 'ann', password: 'hunter2-secret' });
    await store.save({ kind: 'pyroscope', url: 'http://127.0.0.1:4040', tenant: 'new', user: 'ann' }, { tenant: 'new', user: 'ann', savedSecret: true });
    expect(onDisk()).not.toContain('hunter2');
    expect(await storeIn(userData).store.credentialsFor('http://127.0.0.1:4040')).toEqual({ tenant: 'new', user: 'ann', password: 'hunter2-secret' });
    await store.save({ kind: 'pyroscope', url: 'http://127.0.0.1:4040', user: 'bob' }, { user: 'bob', savedSecret: true });
    expect(await store.credentialsFor('http://127.0.0.1:4040')).toEqual({ user: 'bob' });
    expect((await store.list())[0].hasSecret).toBeUndefined();
  });

  it('keeps the command line\'s credentials for this run: not listed, not saved, and they win a tie', async () => {
    const { store, userData, onDisk } = storeIn();
    await store.save({ kind: 'go', url: 'http://svc:6060/' }, { token: 'saved' });
    store.keepForThisRun('http://ann:pw@svc:6060/', { user: 'ann', password: 'from-the-command-line' });
    expect(await store.credentialsFor('http://svc:6060/debug/pprof/heap')).toEqual({ user: 'ann', password: 'from-the-command-line' });
    await store.save({ kind: 'go', url: 'http://svc:6060/debug/pprof/' }, { token: 'longer' });
    expect((await store.credentialsFor('http://svc:6060/debug/pprof/heap'))?.token).toBe('longer');
    expect((await store.list()).map((c) => c.url)).toEqual(['http://svc:6060/debug/pprof/', 'http://svc:6060/']);
    expect(onDisk()).not.toContain('from-the-command-line');
    expect(await storeIn(userData).store.credentialsFor('http://svc:6060/x')).toEqual({ token: 'saved' });
  });
});
