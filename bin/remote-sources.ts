import { displaySourceUrl, isHttpSource } from '../shared/remote/http-source.js';
import { describePyroscopeSource, isPyroscopeSource, parsePyroscopeSource } from '../shared/remote/pyroscope-source.js';
import type { ConnectionStore } from '../shared/remote/remote-service.js';
import type { RemoteCredentials } from '../shared/remote/remote-api.js';

/**
 * Source URLs where the command line takes files (`flamedeck serve SOURCE`, `flamedeck SOURCE`):
 * how the page is told about one, and how the command line's credentials reach the host's
 * connection store (never the page).
 */

/** Whether a command-line argument names a remote source rather than a file. */
export function isRemoteSource(text: string): boolean {
  return isHttpSource(text) || isPyroscopeSource(text);
}

/** What the page is told of a source: a tab name, and the source URL without credentials. */
export function offeredSource(source: string): { name: string; source: string } {
  if (isPyroscopeSource(source)) {
    // Kept as written (a Pyroscope source never holds credentials): the page shows and stores it so.
    const shown = source.trim();
    try {
      return { name: describePyroscopeSource(parsePyroscopeSource(source, Date.now())), source: shown };
    } catch {
      return { name: shown, source: shown };
    }
  }
  const shown = displaySourceUrl(source);
  try {
    const url = new URL(shown);
    const last = url.pathname.split('/').filter(Boolean).pop();
    return { name: last ? decodeURIComponent(last) : url.host, source: shown };
  } catch {
    return { name: shown, source: shown };
  }
}

/**
 * Keeps the command line's credentials (and a URL's user:password) for each source's server, so
 * that the page's fetch of the credential-free source URL is sent with them.
 */
export async function seedConnections(store: ConnectionStore, sources: string[], access: RemoteCredentials): Promise<void> {
  for (const source of sources) {
    let url: URL;
    try {
      url = new URL(source.replace(/^pyroscope\+/i, ''));
    } catch {
      continue;
    }
    const credentials: RemoteCredentials = { ...access };
    if (url.username && credentials.user === undefined) {
      credentials.user = decodeURIComponent(url.username);
      credentials.password ??= decodeURIComponent(url.password);
    }
    const given = Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined && v !== '')) as RemoteCredentials;
    if (Object.keys(given).length === 0) continue;
    const kind = isPyroscopeSource(source) ? 'pyroscope' : 'go';
    await store.save({ kind, url: `${url.origin}/` }, given);
  }
}
