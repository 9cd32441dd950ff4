import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { HostSettings, OpenedFile } from '../shared/hosting.js';
import { answerRemote, parseRemoteRequest } from '../shared/remote/remote-service.js';
import { appProtocolHandler } from './app-protocol.js';
import { profilePathsFromArgv, scriptIndexOf, sourceCredentialsFromArgv } from './cli-args.js';
import { DesktopConnectionStore } from './connection-store.js';
import type { BrowserWindowLike, ElectronApi, IpcMainInvokeEventLike, WebContentsLike } from './electron-api.js';
import { isDroppedFile } from './dropped-file.js';
import { FileGrants } from './file-grants.js';
import { handleFromApp } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { RecentFiles } from './recent-files.js';
import { RemoteRequests } from './remote-requests.js';
import { saveExport } from './save-file.js';
import { guardWebContents } from './security.js';
import { applySettingsChange, settingsStore } from './settings.js';
import { isSourceUrl, sourceTitle, storedSource } from '../shared/remote/source-url.js';
import { APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, secureWindowOptions } from './window-options.js';
import { placeWindow, windowStateStore } from './window-state.js';

export interface DesktopAppOptions {
  argv: string[];
  cwd: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  preloadPath: string;
  /** Opened when the app starts with no file. */
  exampleProfile: string;
  /** FLAMEDECK_PASSWORD and FLAMEDECK_TOKEN, as the CLI reads them, for the command line's sources. */
  env?: Record<string, string | undefined>;
}

/** The desktop app's main process; every Electron object comes in through `electron`. */
export class DesktopApp {
  readonly grants = new FileGrants();
  readonly windows = new Set<BrowserWindowLike>();
  recent!: RecentFiles;
  settings!: HostSettings;
  connections!: DesktopConnectionStore;
  remote!: RemoteRequests;
  private settingsFile!: ReturnType<typeof settingsStore>;
  private windowState!: ReturnType<typeof windowStateStore>;
  private ready = false;
  /** The command line's credentials for its source URLs, kept once the connection store exists. */
  private pendingCredentials: ReturnType<typeof sourceCredentialsFromArgv> = [];
  /** Files (and source URLs) to open once a window has loaded (command line, macOS open-file before ready). */
  private pendingPaths: string[] = [];
  /** The command line was `--base BASE TARGET`: the two pending paths are a comparison. */
  private pendingComparison = false;
  private readonly loaded = new WeakSet<BrowserWindowLike>();

  constructor(
    private readonly electron: ElectronApi,
    private readonly options: DesktopAppOptions,
  ) {}

  /** Wires everything up; returns false when another instance already runs (it gets our files). */
  start(): boolean {
    const { app, protocol } = this.electron;
    app.enableSandbox();
    protocol.registerSchemesAsPrivileged([
      { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
    ]);
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return false;
    }
    const initial = profilePathsFromArgv(this.options.argv, this.options.cwd, scriptIndexOf(this.options.argv, app.isPackaged));
    this.pendingPaths.push(...(initial.length > 0 ? initial : [this.options.exampleProfile]));
    this.pendingComparison = this.options.argv.includes('--base') && initial.length === 2;
    this.pendingCredentials = sourceCredentialsFromArgv(this.options.argv, scriptIndexOf(this.options.argv, app.isPackaged), this.options.env ?? {});

    app.on('second-instance', (_event, argv, workingDirectory) => {
      const index = scriptIndexOf(argv as string[], app.isPackaged);
      // A second instance's environment stays with it: only its switches and URLs' user:password come over.
      this.keepCredentials(sourceCredentialsFromArgv(argv as string[], index, {}));
      this.openPaths(profilePathsFromArgv(argv as string[], workingDirectory as string, index));
    });
    app.on('open-file', (event, path) => {
      (event as { preventDefault(): void }).preventDefault();
      this.openPaths([path as string]);
    });
    app.on('web-contents-created', (_event, contents) => guardWebContents(this.electron, contents as WebContentsLike));
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    app.on('activate', () => {
      if (this.ready && this.windows.size === 0) this.createWindow();
    });
    void app.whenReady().then(() => this.onReady());
    return true;
  }

