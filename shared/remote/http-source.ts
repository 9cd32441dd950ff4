import type { RemoteCredentials } from './remote-api.js';
import { UserFacingError } from '../user-facing-error.js';
import { basicAuth, errorCode, formatSize, looksLikeHtml, readCapped, seconds } from './transport.js';

/**
 * An http(s) source: the bytes of a profile behind a URL (a Go service's /debug/pprof/… endpoint,
 * or any server that hands out pprof files), fetched with an injected fetch so that the CLI, the
 * web server and Electron's main share one client. The bytes are returned as they came (gzipped or
 * not); decoding is the caller's, exactly as for a file.
 */

/** The part of a fetch Response this client reads (Node's, Electron's and the browser's fit). */
interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

export type HttpFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal },
) => Promise<HttpResponse>;

/** tenant: sent as X-Scope-OrgID; user/password: basic auth (the password may be empty); token: a bearer token, which wins over basic auth. */
export interface FetchProfileOptions extends Omit<RemoteCredentials, 'savedSecret'> {
  fetch: HttpFetch;
  /** A CPU profile's capture time: sets `?seconds=N` (as pprof's --seconds) and lengthens the timeouts by it. */
  seconds?: number;
  /** The most bytes accepted (default 1 GiB): larger bodies are refused while they stream. */
  maxBytes?: number;
  /** Time until the response headers arrive (plus `seconds`). Default 10 s. */
  connectTimeoutMs?: number;
  /** Time until the whole body has arrived (plus `seconds`); a server that drips bytes trips it. Default 60 s. */
  totalTimeoutMs?: number;
  /** The caller's Cancel: a cancelled fetch fails with kind 'cancelled', which callers ignore. */
  signal?: AbortSignal;
  /** The answer is a page (a Go service's /debug/pprof/ index), not a profile: HTML is what is wanted. */
  expectHtml?: boolean;
  /** Bytes received so far, and the expected total when the server said (Content-Length). */
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface FetchedProfile {
  bytes: Uint8Array;
  /** The URL the bytes came from in the end (after redirects), without credentials. */
  finalUrl: string;
  contentType: string | null;
}

export type RemoteErrorKind =
  | 'bad-url'
  | 'refused'
  | 'dns'
  | 'tls'
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  | 'http-status'
  | 'html'
  | 'too-large'
  | 'redirect'
  | 'cancelled';

/** A failed fetch: `message` is one sentence for the user; `kind` lets callers add hints or ignore 'cancelled'. */
export class RemoteError extends UserFacingError {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RemoteError';
  }
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Whether a source names an http(s) profile (rather than a file path). */
export function isHttpSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** A percent-encoded URL part decoded, or as it is when its escapes are malformed (`%zz`). */
export function decodeOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * How long a Go service records before it answers an http source (`…/profile?seconds=N`; Go's
 * defaults when the URL names none: 30 s for `profile`, 1 s for `trace`), in seconds; undefined
 * for a source that answers at once.
 */
export function recordingSeconds(source: string): number | undefined {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return undefined;
  }
  const endpoint = /\/(profile|trace)$/.exec(url.pathname)?.[1];
  if (!endpoint || !isHttpSource(source)) return undefined;
  const given = url.searchParams.get('seconds');
  if (given === null) return endpoint === 'profile' ? 30 : 1;
  const seconds = Number(given);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** The source as it may be shown and stored: no user, no password (they belong to the connection settings). */
export function displaySourceUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL: strip anything that looks like userinfo all the same.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
}

