import { isHttpSource } from '../shared/remote/http-source.js';
import { describePyroscopeSource, isPyroscopeSource, parsePyroscopeSource } from '../shared/remote/pyroscope-source.js';

/** Whether a command-line argument or recent-list entry is a remote source URL rather than a file path. */
export function isSourceUrl(text: string): boolean {
  return isHttpSource(text) || isPyroscopeSource(text);
}

/**
 * The source as it is sent to the page and kept on the recent list: no user or password (those
 * belong to the connection settings), and otherwise the text as written (a Pyroscope query keeps
 * its braces and quotes readable).
 */
export function sourceWithoutUserinfo(source: string): string {
  return source.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/** `--seconds N` on the command line, as pprof's flag: the capture time of an http source that does not set one. */
export function withCaptureSeconds(source: string, seconds: number | undefined): string {
  if (seconds === undefined || !isHttpSource(source)) return source;
  try {
    const url = new URL(source);
    if (url.searchParams.has('seconds')) return source;
    url.searchParams.set('seconds', String(seconds));
    return url.toString();
  } catch {
    return source; // not a URL after all: the fetch says so, in its one sentence
  }
}

/** A tab name for a source, as the renderer's sourceTitle words it: `profile · 30s · host:6060`, or Pyroscope's `service · type · range`. */
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
    return [endpoint ?? url.pathname, seconds ? `${seconds}s` : '', url.host].filter(Boolean).join(' · ');
  } catch {
    return source;
  }
}