  private onReady(): void {
    const { app, protocol } = this.electron;
    const userData = app.getPath('userData');
    this.settingsFile = settingsStore(userData);
    const loaded = this.settingsFile.load();
    this.settings = loaded.value;
    this.recent = new RecentFiles(userData);
    this.windowState = windowStateStore(userData);
    this.connections = new DesktopConnectionStore(userData, this.electron.safeStorage);
    for (const { url, credentials } of this.pendingCredentials) this.connections.keepForThisRun(url, credentials);
    this.pendingCredentials = [];
    // Remote sources are fetched here with Node's fetch, never by the page (CSP connect-src 'self').
    this.remote = new RemoteRequests({
      parse: parseRemoteRequest,
      answer: (request, options) => answerRemote(request, { fetch: globalThis.fetch, connections: this.connections }, options),
      onFetched: (source) => this.remember(storedSource(source)),
    });
    protocol.handle(APP_SCHEME, appProtocolHandler(this.options.rendererDir, CONTENT_SECURITY_POLICY));
    this.registerIpc();
    this.refreshMenu();
    this.ready = true;
    const window = this.createWindow();
    for (const problem of [loaded.problem, this.recent.problem, this.connections.problem]) {
      if (problem) void this.electron.dialog.showMessageBox(window, { type: 'warning', message: 'A settings file was reset', detail: problem });
    }
  }

  private keepCredentials(seeded: ReturnType<typeof sourceCredentialsFromArgv>): void {
    if (!this.ready) {
      this.pendingCredentials.push(...seeded); // macOS can start a second instance before we are ready
      return;
    }
    for (const { url, credentials } of seeded) this.connections.keepForThisRun(url, credentials);
  }

  createWindow(): BrowserWindowLike {
    const { BrowserWindow, screen } = this.electron;
    const state = this.windowState.load().value;
    // The first window where it was; later ones at the default size, centred on the primary screen.
    const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
    const bounds = placeWindow(this.windows.size === 0 ? state.bounds : null, workAreas);
    const window = new BrowserWindow(secureWindowOptions(this.options.preloadPath, bounds));
    guardWebContents(this.electron, window.webContents);
    this.windows.add(window);
    if (state.maximized && this.windows.size === 1) window.maximize();
    window.once('ready-to-show', () => window.show());
    window.on('close', () => {
      if (!window.isDestroyed()) this.windowState.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    });
    const contentsId = window.webContents.id;
    window.on('closed', () => {
      this.windows.delete(window);
      this.remote.abortAll(contentsId);
    });
    // A reload (or any new page) ends the old page's fetches: nobody is left to read their answers.
    window.webContents.on('did-navigate', () => this.remote.abortAll(contentsId));
    window.webContents.on('did-finish-load', () => {
      this.loaded.add(window);
      this.flushPending(window);
    });
    void window.loadURL(APP_URL);
    return window;
  }

