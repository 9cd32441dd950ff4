// The renderer's only door to the main process (contextIsolation + sandbox): the members of
// DesktopBridge and nothing else, each one IPC call; no Node or Electron object crosses into the page.
import type { DesktopBridge, HostSettings, OpenedFile } from '../shared/hosting.js';
import type { FetchProgress } from '../shared/remote/remote-api.js';

/** The slice of the preload's `electron` module used here (the package is optional, see electron-api.ts). */
export interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: DesktopBridge<File>): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<never>;
    on(channel: string, listener: (event: unknown, ...args: never[]) => void): void;
    removeListener(channel: string, listener: (event: unknown, ...args: never[]) => void): void;
  };
  webUtils: { getPathForFile(file: File): string };
}

export function exposeDesktopBridge({ contextBridge, ipcRenderer, webUtils }: PreloadElectron): void {
  const listen = <T>(channel: string, listener: (value: T) => void): (() => void) => {
    const wrapped = (_event: unknown, value: T) => listener(value);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  };
  const bridge: DesktopBridge<File> = {
    openDialog: () => ipcRenderer.invoke('open-dialog'),
    readFile: (token) => ipcRenderer.invoke('read-file', token),
    // The path comes from the File object itself (a page cannot make up a File with a path); the
    // main process only lists it under Open Recent, it grants no read (the page has the bytes).
    noteDroppedFile: async (file) => {
      const path = webUtils.getPathForFile(file);
      if (path) await ipcRenderer.invoke('note-dropped-file', path, file.size, file.lastModified);
    },
    getSettings: () => ipcRenderer.invoke('get-settings'),
    onOpenFiles: (listener) => listen<OpenedFile[]>('open-files', listener),
    onOpenComparison: (listener) => listen<OpenedFile[]>('open-comparison', listener),
    onSettings: (listener) => listen<HostSettings>('settings', listener),
    onConnect: (listener) => listen<void>('connect', listener),
    onExport: (listener) => listen<void>('export', listener),
    // The main process shows the Save dialog and writes the file; the page only hands the bytes over.
    saveFile: (suggestedName, bytes) => ipcRenderer.invoke('save-file', suggestedName, bytes),
    // The main process checks the request; the answer is plain data (DesktopRemoteOutcome).
    remote: (requestId, request) => ipcRenderer.invoke('remote-request', requestId, request),
    cancelRemote: (requestId) => ipcRenderer.invoke('remote-cancel', requestId),
    onRemoteProgress: (listener) => {
      const wrapped = (_event: unknown, requestId: string, progress: FetchProgress) => listener(requestId, progress);
      ipcRenderer.on('remote-progress', wrapped);
      return () => ipcRenderer.removeListener('remote-progress', wrapped);
    },
  };
  contextBridge.exposeInMainWorld('flamedeckHost', bridge);
}
