import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profilePathsFromArgv, scriptIndexOf, sourceCredentialsFromArgv } from './cli-args.js';
import { DesktopApp } from './desktop-app.js';
import { EXTERNAL_LINKS, type DesktopBridge } from '../shared/hosting.js';
import { createElectronStub, loadPreload, StubWebContents, StubWindow } from './electron-stub.js';
import { APP_URL, CONTENT_SECURITY_POLICY } from './window-options.js';

const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
const rendererDir = mkdtempSync(join(tmpdir(), 'flamedeck-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Flamedeck</title>');
const example = `${fixtures}app-v1-cpu.pb.gz`;

function startApp(
  options: { userData?: string; argv?: string[]; lock?: boolean; displays?: { x: number; y: number; width: number; height: number }[]; env?: Record<string, string> } = {},
) {
  const userData = options.userData ?? mkdtempSync(join(tmpdir(), 'flamedeck-user-'));
  const stub = createElectronStub(userData, { lock: options.lock, displays: options.displays });
  const app = new DesktopApp(stub.electron, {
    argv: options.argv ?? ['/usr/bin/electron', '/app/dist/electron/main.cjs'],
    cwd: fixtures,
    rendererDir,
    preloadPath: '/app/dist/electron/preload.cjs',
    exampleProfile: example,
    env: options.env,
  });
  const started = app.start();
  return { app, stub, userData, started };
}

async function readyApp(options: Parameters<typeof startApp>[0] = {}) {
  const started = startApp(options);
  await started.stub.ready();
  const window = StubWindow.all[0];
  window.webContents.emit('did-finish-load');
  return { ...started, window };
}

function openedFiles(window: StubWindow): { token: string; name: string }[] {
  return window.webContents.sent.filter(([channel]) => channel === 'open-files').flatMap(([, args]) => args[0] as { token: string; name: string }[]);
}

afterEach(() => {
  StubWindow.all = [];
});

describe('the window', () => {
  it('is created with the security checklist settings and loads only the app', async () => {
    const { window } = await readyApp();
    expect(window.options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(window.webContents.url).toBe(APP_URL);
  });

  it('denies navigation away, new windows and permissions; only the app\'s own links go to the system browser', async () => {
    const { window, stub } = await readyApp();
    const contents = window.webContents;
    let prevented = 0;
    const event = { preventDefault: () => void prevented++ };
    contents.emit('will-navigate', event, 'https://example.com/phish');
    contents.emit('will-navigate', event, 'file:///etc/passwd');
    contents.emit('will-redirect', event, 'https://example.com/');
    contents.emit('will-navigate', event, `${APP_URL}#view=table`);
    expect(prevented).toBe(3);
    expect(contents.windowOpenHandler!({ url: 'https://pkg.go.dev/runtime/pprof' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    // Only the app's own help links reach the system browser; anything else the page names is dropped.
    expect(stub.external).toEqual([]);
    const click = () => contents.emit('before-mouse-event', {}, { type: 'mouseUp' });
    click();
    contents.emit('will-navigate', event, `${EXTERNAL_LINKS.pprofFormat}#x`);
    contents.emit('will-navigate', event, 'https://github.com/google/pprof/blob/main/proto/README.md.evil.example/');
    expect(contents.windowOpenHandler!({ url: EXTERNAL_LINKS.pprofFormat })).toEqual({ action: 'deny' });
    click();
    contents.emit('will-navigate', event, EXTERNAL_LINKS.pprofFormat);
    expect(stub.external).toEqual([EXTERNAL_LINKS.pprofFormat, EXTERNAL_LINKS.pprofFormat]);
    const answers: boolean[] = [];
    contents.permissionHandler!(contents, 'geolocation', (granted) => answers.push(granted), { requestingUrl: APP_URL });
    contents.permissionHandler!(contents, 'clipboard-read', (granted) => answers.push(granted), { requestingUrl: APP_URL });
    expect(answers).toEqual([false, false]);
    expect(contents.permissionCheck!(contents, 'media', 'app://flamedeck')).toBe(false);
    let headers: Record<string, string[]> | undefined;
    contents.headersListener!({ url: APP_URL, responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers!['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
  });

  it('sandboxes every renderer, guards every web contents, and lets only the app write the clipboard', async () => {
    const { window, stub } = await readyApp();
    expect(stub.sandboxEnabled).toBe(true);
    // No <webview> attaches, in our windows or any other web contents the app ends up with.
    const other = new StubWebContents();
    stub.emitApp('web-contents-created', {}, other);
    for (const contents of [window.webContents, other]) {
      let prevented = 0;
      const event = { preventDefault: () => void prevented++ };
      contents.emit('will-attach-webview', event, {}, { src: 'https://example.com/' });
      contents.emit('will-navigate', event, 'https://example.com/');
      expect(prevented).toBe(2);
      expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    }
    // "Copy name" uses navigator.clipboard.writeText: the app's page may write (Chromium still wants
    // a click), nothing else may, and no other permission is given.
    const contents = window.webContents;
    const answers: boolean[] = [];
    const ask = (permission: string, requestingUrl: string) => contents.permissionHandler!(contents, permission, (granted) => answers.push(granted), { requestingUrl });
    ask('clipboard-sanitized-write', APP_URL);
    ask('clipboard-sanitized-write', 'https://example.com/');
    ask('clipboard-read', APP_URL);
    ask('notifications', APP_URL);
    expect(answers).toEqual([true, false, false, false]);
    expect(contents.permissionCheck!(contents, 'clipboard-sanitized-write', 'app://flamedeck')).toBe(true);
    expect(contents.permissionCheck!(contents, 'clipboard-sanitized-write', 'https://example.com')).toBe(false);
    expect(contents.permissionCheck!(contents, 'clipboard-read', 'app://flamedeck')).toBe(false);
  });

  it('serves the renderer over app:// and nothing outside its folder', async () => {
    const { stub } = await readyApp();
    const index = await stub.protocolHandler!({ url: 'app://flamedeck/index.html' });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('Flamedeck');
    expect(index.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await stub.protocolHandler!({ url: 'app://flamedeck/%2e%2e/%2e%2e/etc/passwd' })).status).not.toBe(200);
    expect((await stub.protocolHandler!({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('restores the last size and position', async () => {
    const { window, userData } = await readyApp();
    window.bounds = { x: 100, y: 80, width: 1000, height: 700 };
    window.close();
    const again = await readyApp({ userData });
    expect(again.window.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
  });

  it('opens on a visible screen, at a size that fits it, whatever the saved bounds say', async () => {
    const primary = { x: 0, y: 0, width: 1920, height: 1040 };
    const left = { x: -1280, y: 0, width: 1280, height: 984 };
    const small = { x: 0, y: 0, width: 1280, height: 680 };
    const openWith = async (bounds: unknown, displays = [primary]) => {
      const userData = mkdtempSync(join(tmpdir(), 'flamedeck-user-'));
      writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ bounds, maximized: false }));
      const { window } = await readyApp({ userData, displays });
      const { x, y, width, height } = window.options;
      return { x, y, width, height };
    };
    const fitsOn = (b: { x?: number; y?: number; width: number; height: number }, area: typeof primary) =>
      b.x !== undefined && b.y !== undefined && b.x >= area.x && b.y >= area.y && b.x + b.width <= area.x + area.width && b.y + b.height <= area.y + area.height;
    // On a monitor to the left that is still there: kept as it was, negative x and all.
    expect(await openWith({ x: -1200, y: 40, width: 1000, height: 700 }, [primary, left])).toEqual({ x: -1200, y: 40, width: 1000, height: 700 });
    // That monitor unplugged: moved onto the one left, keeping its size.
    const moved = await openWith({ x: -1200, y: 40, width: 1000, height: 700 });
    expect(fitsOn(moved, primary)).toBe(true);
    expect(moved).toMatchObject({ width: 1000, height: 700 });
    // Far off every screen, or hanging over an edge: pulled fully onto the screen.
    expect(fitsOn(await openWith({ x: 5000, y: 3000, width: 1000, height: 700 }), primary)).toBe(true);
    expect(fitsOn(await openWith({ x: 1500, y: 900, width: 1000, height: 700 }), primary)).toBe(true);
    // Larger than the screen (a bigger monitor before): shrunk to it.
    expect(await openWith({ x: 0, y: 0, width: 2560, height: 1400 }, [small])).toEqual({ x: 0, y: 0, width: 1280, height: 680 });
    // Absurd values are not used: the window opens at its default size (or the screen's), on the screen.
    for (const absurd of [
      { x: 100, y: 100, width: -500, height: 700 },
      { x: 100, y: 100, width: 0, height: 0 },
      { x: 1e9, y: 100, width: 1000, height: 700 },
      { x: 100, y: 100, width: 1e9, height: 1e9 },
      { x: 100, y: 100, width: 'NaN', height: 700 },
      { x: 100, y: 100, width: 10, height: 10 },
      null,
    ]) {
      const placed = await openWith(absurd, [small]);
      expect(fitsOn(placed, small), JSON.stringify(absurd)).toBe(true);
      expect(placed.width, JSON.stringify(absurd)).toBeGreaterThanOrEqual(640);
      expect(placed.height, JSON.stringify(absurd)).toBeGreaterThanOrEqual(420);
    }
    expect(await openWith(null, [primary])).toMatchObject({ width: 1400, height: 900 });
  });
});

describe('IPC', () => {
  it('handles only the channels the preload uses, and sends only on those it listens to', async () => {
    const { window, stub, app } = await readyApp();
    const { exposed, invoked, listened } = loadPreload(() => '/home/u/dropped.pb');
    const bridge = exposed.get('flamedeckHost') as unknown as DesktopBridge<File>;
    await bridge.openDialog();
    await bridge.readFile('token');
    await bridge.noteDroppedFile(new File([], 'dropped.pb'));
    await bridge.getSettings();
    bridge.onOpenFiles(() => {});
    bridge.onOpenComparison(() => {});
    bridge.onSettings(() => {});
    await bridge.remote('r1', { op: 'connections' });
    await bridge.cancelRemote('r1');
    bridge.onRemoteProgress(() => {});
    await bridge.saveFile('x.csv', Uint8Array.of(1));
    bridge.onExport(() => {});
    expect([...stub.ipc.keys()].sort()).toEqual([...new Set(invoked.map(([channel]) => channel))].sort());
    app.changeSetting('theme', 'dark');
    const sent = new Set(window.webContents.sent.map(([channel]) => channel));
    expect([...sent].every((channel) => listened.has(channel))).toBe(true);
  });

  it('answers only the app frame of its own windows', async () => {
    const { window, stub } = await readyApp();
    await expect(stub.invoke(window, 'get-settings', [], 'https://evil.example/')).rejects.toThrow(/refused a message from https:\/\/evil/);
    const stranger = new StubWindow(window.options);
    stranger.webContents.url = APP_URL;
    await expect(stub.invoke(stranger, 'get-settings')).rejects.toThrow(/refused/);
    expect(await stub.invoke(window, 'get-settings')).toEqual({ theme: 'system', defaultView: 'flame', order: 'name' });
  });

  it('reads only files the user chose, by token, never by path', async () => {
    const { window, stub } = await readyApp();
    await expect(stub.invoke(window, 'read-file', ['/etc/passwd'])).rejects.toThrow(/not chosen by the user/);
    await expect(stub.invoke(window, 'read-file', [{ path: '/etc/passwd' }])).rejects.toThrow(/not chosen/);
    stub.openDialogAnswer = [`${fixtures}app-v2-cpu.pb.gz`];
    const chosen = (await stub.invoke(window, 'open-dialog')) as { token: string; name: string }[];
    expect(chosen.map((c) => c.name)).toEqual(['app-v2-cpu.pb.gz']);
    const file = (await stub.invoke(window, 'read-file', [chosen[0].token])) as { name: string; bytes: Uint8Array };
    expect(file.bytes).toEqual(new Uint8Array(readFileSync(`${fixtures}app-v2-cpu.pb.gz`)));
  });

  it('a dropped file\'s path grants nothing: the page has the bytes, the path only goes on the recent list', async () => {
    const { window, stub, app } = await readyApp();
    const recentBefore = app.recent.all();
    // A page naming files by path, as a compromised renderer could: no token, no read, no trace,
    // and the same empty answer whether or not the file exists (no probing the disk).
    for (const args of [['/etc/passwd'], ['/etc/passwd', 1, 0], [`${fixtures}app-v2-cpu.pb.gz`], [`${fixtures}app-v2-cpu.pb.gz`, statSync(`${fixtures}app-v2-cpu.pb.gz`).size, 0], ['/nonexistent/x.pb.gz'], ['relative/path.pb'], [{ path: '/etc/passwd' }]]) {
      expect(await stub.invoke(window, 'note-dropped-file', args)).toBeUndefined();
    }
    expect(app.recent.all()).toEqual(recentBefore);
    expect(app.grants.grantedPaths()).toEqual([example]); // only the example, sent at start
    // A real drop: the File's size and modification time match the path's, so it goes on the list.
    const dropped = `${fixtures}app-v1-goroutine.pb.gz`;
    const info = statSync(dropped);
    expect(await stub.invoke(window, 'note-dropped-file', [dropped, info.size, Math.floor(info.mtimeMs)])).toBeUndefined();
    expect(app.recent.all()[0]).toBe(dropped);
    expect(app.grants.grantedPaths()).toEqual([example]);
  });

  it('files from the dialog, the command line and the recent list read by their token', async () => {
    const { window, stub } = await readyApp({ argv: ['/usr/bin/electron', 'main.cjs', 'app-v1-heap.pb.gz'] });
    const [fromArgv] = openedFiles(window);
    expect(((await stub.invoke(window, 'read-file', [fromArgv.token])) as { bytes: Uint8Array }).bytes).toEqual(new Uint8Array(readFileSync(`${fixtures}app-v1-heap.pb.gz`)));
    await expect(stub.invoke(window, 'read-file', [`${fromArgv.token}x`])).rejects.toThrow(/not chosen by the user/);
  });

  it('--base BASE TARGET sends the two files as a comparison, base first', async () => {
    const { window } = await readyApp({ argv: ['/usr/bin/electron', 'main.cjs', '--base', 'app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz'] });
    const sent = window.webContents.sent.filter(([channel]) => channel === 'open-comparison');
    expect(sent).toHaveLength(1);
    expect((sent[0][1][0] as { name: string }[]).map((f) => f.name)).toEqual(['app-v1-cpu.pb.gz', 'app-v2-cpu.pb.gz']);
    expect(openedFiles(window)).toEqual([]);
  });

  it('validates settings changes', async () => {
    const { app } = await readyApp();
    expect(() => app.changeSetting('theme', 'neon')).toThrow(/invalid value/);
    expect(() => app.changeSetting('__proto__', 'x')).toThrow(/unknown setting/);
  });
});

describe('files from outside the window', () => {
  it('opens the files on the command line, or the example when there are none', async () => {
    const withFiles = await readyApp({ argv: ['/usr/bin/electron', '--no-sandbox', 'main.cjs', 'app-v1-heap.pb.gz', '--inspect', 'missing.pb'] });
    expect(openedFiles(withFiles.window).map((f) => f.name)).toEqual(['app-v1-heap.pb.gz']);
    const none = await readyApp();
    expect(openedFiles(none.window).map((f) => f.name)).toEqual(['app-v1-cpu.pb.gz']);
  });

  it('with the single-instance lock held elsewhere, quits and leaves the files to the running app', () => {
    const { started, stub } = startApp({ lock: false });
    expect(started).toBe(false);
    expect(stub.quit).toBe(1);
  });

  it('a second instance hands its files to the running window', async () => {
    const { window, stub } = await readyApp();
    window.minimized = true;
    stub.emitApp('second-instance', {}, ['/usr/bin/electron', 'main.cjs', 'app-v2-heap.pb.gz'], fixtures);
    expect(openedFiles(window).map((f) => f.name)).toContain('app-v2-heap.pb.gz');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBeGreaterThan(0);
  });

  it('macOS open-file before the app is ready is kept and delivered', async () => {
    const { stub } = startApp();
    let prevented = false;
    stub.emitApp('open-file', { preventDefault: () => (prevented = true) }, `${fixtures}app-v1-mutex.pb.gz`);
    await stub.ready();
    StubWindow.all[0].webContents.emit('did-finish-load');
    expect(prevented).toBe(true);
    expect(openedFiles(StubWindow.all[0]).map((f) => f.name)).toContain('app-v1-mutex.pb.gz');
  });
});

describe('recent files and settings', () => {
  it('keeps recent files across restarts, newest first, in the Open Recent menu', async () => {
    const first = await readyApp();
    first.stub.openDialogAnswer = [`${fixtures}app-v1-heap.pb.gz`, `${fixtures}app-v1-block.pb.gz`];
    await first.stub.invoke(first.window, 'open-dialog');
    const again = await readyApp({ userData: first.userData });
    expect(again.app.recent.all()).toEqual([`${fixtures}app-v1-block.pb.gz`, `${fixtures}app-v1-heap.pb.gz`]);
    const fileMenu = again.stub.menus.at(-1)!.find((m) => m.label === 'File')!;
    const recentMenu = fileMenu.submenu!.find((m) => m.label === 'Open Recent')!;
    expect(recentMenu.submenu!.map((m) => m.label ?? m.type)).toEqual([
      `app-v1-block.pb.gz — ${fixtures}app-v1-block.pb.gz`,
      `app-v1-heap.pb.gz — ${fixtures}app-v1-heap.pb.gz`,
      'separator',
      'Clear Recent',
    ]);
    // Picking one in the menu is the user's choice: the window gets a token that reads it.
    recentMenu.submenu![0].click!();
    const [picked] = openedFiles(again.window).slice(-1);
    expect(picked.name).toBe('app-v1-block.pb.gz');
    expect(((await again.stub.invoke(again.window, 'read-file', [picked.token])) as { name: string }).name).toBe('app-v1-block.pb.gz');
  });

  it("File › Connect… asks the window to open its Connect dialog", async () => {
    const { window, stub } = await readyApp();
    const fileMenu = stub.menus.at(-1)!.find((m) => m.label === 'File')!;
    const connect = fileMenu.submenu!.find((m) => m.label === 'Connect…')!;
    expect(connect.accelerator).toBe('CmdOrCtrl+Shift+O');
    connect.click!();
    expect(window.webContents.sent.filter(([channel]) => channel === 'connect')).toHaveLength(1);
  });

  it('persists settings atomically and tells every window', async () => {
    const { window, stub, userData, app } = await readyApp();
    app.changeSetting('theme', 'dark');
    expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8'))).toEqual({ theme: 'dark', defaultView: 'flame', order: 'name' });
    expect(window.webContents.sent.at(-1)).toEqual(['settings', [{ theme: 'dark', defaultView: 'flame', order: 'name' }]]);
    const viewMenu = stub.menus.at(-1)!.find((m) => m.label === 'View')!;
    const themes = viewMenu.submenu!.find((m) => m.label === 'Theme')!.submenu!;
    expect(themes.filter((m) => m.checked).map((m) => m.label)).toEqual(['Dark']);
    themes.find((m) => m.label === 'Light')!.click!();
    const again = await readyApp({ userData });
    expect(await again.stub.invoke(again.window, 'get-settings')).toMatchObject({ theme: 'light' });
  });

  it('a corrupt settings or recent-files file is reset with a message, not a crash', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'flamedeck-user-'));
    writeFileSync(join(userData, 'settings.json'), '{"theme": "dark", ');
    writeFileSync(join(userData, 'recent-files.json'), 'null');
    const { window, stub, app } = await readyApp({ userData });
    expect(await stub.invoke(window, 'get-settings')).toEqual({ theme: 'system', defaultView: 'flame', order: 'name' });
    expect(app.recent.all()).toEqual([]);
    expect(stub.messages.join('\n')).toMatch(/settings\.json was unreadable/);
    expect(stub.messages.join('\n')).toMatch(/recent-files\.json was unreadable/);
    expect((JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')) as { theme: string }).theme).toBe('system');
  });
});

describe('command-line parsing', () => {
  it('finds profile paths after the script, skipping switches and missing files', () => {
    const argv = ['/opt/electron', '--enable-logging', '/app/main.cjs', 'app-v1-cpu.pb.gz', '--flag', `${fixtures}app-v2-cpu.pb.gz`, 'nope.pb'];
    const index = scriptIndexOf(argv, false);
    expect(index).toBe(2);
    expect(profilePathsFromArgv(argv, fixtures, index)).toEqual([`${fixtures}app-v1-cpu.pb.gz`, `${fixtures}app-v2-cpu.pb.gz`]);
    expect(scriptIndexOf(['/Applications/Flamedeck', 'a.pb.gz'], true)).toBe(0);
  });

  it('keeps source URLs (without user:password), applies --seconds=N, and reads no switch value as a profile', () => {
    const argv = ['/opt/electron', '/app/main.cjs', '--tenant', 'app-v1-cpu.pb.gz', 'https://u:p@h:6060/debug/pprof/profile', '--seconds=7', '--user', 'x'];
    expect(profilePathsFromArgv(argv, fixtures, 1)).toEqual(['https://h:6060/debug/pprof/profile?seconds=7']);
    expect(sourceCredentialsFromArgv(argv, 1, { FLAMEDECK_PASSWORD: '' })).toEqual([{ url: 'https://h:6060/', credentials: { tenant: 'app-v1-cpu.pb.gz', user: 'x' } }]);
    expect(sourceCredentialsFromArgv(['/opt/electron', '/app/main.cjs', 'http://h/heap'], 1, {})).toEqual([]);
  });
});


describe('remote sources', () => {
  const pyroscope = 'pyroscope+http://127.0.0.1:4040/?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="checkout"}&from=now-1h&until=now';

  async function withServer(handler: Parameters<typeof createServer>[1], run: (url: string) => Promise<void>) {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it('a source URL on the command line reaches the page as an offered source, without credentials, with --seconds', async () => {
    const { window, app, userData } = await readyApp({
      argv: ['/usr/bin/electron', 'main.cjs', 'http://ann:hunter2@127.0.0.1:6060/debug/pprof/profile', '--seconds', '5', pyroscope, 'app-v1-heap.pb.gz'],
    });
    const sent = openedFiles(window);
    expect(sent.slice(0, 2)).toEqual([
      { token: '', name: 'profile · 5s · 127.0.0.1:6060', source: 'http://127.0.0.1:6060/debug/pprof/profile?seconds=5' },
      { token: '', name: 'checkout · cpu · last 1h', source: pyroscope },
    ]);
    expect(sent[2].name).toBe('app-v1-heap.pb.gz');
    expect(app.grants.grantedPaths()).toEqual([`${fixtures}app-v1-heap.pb.gz`]); // a source grants no file
    expect(app.recent.all()).toEqual([`${fixtures}app-v1-heap.pb.gz`, pyroscope, 'http://127.0.0.1:6060/debug/pprof/profile?seconds=5']);
    expect(readFileSync(join(userData, 'recent-files.json'), 'utf8')).not.toContain('hunter2');
  });

  it('goes on Open Recent as its URL and reopens from there as a source; a second instance hands one over', async () => {
    const first = await readyApp({ argv: ['/usr/bin/electron', 'main.cjs', pyroscope] });
    const again = await readyApp({ userData: first.userData });
    const fileMenu = again.stub.menus.at(-1)!.find((m) => m.label === 'File')!;
    const recentItems = fileMenu.submenu!.find((m) => m.label === 'Open Recent')!.submenu!;
    expect(recentItems[0].label).toBe(pyroscope.replaceAll('&', '&&'));
    recentItems[0].click!();
    expect(openedFiles(again.window).at(-1)).toEqual({ token: '', name: 'checkout · cpu · last 1h', source: pyroscope });
    expect(again.stub.messages).toEqual([]);
    again.stub.emitApp('second-instance', {}, ['/usr/bin/electron', 'main.cjs', 'http://127.0.0.1:6060/debug/pprof/heap'], fixtures);
    expect(openedFiles(again.window).at(-1)).toMatchObject({ source: 'http://127.0.0.1:6060/debug/pprof/heap' });
  });

  it('--base with two sources is a comparison of sources', async () => {
    const { window } = await readyApp({ argv: ['/usr/bin/electron', 'main.cjs', '--base', 'http://127.0.0.1:6060/debug/pprof/heap', 'http://127.0.0.1:6061/debug/pprof/heap'] });
    const sent = window.webContents.sent.filter(([channel]) => channel === 'open-comparison');
    expect((sent[0][1][0] as { source: string }[]).map((f) => f.source)).toEqual(['http://127.0.0.1:6060/debug/pprof/heap', 'http://127.0.0.1:6061/debug/pprof/heap']);
  });

  it('remote-request answers only the app\'s own frame', async () => {
    const { window, stub } = await readyApp();
    await expect(stub.invoke(window, 'remote-request', ['r1', { op: 'connections' }], 'https://evil.example/')).rejects.toThrow(/refused/);
    await expect(stub.invoke(window, 'remote-cancel', ['r1'], 'https://evil.example/')).rejects.toThrow(/refused/);
  });

  it('fetches a profile from 127.0.0.1 in the main process, with progress to the page, and puts it on Open Recent', async () => {
    const body = readFileSync(example);
    await withServer(
      (_req, res) => {
        res.setHeader('Content-Length', body.length);
        res.end(body);
      },
      async (url) => {
        const { window, stub, app } = await readyApp();
        const outcome = await stub.invoke(window, 'remote-request', ['r1', { op: 'fetch', source: `${url}/debug/pprof/heap` }]);
        expect(outcome).toMatchObject({ kind: 'bytes', bytes: new Uint8Array(body) });
        const progress = window.webContents.sent.filter(([channel]) => channel === 'remote-progress');
        expect(progress.length).toBeGreaterThan(0);
        expect(progress[0][1][0]).toBe('r1');
        expect(app.recent.all()[0]).toBe(`${url}/debug/pprof/heap`);
      },
    );
  });

  it('a failure comes back as its sentence and kind; a bad request as invalid; nothing throws across IPC', async () => {
    await withServer(
      (_req, res) => {
        res.statusCode = 401;
        res.end('no');
      },
      async (url) => {
        const { window, stub } = await readyApp();
        const unauthorized = (await stub.invoke(window, 'remote-request', ['r1', { op: 'fetch', source: `${url}/debug/pprof/heap` }])) as { failure: { kind: string; message: string } };
        expect(unauthorized.failure.kind).toBe('unauthorized');
        expect(unauthorized.failure.message).toContain('127.0.0.1');
        expect(await stub.invoke(window, 'remote-request', ['r2', { op: 'fetch', source: 'file:///etc/passwd' }])).toMatchObject({ kind: 'failure' });
        expect(await stub.invoke(window, 'remote-request', ['r3', { op: 'rm -rf' }])).toMatchObject({ kind: 'failure', failure: { kind: 'invalid' } });
      },
    );
  });

  it('Cancel, a reload and closing the window stop a fetch the server never answers', async () => {
    await withServer(
      () => {
        /* never answers */
      },
      async (url) => {
        const { window, stub, app } = await readyApp();
        const cancelled = stub.invoke(window, 'remote-request', ['r1', { op: 'fetch', source: `${url}/debug/pprof/profile?seconds=30` }]);
        await new Promise((r) => setTimeout(r, 50));
        await stub.invoke(window, 'remote-cancel', ['r1']);
        expect(await cancelled).toEqual({ kind: 'cancelled' });
        const closed = stub.invoke(window, 'remote-request', ['r2', { op: 'fetch', source: `${url}/debug/pprof/heap` }]);
        await new Promise((r) => setTimeout(r, 50));
        expect(app.remote.runningCount(window.webContents.id)).toBe(1);
        // A reload of the page ends its fetches too.
        window.webContents.emit('did-navigate');
        expect(await closed).toEqual({ kind: 'cancelled' });
        const closing = stub.invoke(window, 'remote-request', ['r3', { op: 'fetch', source: `${url}/debug/pprof/heap` }]);
        await new Promise((r) => setTimeout(r, 50));
        window.close();
        expect(await closing).toEqual({ kind: 'cancelled' });
        expect(app.remote.runningCount(window.webContents.id)).toBe(0);
      },
    );
  });

  it('saves a connection with its secret through IPC, and the secret is not on disk in plain text', async () => {
    const { window, stub, userData } = await readyApp();
    const save = { op: 'saveConnection', connection: { kind: 'pyroscope', url: 'http://127.0.0.1:4040/' }, credentials: { tenant: 'acme', password: 'hunter2-secret' } };
    expect(await stub.invoke(window, 'remote-request', ['r1', save])).toEqual({ kind: 'json', value: null });
    expect(readFileSync(join(userData, 'connections.json'), 'utf8')).not.toContain('hunter2');
    expect(await stub.invoke(window, 'remote-request', ['r2', { op: 'connections' }])).toMatchObject({ kind: 'json', value: [{ url: 'http://127.0.0.1:4040/', tenant: 'acme', hasSecret: true }] });
  });
});

describe('credentials from the command line', () => {
  it('a URL\'s user:password, --tenant and FLAMEDECK_TOKEN reach the server, never the page or the disk', async () => {
    const seen: { authorization?: string; tenant?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ authorization: req.headers.authorization, tenant: req.headers['x-scope-orgid'] as string | undefined });
      res.end(readFileSync(example));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const basic = await readyApp({ argv: ['/usr/bin/electron', 'main.cjs', `http://ann:hunter2@${base.slice(7)}/debug/pprof/heap`, '--tenant', 'acme'] });
      const [offered] = openedFiles(basic.window) as { source?: string }[];
      expect(offered.source).toBe(`${base}/debug/pprof/heap`);
      expect(await basic.stub.invoke(basic.window, 'remote-request', ['r1', { op: 'fetch', source: offered.source }])).toMatchObject({ kind: 'bytes' });
      expect(seen.at(-1)).toEqual({ authorization: `Basic ${Buffer.from('ann:hunter2').toString('base64')}`, tenant: 'acme' });
      const onDisk = readdirSync(basic.userData).map((name) => readFileSync(join(basic.userData, name), 'utf8')).join('\n');
      expect(onDisk).not.toContain('hunter2');
      expect(await basic.stub.invoke(basic.window, 'remote-request', ['r2', { op: 'connections' }])).toEqual({ kind: 'json', value: [] });

      const bearer = await readyApp({ argv: ['/usr/bin/electron', 'main.cjs', `${base}/debug/pprof/heap`], env: { FLAMEDECK_TOKEN: 'tok-123' } });
      await bearer.stub.invoke(bearer.window, 'remote-request', ['r1', { op: 'fetch', source: `${base}/debug/pprof/heap` }]);
      expect(seen.at(-1)).toEqual({ authorization: 'Bearer tok-123' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