  /** Files and source URLs chosen outside the renderer (command line, second instance, macOS, menu) go to a window. */
  openPaths(paths: string[]): void {
    const files = paths.filter((p) => isSourceUrl(p) || (isAbsolute(p) && existsSync(p) && statSync(p).isFile()));
    if (files.length === 0) return;
    this.pendingPaths.push(...files);
    const window = [...this.windows].find((w) => !w.isDestroyed());
    if (!window) {
      if (this.ready) this.createWindow();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
    if (this.loaded.has(window)) this.flushPending(window);
  }

  private flushPending(window: BrowserWindowLike): void {
    if (this.pendingPaths.length === 0) return;
    const files = this.pendingPaths.map((path) => (isSourceUrl(path) ? this.offerSource(path) : this.grantAndRemember(path, path !== this.options.exampleProfile)));
    this.pendingPaths = [];
    window.webContents.send(this.pendingComparison ? 'open-comparison' : 'open-files', files);
    this.pendingComparison = false;
  }

  grantAndRemember(path: string, remember = true): OpenedFile {
    const granted = this.grants.grant(path);
    if (remember) this.remember(path);
    return granted;
  }

  /** A source URL needs no grant: the page fetches it through `remote-request`, which checks it. */
  private offerSource(source: string): OpenedFile {
    const shown = storedSource(source);
    this.remember(shown);
    return { token: '', name: sourceTitle(shown), source: shown };
  }

  private remember(path: string): void {
    this.recent.add(path);
    if (!isSourceUrl(path)) this.electron.app.addRecentDocument?.(path);
    this.refreshMenu();
  }

  private isOurWindow = (event: IpcMainInvokeEventLike): boolean => {
    const window = this.electron.BrowserWindow.fromWebContents(event.sender);
    return window !== null && this.windows.has(window);
  };

  registerIpc(): void {
    const handle = (channel: string, handler: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown) =>
      handleFromApp(this.electron.ipcMain, this.isOurWindow, channel, handler);

    handle('open-dialog', async (event) => this.showOpenDialog(this.electron.BrowserWindow.fromWebContents(event.sender) ?? undefined));
    handle('read-file', (_event, token) => this.grants.read(token));
    // The page reads a dropped File itself; its path only goes on the recent list, and the answer
    // is empty either way (no read access, no telling whether a path exists).
    handle('note-dropped-file', async (_event, path, size, lastModified) => {
      if (await isDroppedFile(path, size, lastModified)) this.remember(path as string);
    });
    handle('get-settings', () => this.settings);
    handle('remote-request', (event, requestId, request) => this.remote.run(event.sender, requestId, request));
    handle('remote-cancel', (event, requestId) => this.remote.cancel(event.sender, requestId));
    handle('save-file', (event, suggestedName, bytes) => saveExport(this.electron, this.electron.BrowserWindow.fromWebContents(event.sender) ?? undefined, suggestedName, bytes));
  }

  async showOpenDialog(window?: BrowserWindowLike): Promise<OpenedFile[]> {
    const choice = await this.electron.dialog.showOpenDialog(window, {
      title: 'Open profiles',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Profiles (pprof, folded stacks)', extensions: ['gz', 'pb', 'pprof', 'prof', 'folded', 'txt'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    if (choice.canceled) return [];
    return choice.filePaths.map((path) => this.grantAndRemember(path));
  }

  changeSetting(key: unknown, value: unknown): HostSettings {
    this.settings = applySettingsChange(this.settings, key, value);
    this.settingsFile.save(this.settings);
    for (const window of this.windows) if (!window.isDestroyed()) window.webContents.send('settings', this.settings);
    this.refreshMenu();
    return this.settings;
  }

  refreshMenu(): void {
    const { Menu } = this.electron;
    const focused = () => [...this.windows].find((w) => !w.isDestroyed());
    const template = buildMenuTemplate({
      recent: this.recent?.all() ?? [],
      settings: this.settings,
      openDialog: () => {
        const window = focused();
        void this.showOpenDialog(window).then((files) => {
          if (files.length > 0) (window ?? this.createWindow()).webContents.send('open-files', files);
        });
      },
      connect: () => (focused() ?? this.createWindow()).webContents.send('connect'),
      exportView: () => focused()?.webContents.send('export'),
      openRecent: (path) => {
        if (isSourceUrl(path) || existsSync(path)) this.openPaths([path]);
        else {
          this.recent.remove(path);
          this.refreshMenu();
          this.electron.dialog.showErrorBox('File not found', `${path} no longer exists; it was taken off the recent list.`);
        }
      },
      clearRecent: () => {
        this.recent.clear();
        this.refreshMenu();
      },
      newWindow: () => this.createWindow(),
      setSetting: (key, value) => this.changeSetting(key, value),
      about: () => {
        void this.electron.dialog.showMessageBox(focused(), {
          type: 'info',
          message: 'Flamedeck',
          detail: 'An offline viewer for pprof profiles: flame graphs, top table, tag filters.',
        });
      },
      openExternal: (url) => void this.electron.shell.openExternal(url),
      developer: !this.electron.app.isPackaged,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }
}
