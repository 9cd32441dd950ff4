/**
 * What the renderer asks of the program hosting it (DESIGN.md section 5). Web mode implements it
 * over HTTP against `flamedeck serve`; the desktop app over IPC through its preload.
 */
import { TOKEN_HEADER, TOKEN_META_NAME, type DesktopBridge, type HostSettings, type OpenedFile } from '../shared/hosting.js';
import type { FetchProgress, ProfileFetchRequest, RemoteQueryAnswer, RemoteQueryRequest } from '../shared/remote/remote-api.js';
import { desktopRemote } from './desktop-remote.js';
import { webRemoteHost } from './web-remote.js';

export type { HostSettings };

/** A file's bytes as a Blob: the engine worker reads it itself, and nothing copies it on the way. */
interface HostFile {
  name: string;
  bytes: Blob;
}

/** A file the host offers: its name now, its bytes when loaded. */
export interface OfferedFile {
  name: string;
  load: () => Promise<HostFile>;
  /** A remote source URL (without credentials): the tab fetches it through `Host.remote` instead of `load`. */
  source?: string;
}

/**
 * Remote sources, fetched by the host (never by the page). Failures reject with RemoteHostError
 * (one sentence and a kind); an aborted signal rejects with a DOMException named 'AbortError',
 * which is not an error to show.
 */
export interface RemoteHost {
  fetchProfile(request: ProfileFetchRequest, options: { signal: AbortSignal; onProgress?: (progress: FetchProgress) => void }): Promise<Blob>;
  query<R extends RemoteQueryRequest>(request: R, signal?: AbortSignal): Promise<RemoteQueryAnswer<R>>;
}

export interface Host {
  kind: 'web' | 'desktop';
  /** Profiles named when the app started (command line). */
  initialFiles(): Promise<OfferedFile[]>;
  /** Whether the files named at start are a comparison (`--base BASE TARGET`): base first. */
  initialComparison?(): Promise<boolean>;
  /** The desktop host sends a comparison's two files (base first) once the page has loaded. */
  onOpenComparison?(listener: (files: OfferedFile[]) => void): () => void;
  /** The bundled example: a real Go CPU profile with labels. */
  exampleProfile: () => Promise<HostFile>;
  /** Files the host opens later (menu, second instance, macOS open-file). */
  onOpenFiles?(listener: (files: OfferedFile[]) => void): () => void;
  /** A native open dialog; without it the page's file input is used. */
  openDialog?(): Promise<OfferedFile[]>;
  /** Puts a dropped file on the recent list. */
  noteDroppedFile?(file: File): void;
  settings?(): Promise<HostSettings>;
  onSettings?(listener: (settings: HostSettings) => void): () => void;
  remote?: RemoteHost;
  /** The desktop host's File › Connect… menu item. */
  onConnect?(listener: () => void): () => void;
  /**
   * Saves an export: web mode as a download, the desktop app through a native Save dialog (the
   * page never names a path). A failure rejects with one sentence.
   */
  saveFile(suggestedName: string, data: Blob): Promise<'saved' | 'cancelled'>;
  /** The desktop host's File › Export… menu item. */
  onExport?(listener: () => void): () => void;
}

/**
 * Web mode's save: a download of an object URL. The browser decides where (its downloads folder,
 * or its own dialog), and a download cannot tell whether the user kept it: it counts as saved.
 */
export function downloadBlob(suggestedName: string, data: Blob, doc: Document = document): Promise<'saved'> {
  const url = URL.createObjectURL(data);
  const link = doc.createElement('a');
  link.href = url;
  link.download = suggestedName;
  link.style.display = 'none';
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click has started the download; the URL is only needed until the browser has read it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return Promise.resolve('saved');
}

