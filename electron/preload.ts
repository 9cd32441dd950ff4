// The renderer's only door to the main process (contextIsolation + sandbox): a few functions,
// each one IPC call; no Node or Electron object crosses into the page.
// Typed here rather than from the electron package, which is optional (see electron-api.ts).
interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: Record<string, unknown>): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<never>;
    on(channel: string, listener: (event: unknown, ...args: never[]) => void): void;
    removeListener(channel: string, listener: (event: unknown, ...args: never[]) => void): void;
  };
  webUtils: { getPathForFile(file: File): string };
}

const { contextBridge, ipcRenderer, webUtils } = require('electron') as PreloadElectron;

type OpenedFile = { token: string; name: string };

contextBridge.exposeInMainWorld('flamedeckHost', {
  openDialog: (): Promise<OpenedFile[]> => ipcRenderer.invoke('open-dialog'),
  readFile: (token: string): Promise<{ name: string; bytes: Uint8Array }> => ipcRenderer.invoke('read-file', token),
  recentFiles: (): Promise<(OpenedFile & { path: string })[]> => ipcRenderer.invoke('recent-files'),
  /** A dropped File's path goes to the recent list; a File made up by a page has no path. */
  noteDroppedFile: (file: File): Promise<OpenedFile | null> => {
    const path = webUtils.getPathForFile(file);
    return path ? ipcRenderer.invoke('note-dropped-file', path) : Promise.resolve(null);
  },
  saveFile: (name: string, bytes: Uint8Array): Promise<boolean> => ipcRenderer.invoke('save-file', name, bytes),
  fetchRemote: (url: string): Promise<{ name: string; bytes: Uint8Array }> => ipcRenderer.invoke('fetch-remote', url),
  getSettings: (): Promise<unknown> => ipcRenderer.invoke('get-settings'),
  setSetting: (key: string, value: string): Promise<unknown> => ipcRenderer.invoke('set-setting', key, value),
  onOpenFiles: (listener: (files: OpenedFile[]) => void): (() => void) => {
    const wrapped = (_event: unknown, files: OpenedFile[]) => listener(files);
    ipcRenderer.on('open-files', wrapped);
    return () => ipcRenderer.removeListener('open-files', wrapped);
  },
  onSettings: (listener: (settings: unknown) => void): (() => void) => {
    const wrapped = (_event: unknown, settings: unknown) => listener(settings);
    ipcRenderer.on('settings', wrapped);
    return () => ipcRenderer.removeListener('settings', wrapped);
  },
});
