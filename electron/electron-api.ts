/**
 * The slice of Electron's API the main process uses. The code is written against this, and
 * the real module is handed in at start (main-entry.ts), so unit tests run it against a stub
 * on machines where Electron's binary is not installed.
 */
export interface WebContentsLike {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  /** Input the user gave, seen by the main process before the page (Electron 36.5+ for the mouse). */
  on(event: 'before-mouse-event', listener: (event: unknown, mouse: { type: string }) => void): void;
  on(event: 'before-input-event', listener: (event: unknown, input: { type: string; key: string }) => void): void;
  on(event: 'did-finish-load' | 'did-navigate', listener: () => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  getURL(): string;
  /** Sending to a destroyed web contents throws (a window closed while its fetch ran). */
  isDestroyed(): boolean;
  session: SessionLike;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin: string) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(
      listener: (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void,
    ): void;
  };
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): void;
  once(event: string, listener: (...args: unknown[]) => void): void;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  maximize(): void;
  getNormalBounds(): Rectangle;
  close(): void;
  isDestroyed(): boolean;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
  };
}

export interface IpcMainInvokeEventLike {
  sender: WebContentsLike;
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
}

export interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  accelerator?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

/** A Save dialog's file type choice: extensions without the dot, '*' for any. */
export interface SaveDialogFilter {
  name: string;
  extensions: string[];
}

export interface ElectronApi {
  app: {
    /** Sandboxes every renderer, whatever its webPreferences say (before ready). */
    enableSandbox(): void;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): void;
    getPath(name: 'userData'): string;
    addRecentDocument?(path: string): void;
    isPackaged: boolean;
  };
  BrowserWindow: {
    new (options: BrowserWindowOptions): BrowserWindowLike;
    getAllWindows(): BrowserWindowLike[];
    fromWebContents(webContents: WebContentsLike): BrowserWindowLike | null;
  };
  ipcMain: IpcMainLike;
  dialog: {
    showOpenDialog(
      window: BrowserWindowLike | undefined,
      options: { title: string; properties: string[]; filters: { name: string; extensions: string[] }[] },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(
      window: BrowserWindowLike | undefined,
      options: { title: string; defaultPath: string; filters: SaveDialogFilter[] },
    ): Promise<{ canceled: boolean; filePath?: string }>;
    showErrorBox(title: string, content: string): void;
    showMessageBox(window: BrowserWindowLike | undefined, options: { type: string; message: string; detail?: string }): Promise<unknown>;
  };
  Menu: {
    buildFromTemplate(template: MenuItemOptions[]): unknown;
    setApplicationMenu(menu: unknown): void;
  };
  shell: { openExternal(url: string): Promise<void> };
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
  };
  screen: {
    getAllDisplays(): { workArea: Rectangle }[];
    getPrimaryDisplay(): { workArea: Rectangle };
  };
  /** The OS keychain's encryption (Keychain, DPAPI, libsecret/kwallet): connection secrets on disk go through it. */
  safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
  };
}
