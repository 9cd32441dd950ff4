import { decodeOr, isHttpSource } from './http-source.js';
import { describePyroscopeSource, isPyroscopeSource, parsePyroscopeSource } from './pyroscope-source.js';
import type { RemoteCredentials } from './remote-api.js';

/**
 * Source URLs where a file path is accepted (command line, Open Recent, the hash, the page's
 * tabs): how each host recognises one, stores it, names its tab, and keeps the credentials that
 * came with it. One place, so the CLI, Electron's main and the renderer agree.
 */

/** Whether a command-line argument or recent-list entry names a remote source rather than a file. */
export function isSourceUrl(text: string): boolean {
  return isHttpSource(text.trim()) || isPyroscopeSource(text);
}

/**
 * The source as it is sent to the page and stored (recent list, hash): no user or password (they
 * belong to the connection settings), and otherwise the text as written, so a Pyroscope query
 * keeps its braces and quotes readable.
 */
export function storedSource(source: string): string {
  // The last @ before the path ends the userinfo, as URL parsers read it (a password may hold @).
  return source.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/** A tab name for a source: Pyroscope's `service · type · range`, or a Go endpoint's `profile · 30s · host:6060`. */
export function sourceTitle(source: string): string {
  if (isPyroscopeSource(source)) {
    try {
      return describePyroscopeSource(parsePyroscopeSource(source, Date.now()));
    } catch {
      return source;
    }
  }
  try {
    const url = new URL(source);
    const endpoint = url.pathname.split('/').filter(Boolean).pop();
    const seconds = url.searchParams.get('seconds');
    return [endpoint ? decodeURIComponent(endpoint) : '', seconds ? `${seconds}s` : '', url.host].filter(Boolean).join(' · ');
  } catch {
    return source;
  }
}

/** `--seconds N` on the command line, as pprof's flag: the capture time of an http source (it wins over the URL's own, as in pprof). */
export function withCaptureSeconds(source: string, seconds: number | undefined): string {
  if (seconds === undefined || !isHttpSource(source)) return source;
  try {
    const url = new URL(source);
    url.searchParams.set('seconds', String(seconds));
    return url.toString();
  } catch {
    return source; // not a URL after all: the fetch says so, in its one sentence
  }
}

/**
 * The credentials a command line gives for a source (its flags and environment, and the URL's
 * own user:password), keyed by the server's origin: what a host keeps so that the page's fetch
 * of the credential-free source is sent with them. Null when there are none.
 */
export function sourceCredentials(source: string, given: RemoteCredentials): { kind: 'go' | 'pyroscope'; url: string; credentials: RemoteCredentials } | null {
  let url: URL;
  try {
    url = new URL(source.trim().replace(/^pyroscope\+/i, ''));
  } catch {
    return null; // the fetch will say what is wrong with it
  }
  const credentials: RemoteCredentials = { ...given };
  if (url.username && credentials.user === undefined) {
    credentials.user = decodeOr(url.username);
    credentials.password ??= decodeOr(url.password);
  }
  const kept = Object.fromEntries(Object.entries(credentials).filter(([, value]) => typeof value === 'string' && value !== '')) as RemoteCredentials;
  if (Object.keys(kept).length === 0) return null;
  return { kind: isPyroscopeSource(source) ? 'pyroscope' : 'go', url: `${url.origin}/`, credentials: kept };
}
