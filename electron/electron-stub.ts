// A stand-in for the electron module in unit tests: records what the main process asks of it,
// and lets a test play the renderer (IPC invocations) and the OS (events, dialogs).
import type {
  BrowserWindowLike,
  BrowserWindowOptions,
  ElectronApi,
  IpcMainInvokeEventLike,
  MenuItemOptions,
  Rectangle,
  WebContentsLike,
} from './electron-api.js';
import { exposeDesktopBridge } from './preload-bridge.js';

type Listener = (...args: unknown[]) => void;

export class StubWebContents implements WebContentsLike {
  static nextId = 1;
  id = StubWebContents.nextId++;
  sent: [string, unknown[]][] = [];
  listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;
  permissionHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null = null;
  permissionCheck: ((contents: unknown, permission: string, requestingOrigin: string) => boolean) | null = null;
  headersListener: ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | null =
    null;
  url = '';
  destroyed = false;
  session = {
    setPermissionRequestHandler: (h: StubWebContents['permissionHandler']) => void (this.permissionHandler = h),
    setPermissionCheckHandler: (h: StubWebContents['permissionCheck']) => void (this.permissionCheck = h),
    webRequest: { onHeadersReceived: (l: NonNullable<StubWebContents['headersListener']>) => void (this.headersListener = l) },
  };
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, args]);
  }
  on(event: string, listener: (...args: never[]) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as Listener]);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  setWindowOpenHandler(handler: NonNullable<StubWebContents['windowOpenHandler']>): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class StubWindow implements BrowserWindowLike {
  static all: StubWindow[] = [];
  webContents = new StubWebContents();
  listeners = new Map<string, Listener[]>();
  destroyed = false;
  maximized = false;
  minimized = false;
  focused = 0;
  bounds: Rectangle;
  constructor(readonly options: BrowserWindowOptions) {
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    StubWindow.all.push(this);
  }
  static getAllWindows(): StubWindow[] {
    return StubWindow.all.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: WebContentsLike): StubWindow | null {
    return StubWindow.all.find((w) => w.webContents === contents) ?? null;
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
  }
  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  once(event: string, listener: Listener): void {
    this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  show(): void {}
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  getNormalBounds(): Rectangle {
    return this.bounds;
  }
  close(): void {
    this.emit('close');
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export interface Stub {
  electron: ElectronApi;
  appListeners: Map<string, Listener[]>;
  ipc: Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>;
  menus: MenuItemOptions[][];
  external: string[];
  quit: number;
  sandboxEnabled: boolean;
  openDialogAnswer: string[];
  /** Where the Save dialog answers the user chose (null: Cancel), and what each dialog was asked. */
  saveDialogAnswer: string | null;
  saveDialogs: { defaultPath: string; filters: { name: string; extensions: string[] }[] }[];
  messages: string[];
  protocolHandler: ((request: { url: string }) => Response | Promise<Response>) | null;
  /** Whether safeStorage can encrypt (false: a Linux session without a keyring). */
  encryptionAvailable: boolean;
  /** Plays the renderer: an IPC call from a window's main frame (or from another URL). */
  invoke(window: StubWindow, channel: string, args?: unknown[], frameUrl?: string): Promise<unknown>;
  emitApp(event: string, ...args: unknown[]): void;
  ready(): Promise<void>;
}

export function createElectronStub(userData: string, options: { lock?: boolean; displays?: Rectangle[] } = {}): Stub {
  StubWindow.all = [];
  let resolveReady: () => void = () => {};
  const whenReady = new Promise<void>((resolve) => (resolveReady = resolve));
  const stub: Stub = {
    appListeners: new Map(),
    ipc: new Map(),
    menus: [],
    external: [],
    quit: 0,
    sandboxEnabled: false,
    openDialogAnswer: [],
    saveDialogAnswer: null,
    saveDialogs: [],
    messages: [],
    protocolHandler: null,
    encryptionAvailable: true,
    electron: undefined as unknown as ElectronApi,
    async invoke(window, channel, args = [], frameUrl = window.webContents.url) {
      const handler = stub.ipc.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler({ sender: window.webContents, senderFrame: { url: frameUrl } }, ...args);
    },
    emitApp(event, ...args) {
      for (const listener of stub.appListeners.get(event) ?? []) listener(...args);
    },
    async ready() {
      resolveReady();
      await whenReady;
      await new Promise((r) => setTimeout(r, 0));
    },
  };
  stub.electron = {
    app: {
      enableSandbox: () => void (stub.sandboxEnabled = true),
      requestSingleInstanceLock: () => options.lock ?? true,
      quit: () => void stub.quit++,
      whenReady: () => whenReady,
      on: (event, listener) => stub.appListeners.set(event, [...(stub.appListeners.get(event) ?? []), listener]),
      getPath: () => userData,
      isPackaged: false,
    },
    BrowserWindow: StubWindow,
    ipcMain: { handle: (channel, listener) => void stub.ipc.set(channel, listener) },
    dialog: {
      showOpenDialog: async () => ({ canceled: stub.openDialogAnswer.length === 0, filePaths: stub.openDialogAnswer }),
      showSaveDialog: async (_window, { defaultPath, filters }) => {
        stub.saveDialogs.push({ defaultPath, filters });
        return stub.saveDialogAnswer === null ? { canceled: true } : { canceled: false, filePath: stub.saveDialogAnswer };
      },
      showErrorBox: (title, content) => void stub.messages.push(`${title}: ${content}`),
      showMessageBox: async (_window, { message, detail }) => void stub.messages.push(`${message}: ${detail ?? ''}`),
    },
    Menu: {
      buildFromTemplate: (template) => template,
      setApplicationMenu: (menu) => void stub.menus.push(menu as MenuItemOptions[]),
    },
    shell: { openExternal: async (url) => void stub.external.push(url) },
    protocol: {
      registerSchemesAsPrivileged: () => {},
      handle: (_scheme, handler) => void (stub.protocolHandler = handler),
    },
    screen: {
      getAllDisplays: () => (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }]).map((workArea) => ({ workArea })),
      getPrimaryDisplay: () => ({ workArea: (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }])[0] }),
    },
    // A stand-in cipher (each byte XOR 0x5a behind a marker): reversible, and the plain text is nowhere in it.
    safeStorage: {
      isEncryptionAvailable: () => stub.encryptionAvailable,
      encryptString: (plainText) => {
        if (!stub.encryptionAvailable) throw new Error('Encryption is not available.');
        return Buffer.concat([Buffer.from('stub1:'), Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
      },
      decryptString: (encrypted) => {
        if (!encrypted.subarray(0, 6).equals(Buffer.from('stub1:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return Buffer.from(encrypted.subarray(6).map((b) => b ^ 0x5a)).toString('utf8');
      },
    },
  };
  return stub;
}

/** Runs the preload against a stand-in `electron` module: what it exposed, sent and listens to over IPC. */
export function loadPreload(pathForFile: (file: File) => string = () => '') {
  const exposed = new Map<string, Record<string, unknown>>();
  const invoked: [string, unknown[]][] = [];
  const listened = new Set<string>();
  const listeners = new Map<string, ((event: unknown, ...args: never[]) => void)[]>();
  exposeDesktopBridge({
    contextBridge: { exposeInMainWorld: (key, api) => void exposed.set(key, { ...api }) },
    ipcRenderer: {
      invoke: async (channel, ...args) => {
        invoked.push([channel, args]);
        return undefined as never;
      },
      on: (channel, listener) => {
        listened.add(channel);
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
      removeListener: (channel, listener) => void listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
    },
    webUtils: { getPathForFile: pathForFile },
  });
  /** Plays the main process sending on a channel. */
  const send = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({}, ...(args as never[]));
  };
  return { exposed, invoked, listened, send };
}