/** `flamedeck serve` puts a per-launch token in the page; its API answers only requests that send it. */
function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`)?.content;
  const headers = new Headers(init.headers);
  if (token) headers.set(TOKEN_HEADER, token);
  return fetch(url, { ...init, headers });
}

async function fetchBytes(url: string, what: string): Promise<Blob> {
  const response = await apiFetch(url);
  if (!response.ok) throw new Error(`could not load ${what}: HTTP ${response.status}`);
  return response.blob();
}

const EXAMPLE_NAME = 'example-go-cpu.pb.gz';

const webRemote = webRemoteHost((body, signal) => apiFetch('api/remote', { method: 'POST', body, signal, headers: { 'Content-Type': 'application/json' } }));

/** What api/files lists: a file's name, or a source URL (without credentials) with its tab name. */
type ListedFile = string | { name: string; source: string };

export const webHost: Host = {
  kind: 'web',
  async initialFiles() {
    const response = await apiFetch('api/files').catch(() => null);
    if (!response || !response.ok) return [];
    const listed = (await response.json()) as ListedFile[];
    return listed.map((entry, index): OfferedFile => {
      if (typeof entry === 'string') return { name: entry, load: async () => ({ name: entry, bytes: await fetchBytes(`api/files/${index}`, entry) }) };
      const { name, source } = entry;
      // The tab fetches a source through `remote` itself (progress, Cancel); `load` is the plain way.
      const load = async () => ({ name, bytes: await webRemote.fetchProfile({ op: 'fetch', source }, { signal: new AbortController().signal }) });
      return { name, source, load };
    });
  },
  async initialComparison() {
    const response = await apiFetch('api/compare').catch(() => null);
    return response?.ok === true && (await response.json()) !== null;
  },
  async exampleProfile() {
    return { name: EXAMPLE_NAME, bytes: await fetchBytes(`example/${EXAMPLE_NAME}`, 'the example profile') };
  },
  remote: webRemote,
  saveFile: (suggestedName, data) => downloadBlob(suggestedName, data),
};

function bridgeToHost(bridge: DesktopBridge<File>): Host {
  const remote = desktopRemote(bridge);
  // A source URL (command line, Open Recent) is fetched by the tab through `remote`; `load` does the
  // same for callers that only load (a `--base` comparison of two sources).
  const offered = (files: OpenedFile[]): OfferedFile[] =>
    files.map(({ token, name, source }) =>
      source !== undefined
        ? { name, source, load: async () => ({ name, bytes: await remote.fetchProfile({ op: 'fetch', source }, { signal: new AbortController().signal }) }) }
        : {
            name,
            load: async () => {
              const { bytes } = await bridge.readFile(token);
              return { name, bytes: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
            },
          },
    );
  return {
    kind: 'desktop',
    // The main process sends command-line files once the page has loaded (onOpenFiles).
    initialFiles: async () => [],
    exampleProfile: webHost.exampleProfile,
    onOpenFiles: (listener) => bridge.onOpenFiles((files) => listener(offered(files))),
    onOpenComparison: (listener) => bridge.onOpenComparison((files) => listener(offered(files))),
    openDialog: async () => offered(await bridge.openDialog()),
    noteDroppedFile: (file) => {
      bridge.noteDroppedFile(file).catch((error: unknown) => console.warn('could not add a dropped file to the recent list', error));
    },
    settings: () => bridge.getSettings(),
    onSettings: (listener) => bridge.onSettings(listener),
    onConnect: (listener) => bridge.onConnect(listener),
    onExport: (listener) => bridge.onExport(listener),
    saveFile: async (suggestedName, data) => {
      const outcome = await bridge.saveFile(suggestedName, new Uint8Array(await data.arrayBuffer()));
      if (outcome.kind === 'failure') throw new Error(outcome.message);
      return outcome.kind;
    },
    remote,
  };
}

export function hostForThisWindow(): Host {
  const bridge = (window as unknown as { flamedeckHost?: DesktopBridge<File> }).flamedeckHost;
  return bridge ? bridgeToHost(bridge) : webHost;
}
