import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopApp } from './desktop-app.js';
import { createElectronStub, loadPreload, StubWindow } from './electron-stub.js';
import { MAX_SAVE_BYTES, type DesktopBridge } from '../shared/hosting.js';
import { safeFileName } from './save-file.js';

const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
const rendererDir = mkdtempSync(join(tmpdir(), 'flamedeck-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Flamedeck</title>');

async function readyApp() {
  const stub = createElectronStub(mkdtempSync(join(tmpdir(), 'flamedeck-user-')));
  const app = new DesktopApp(stub.electron, {
    argv: ['/usr/bin/electron', '/app/dist/electron/main.cjs'],
    cwd: fixtures,
    rendererDir,
    preloadPath: '/app/dist/electron/preload.cjs',
    exampleProfile: `${fixtures}app-v1-cpu.pb.gz`,
  });
  app.start();
  await stub.ready();
  const window = StubWindow.all[0];
  window.webContents.emit('did-finish-load');
  return { stub, window };
}

afterEach(() => {
  StubWindow.all = [];
});

describe('saving an export (desktop)', () => {
  it('asks where with a Save dialog named and filtered as suggested, and writes the bytes there', async () => {
    const { stub, window } = await readyApp();
    const out = join(mkdtempSync(join(tmpdir(), 'flamedeck-save-')), 'chosen.pb.gz');
    stub.saveDialogAnswer = out;
    const bytes = Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3);
    expect(await stub.invoke(window, 'save-file', ['app-v1-cpu-filtered.pb.gz', bytes])).toEqual({ kind: 'saved' });
    expect(new Uint8Array(readFileSync(out))).toEqual(bytes);
    expect(stub.saveDialogs).toEqual([
      {
        defaultPath: 'app-v1-cpu-filtered.pb.gz',
        filters: [
          { name: 'pprof profile', extensions: ['gz'] },
          { name: 'All files', extensions: ['*'] },
        ],
      },
    ]);
  });

  it('writes nothing when the user cancels', async () => {
    const { stub, window } = await readyApp();
    stub.saveDialogAnswer = null;
    expect(await stub.invoke(window, 'save-file', ['top.csv', new TextEncoder().encode('a,b\n')])).toEqual({ kind: 'cancelled' });
    expect(stub.saveDialogs.map((d) => d.filters[0].name)).toEqual(['CSV table']);
  });

  it('refuses a save from a page that is not the app, before any dialog', async () => {
    const { stub, window } = await readyApp();
    const out = join(mkdtempSync(join(tmpdir(), 'flamedeck-save-')), 'evil.svg');
    stub.saveDialogAnswer = out;
    await expect(stub.invoke(window, 'save-file', ['x.svg', Uint8Array.of(1)], 'https://evil.example/')).rejects.toThrow(/refused a message from https:\/\/evil/);
    expect(stub.saveDialogs).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('answers bad input and write errors with one sentence, never a throw', async () => {
    const { stub, window } = await readyApp();
    stub.saveDialogAnswer = join(mkdtempSync(join(tmpdir(), 'flamedeck-save-')), 'x.csv');
    expect(await stub.invoke(window, 'save-file', ['x.csv', 'not bytes'])).toEqual({ kind: 'failure', message: 'Nothing was saved: the export had no bytes.' });
    const tooBig = { byteLength: MAX_SAVE_BYTES + 1 };
    Object.setPrototypeOf(tooBig, Uint8Array.prototype);
    const answer = (await stub.invoke(window, 'save-file', ['x.csv', tooBig])) as { kind: string; message: string };
    expect(answer.kind).toBe('failure');
    expect(answer.message).toMatch(/^Nothing was saved: the export is 1024 MB, more than the 1024 MB the app writes\.$/);
    expect(stub.saveDialogs).toEqual([]);
    stub.saveDialogAnswer = join(tmpdir(), 'no-such-folder-flamedeck', 'x.csv');
    expect(await stub.invoke(window, 'save-file', ['x.csv', Uint8Array.of(1)])).toEqual({ kind: 'failure', message: 'Could not save x.csv: the folder does not exist.' });
  });

  it('never lets the page choose the folder: the suggested name loses any path', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Windows\\evil.png')).toBe('evil.png');
    expect(safeFileName('a\u0000b\nc.folded')).toBe('abc.folded');
    expect(safeFileName('..')).toBe('flamedeck-export');
    expect(safeFileName(42)).toBe('flamedeck-export');
    expect(safeFileName(`${'x'.repeat(300)}.pb.gz`)).toHaveLength(200);
  });

  it('File › Export… asks the window to open its Export menu', async () => {
    const { stub, window } = await readyApp();
    const fileMenu = stub.menus.at(-1)!.find((m) => m.label === 'File')!;
    const item = fileMenu.submenu!.find((m) => m.label === 'Export…')!;
    item.click!();
    expect(window.webContents.sent.filter(([channel]) => channel === 'export')).toHaveLength(1);
  });

  it('the preload hands the bytes and the name over, and nothing else', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('flamedeckHost') as unknown as DesktopBridge<File>;
    await bridge.saveFile('a.png', Uint8Array.of(1, 2));
    expect(invoked).toEqual([['save-file', ['a.png', Uint8Array.of(1, 2)]]]);
  });
});
