/**
 * How the app's pages are served, the same in web mode (bin/web-server.ts) and in the desktop
 * app (electron/app-protocol.ts): one Content-Security-Policy, one table of content types, one
 * URL-path decoder; and the types the renderer and the desktop host share (settings, the bridge).
 */
import type { FetchProgress, RemoteFailure, RemoteRequest } from './remote/remote-api.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The only pages the app opens in the system browser (from its Help menu, or a link it renders).
 * A page's navigation or window.open to anything else is denied and opens nothing: a fixed list
 * means even a compromised page can at worst open one of these.
 */
export const EXTERNAL_LINKS = {
  pprofFormat: 'https://github.com/google/pprof/blob/main/proto/README.md',
} as const;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
};

export function contentTypeOf(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * The settings the desktop app keeps (settings.json, the View menu) and sends to its windows:
 * each key with its allowed values, first the default. The type is derived from this table so
 * the two cannot disagree.
 */
export const SETTING_CHOICES = {
  theme: ['system', 'light', 'dark'],
  defaultView: ['flame', 'icicle', 'table'],
  order: ['name', 'weight'],
} as const;

export type HostSettings = { -readonly [K in keyof typeof SETTING_CHOICES]: (typeof SETTING_CHOICES)[K][number] };

export const DEFAULT_SETTINGS: HostSettings = { theme: 'system', defaultView: 'flame', order: 'name' };

/**
 * A file the desktop host let the renderer read: it names the file only by this token. Or a
 * remote source URL (command line, Open Recent): then `source` is set, without credentials, the
 * token is empty, and the page fetches it through the bridge's `remote`.
 */
export interface OpenedFile {
  token: string;
  name: string;
  source?: string;
}

/**
 * The desktop host's answer to a remote request, as plain data: an Error crossing IPC or the
 * context bridge keeps only its message, so a failure's kind travels as a value, not as a throw.
 */
export type DesktopRemoteOutcome =
  | { kind: 'bytes'; name: string; bytes: Uint8Array }
  | { kind: 'json'; value: unknown }
  | { kind: 'failure'; failure: RemoteFailure }
  | { kind: 'cancelled' };

/**
 * What the desktop preload (electron/preload.ts) exposes to the page as `window.flamedeckHost`,
 * and all the renderer (renderer/host.ts) uses of it: nothing more crosses the context bridge.
 * `DroppedFile` is the DOM's File, named by the user of this type (shared/ knows no DOM).
 */
export interface DesktopBridge<DroppedFile> {
  openDialog(): Promise<OpenedFile[]>;
  readFile(token: string): Promise<{ name: string; bytes: Uint8Array }>;
  /** Puts a dropped file on the recent list; the renderer reads the File's bytes itself. */
  noteDroppedFile(file: DroppedFile): Promise<void>;
  getSettings(): Promise<HostSettings>;
  onOpenFiles(listener: (files: OpenedFile[]) => void): () => void;
  /** `flamedeck --base BASE TARGET`: the two files of a comparison, base first. */
  onOpenComparison(listener: (files: OpenedFile[]) => void): () => void;
  onSettings(listener: (settings: HostSettings) => void): () => void;
  /** File › Connect…: open the Connect dialog. */
  onConnect(listener: () => void): () => void;
  /** Runs a remote operation in the main process; `requestId` (the page's choice) names it for cancel and progress. */
  remote(requestId: string, request: RemoteRequest): Promise<DesktopRemoteOutcome>;
  cancelRemote(requestId: string): Promise<void>;
  onRemoteProgress(listener: (requestId: string, progress: FetchProgress) => void): () => void;
  /** Asks where to save an export (a native Save dialog) and writes the bytes there: the page never names a path. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<SaveOutcome>;
  /** File › Export…: open the page's Export menu. */
  onExport(listener: () => void): () => void;
}

/** The desktop host's answer to a save, as plain data (an Error crossing IPC keeps only its message). */
export type SaveOutcome = { kind: 'saved' } | { kind: 'cancelled' } | { kind: 'failure'; message: string };

/** The largest export the desktop host writes (a pprof of the large reference profile is far below it). */
export const MAX_SAVE_BYTES = 1024 * 1024 * 1024;

/** The bridge's members at run time (electron/preload.test.ts checks it against the type). */
export const DESKTOP_BRIDGE_KEYS = [
  'openDialog',
  'readFile',
  'noteDroppedFile',
  'getSettings',
  'onOpenFiles',
  'onOpenComparison',
  'onSettings',
  'onConnect',
  'remote',
  'cancelRemote',
  'onRemoteProgress',
  'saveFile',
  'onExport',
] as const satisfies readonly (keyof DesktopBridge<unknown>)[];

/** Web mode's per-launch token: in a meta tag of the served page, sent back in this header. */
export const TOKEN_META_NAME = 'flamedeck-token';
export const TOKEN_HEADER = 'x-flamedeck-token';

/**
 * A URL path with its percent-escapes decoded, or null when it cannot name a file: a malformed
 * escape (`%zz`, a cut UTF-8 sequence) or a NUL byte. Callers answer null with 400.
 */
export function decodeUrlPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // URIError: a malformed escape
  }
  return decoded.includes('\0') ? null : decoded;
}

/** The file-system calls resolving a served file needs: Node's, passed in (shared/ has no Node). */
export interface ServedFileSystem {
  sep: string;
  resolve(root: string, relative: string): string;
  /** The real path, or null when there is no such file or folder. */
  realpath(path: string): Promise<string | null>;
  isFile(path: string): Promise<boolean>;
}

/** A served file's real path, or why there is none: it lies outside the folder, or is missing. */
export type ServedFile = { path: string } | { refused: 'outside' | 'missing' };

function isInside(root: string, path: string, sep: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/**
 * The file a decoded URL path names inside the folder whose real path is `realRoot`, for both
 * hosts (web mode and app://): not by `..`, and not through a symlink that leads out of it.
 */
export async function resolveServedFile(fs: ServedFileSystem, realRoot: string, decodedPath: string): Promise<ServedFile> {
  const target = fs.resolve(realRoot, `.${decodedPath.startsWith('/') ? '' : '/'}${decodedPath}`);
  if (!isInside(realRoot, target, fs.sep)) return { refused: 'outside' };
  const real = await fs.realpath(target);
  if (real === null) return { refused: 'missing' };
  if (!isInside(realRoot, real, fs.sep)) return { refused: 'outside' };
  return (await fs.isFile(real)) ? { path: real } : { refused: 'missing' };
}