export async function fetchProfileBytes(source: string, options: FetchProfileOptions): Promise<FetchedProfile> {
  const first = parseSource(source, options.seconds);
  const shown = displaySourceUrl(first.url.toString());
  // A Go service answers a CPU profile only once it has recorded (30 s when the URL names no seconds).
  const extraMs = (options.seconds ?? recordingSeconds(first.url.toString()) ?? 0) * 1000;
  const connectMs = (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) + extraMs;
  const totalMs = (options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS) + extraMs;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  // One controller for everything; `why` remembers which of Cancel and the two timers fired.
  const controller = new AbortController();
  let why: 'cancelled' | 'connect' | 'total' | undefined;
  const abort = (reason: 'cancelled' | 'connect' | 'total') => {
    why ??= reason;
    controller.abort(reason);
  };
  const onCancel = () => abort('cancelled');
  if (options.signal?.aborted) throw cancelled(shown);
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const totalTimer = setTimeout(() => abort('total'), totalMs);
  const connectTimer = setTimeout(() => abort('connect'), connectMs);

  const failure = (error: unknown): RemoteError => {
    if (why === 'cancelled') return cancelled(shown);
    if (why === 'connect') return new RemoteError('timeout', `${shown}: no answer within ${seconds(connectMs)}`, error);
    if (why === 'total') return new RemoteError('timeout', `${shown}: the profile did not arrive within ${seconds(totalMs)} (the server is too slow, or stalled)`, error);
    if (error instanceof RemoteError) return error;
    return networkError(shown, error);
  };

  try {
    let url = first.url;
    const credentials = authHeaders(options, first.user, first.password);
    const origin = url.origin;
    for (let redirects = 0; ; redirects++) {
      const headers: Record<string, string> = { Accept: options.expectHtml ? 'text/html, */*;q=0.5' : 'application/octet-stream, */*;q=0.5' };
      // Credentials go only to the origin they were given for, never along a redirect elsewhere.
      if (url.origin === origin) Object.assign(headers, credentials);
      const response = await options.fetch(url.toString(), { method: 'GET', headers, redirect: 'manual', signal: controller.signal });
      const here = displaySourceUrl(url.toString());
      if (REDIRECT_STATUSES.has(response.status)) {
        await discard(response);
        url = redirectTarget(here, url, response.headers.get('location'));
        if (redirects + 1 > MAX_REDIRECTS) throw new RemoteError('redirect', `${shown}: too many redirects (more than ${MAX_REDIRECTS})`);
        continue;
      }
      clearTimeout(connectTimer);
      if (response.status < 200 || response.status > 299) throw await statusError(here, response);
      const contentType = response.headers.get('content-type');
      if (!options.expectHtml && looksLikeHtml(contentType, new Uint8Array(0))) {
        await discard(response);
        throw htmlError(here);
      }
      const bytes = await readBody(response, here, maxBytes, options.onProgress);
      if (!options.expectHtml && looksLikeHtml(contentType, bytes)) throw htmlError(here);
      return { bytes, finalUrl: here, contentType };
    }
  } catch (error) {
    throw failure(error);
  } finally {
    clearTimeout(totalTimer);
    clearTimeout(connectTimer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

function parseSource(source: string, captureSeconds: number | undefined): { url: URL; user: string; password: string } {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new RemoteError('bad-url', `${displaySourceUrl(source)}: not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RemoteError('bad-url', `${displaySourceUrl(source)}: only http:// and https:// sources can be fetched`);
  }
  // Userinfo in the URL becomes basic auth: it is never sent (nor shown) as part of the URL.
  const user = decodeOr(url.username);
  const password = decodeOr(url.password);
  url.username = '';
  url.password = '';
  url.hash = '';
  if (captureSeconds !== undefined) {
    if (!(captureSeconds > 0) || !Number.isFinite(captureSeconds)) throw new RemoteError('bad-url', `the capture time must be a positive number of seconds`);
    url.searchParams.set('seconds', String(Math.round(captureSeconds)));
  }
  return { url, user, password };
}

function authHeaders(options: FetchProfileOptions, urlUser: string, urlPassword: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.tenant) headers['X-Scope-OrgID'] = options.tenant;
  const user = options.user ?? (urlUser || undefined);
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  else if (user !== undefined) headers.Authorization = basicAuth(user, options.password ?? urlPassword);
  return headers;
}

function redirectTarget(here: string, from: URL, location: string | null): URL {
  if (!location) throw new RemoteError('redirect', `${here}: the server redirected without saying where to`);
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new RemoteError('redirect', `${here}: the server redirected to an invalid address`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new RemoteError('redirect', `${here}: the server redirected to a ${next.protocol.replace(/:$/, '')}: address; only http(s) redirects are followed`);
  }
  next.username = '';
  next.password = '';
  return next;
}

async function statusError(here: string, response: HttpResponse): Promise<RemoteError> {
  const { status } = response;
  const code = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const detail = await shortText(response);
  const why = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403) {
    return new RemoteError('unauthorized', `${here}: the server refused access (${code}); give credentials or a tenant`);
  }
  if (status === 404) return new RemoteError('not-found', `${here}: nothing there (${code}); check the address${why}`);
  if (status === 429) {
    const retry = response.headers.get('retry-after');
    return new RemoteError('rate-limited', `${here}: the server is limiting requests (${code}); try again ${retry ? `in ${retry} s` : 'later'}`);
  }
  if (status >= 500) return new RemoteError('server-error', `${here}: the server failed (${code})${why}`);
  return new RemoteError('http-status', `${here}: the server answered ${code}${why}`);
}

/** The first line of a short plain-text error body (Go's pprof handlers explain their 4xx/5xx so), or ''. */
async function shortText(response: HttpResponse): Promise<string> {
  const type = response.headers.get('content-type') ?? '';
  if (!/^\s*text\/plain/i.test(type) || response.body === null) {
    await discard(response);
    return '';
  }
  const reader = response.body.getReader();
  try {
    const { value } = await reader.read();
    if (!value) return '';
    const text = new TextDecoder().decode(value.subarray(0, 300)).split('\n', 1)[0].trim();
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function readBody(response: HttpResponse, here: string, maxBytes: number, onProgress: FetchProfileOptions['onProgress']): Promise<Uint8Array> {
  const length = response.headers.get('content-length');
  const expected = length !== null && /^\d+$/.test(length.trim()) ? Number(length) : undefined;
  if (expected !== undefined && expected > maxBytes) {
    await discard(response);
    throw tooLarge(here, maxBytes);
  }
  return readCapped(response.body, maxBytes, () => tooLarge(here, maxBytes), (received) => onProgress?.(received, expected));
}


function htmlError(here: string): RemoteError {
  return new RemoteError('html', `${here}: an HTML page came back instead of a profile (a login page of a proxy?)`);
}

function tooLarge(here: string, maxBytes: number): RemoteError {
  return new RemoteError('too-large', `${here}: the profile is larger than the ${formatSize(maxBytes)} limit`);
}

function cancelled(shown: string): RemoteError {
  return new RemoteError('cancelled', `${shown}: cancelled`);
}

/** Node's fetch reports the socket's error as `cause` (an errno code); browsers say less. */
function networkError(shown: string, error: unknown): RemoteError {
  const code = errorCode(error);
  const text = error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}` : String(error);
  if (code === 'ECONNREFUSED') return new RemoteError('refused', `${shown}: connection refused (is the service running, on that port?)`, error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return new RemoteError('dns', `${shown}: the host name could not be resolved (DNS)`, error);
  if ((code !== undefined && /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|ALTNAME/i.test(code)) || /certificate|tls|ssl/i.test(text)) {
    // A certificate problem, or no TLS at all on that port (an http:// service asked for https://).
    const reason = code !== undefined && /WRONG_VERSION_NUMBER|UNKNOWN_PROTOCOL|PACKET_LENGTH_TOO_LONG/.test(code)
      ? 'the server does not speak TLS on that port (is it http://?)'
      : `the secure (TLS) connection failed: ${code ?? 'certificate or protocol error'}`;
    return new RemoteError('tls', `${shown}: ${reason}`, error);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new RemoteError('timeout', `${shown}: the connection timed out`, error);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new RemoteError('network', `${shown}: the connection was closed before the profile arrived`, error);
  }
  // Otherwise the innermost message. Node's fetch refuses the ports browsers refuse (1, 6000, 6665–6669…).
  const detail = code ?? innermostMessage(error);
  if (detail === 'bad port') return new RemoteError('bad-url', `${shown}: this port is one that fetch refuses to use (as browsers do); serve the profiles on another port`, error);
  return new RemoteError('network', `${shown}: the request failed${detail ? ` (${detail})` : ''}`, error);
}


function innermostMessage(error: unknown): string {
  let message = '';
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++, e = e.cause) message = e.message;
  return message.split('\n', 1)[0].slice(0, 200);
}

async function discard(response: HttpResponse): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}




