/**
 * The host side of remote-api.ts, shared by the web-mode server (bin/web-server.ts, POST
 * /api/remote), Electron's main process (electron/) and the command line: it checks a request from
 * the page (which may be anything), runs it with the shared clients against the host's fetch, and
 * answers bytes (a fetched profile) or JSON.
 */
import type { FetchProgress, RemoteCredentials, RemoteFailure, RemoteRequest, SavedConnection } from './remote-api.js';
import { RemoteServiceError } from './remote-request.js';
import { fetchProfileBytes, displaySourceUrl, isHttpSource, RemoteError } from './http-source.js';
import { fetchPyroscopeSource, PyroscopeCancelled, PyroscopeClient, PyroscopeRequestError } from './pyroscope-client.js';
import { describePyroscopeSource, isPyroscopeSource, parsePyroscopeSource } from './pyroscope-source.js';
import { PyroscopeQueryError } from './pyroscope-selector.js';
import { withSavedSecret } from './saved-secret.js';
import { goIndexUrl, parseGoIndex, standardGoEndpoints } from './go-endpoints.js';

export { parseRemoteRequest, RemoteServiceError } from './remote-request.js';

/** Where a host keeps recent connections and their secrets (desktop: safeStorage; web mode: memory). */
export interface ConnectionStore {
  list(): Promise<SavedConnection[]>;
  /**
   * Remembers a connection. With credentials, its tenant, user and secrets become those (with
   * `savedSecret`, the kept secret stays for the same user); without, the connection's tenant and
   * user where it gives them, and the kept secret for the same user.
   */
  save(connection: SavedConnection, credentials?: RemoteCredentials): Promise<void>;
  forget(url: string): Promise<void>;
  /** The credentials kept for the connection a URL belongs to (same origin, longest URL prefix). */
  credentialsFor(url: string): Promise<RemoteCredentials | undefined>;
}

/** The part of a fetch Response the clients read; Node's, Electron's and the browser's fit. */
interface HostResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

/** What the clients ask of a fetch: Node's global fetch is one (shared/ sees no DOM types, so it is spelled out). */
type HostFetch = (
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer>; redirect?: 'manual'; signal: AbortSignal },
) => Promise<HostResponse>;

export interface RemoteServiceDeps {
  /** The host's fetch (Node's global fetch in both hosts; a fake in tests). */
  fetch: HostFetch;
  connections: ConnectionStore;
  /** Largest profile accepted (default 1 GiB). */
  maxBytes?: number;
  now?: () => number;
}

export type RemoteAnswer = { kind: 'bytes'; name: string; bytes: Uint8Array } | { kind: 'json'; value: unknown };

interface AnswerOptions {
  signal: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
}

/** An index page is small: a service that answers megabytes there is not a Go index. */
const MAX_INDEX_BYTES = 2 * 1024 * 1024;

/**
 * Runs one request. Every failure throws RemoteServiceError, whose `failure` is the client's one
 * sentence and a kind; a cancel (the signal aborted) throws one of kind 'cancelled', which the
 * page does not show.
 */
export async function answerRemote(request: RemoteRequest, deps: RemoteServiceDeps, options: AnswerOptions): Promise<RemoteAnswer> {
  try {
    if (options.signal.aborted) throw cancelled();
    return await run(request, deps, options);
  } catch (error) {
    throw asServiceError(error, options.signal);
  }
}

async function run(request: RemoteRequest, deps: RemoteServiceDeps, options: AnswerOptions): Promise<RemoteAnswer> {
  const json = (value: unknown): RemoteAnswer => ({ kind: 'json', value });
  switch (request.op) {
    case 'fetch':
      return fetchProfile(request.source, request.credentials, deps, options);
    case 'goIndex': {
      const indexUrl = goIndexUrl(request.baseUrl);
      const credentials = await credentialsToSend(indexUrl, request.credentials, deps.connections);
      const page = await fetchProfileBytes(indexUrl, { fetch: deps.fetch, ...credentials, expectHtml: true, maxBytes: MAX_INDEX_BYTES, signal: options.signal });
      const html = new TextDecoder().decode(page.bytes);
      return json(parseGoIndex(html, page.finalUrl) ?? standardGoEndpoints(page.finalUrl));
    }
    case 'pyroscope': {
      const credentials = await credentialsToSend(request.serverUrl, request.credentials, deps.connections);
      const client = new PyroscopeClient({ serverUrl: request.serverUrl, fetch: deps.fetch, tenant: credentials?.tenant, auth: authOf(credentials), signal: options.signal, maxBytes: deps.maxBytes });
      const { call } = request;
      switch (call.method) {
        case 'profileTypes':
          return json(await client.profileTypes(call.startMs !== undefined && call.endMs !== undefined ? { startMs: call.startMs, endMs: call.endMs } : undefined));
        case 'labelNames':
          return json(await client.labelNames(call, call.matchers));
        case 'labelValues':
          return json(await client.labelValues(call.name, call, call.matchers));
        case 'series':
          return json(await client.series(call, call.matchers, call.labelNames));
        case 'selectSeries':
          return json(await client.selectSeries(call, call.stepSeconds, call.groupBy));
      }
      throw new RemoteServiceError({ message: 'Invalid remote request: unknown Pyroscope call.', kind: 'invalid' });
    }
    case 'connections':
      return json(await deps.connections.list());
    case 'saveConnection':
      await deps.connections.save({ usedAt: (deps.now ?? Date.now)(), ...request.connection }, request.credentials);
      return json(null);
    case 'forgetConnection':
      await deps.connections.forget(request.url);
      return json(null);
  }
}

async function fetchProfile(source: string, given: RemoteCredentials | undefined, deps: RemoteServiceDeps, options: AnswerOptions): Promise<RemoteAnswer> {
  if (isPyroscopeSource(source)) {
    const parsed = parsePyroscopeSource(source, (deps.now ?? Date.now)());
    const credentials = await credentialsToSend(parsed.serverUrl, given, deps.connections);
    const bytes = await fetchPyroscopeSource(parsed, {
      fetch: counting(deps.fetch, options.onProgress),
      tenant: credentials?.tenant,
      auth: authOf(credentials),
      signal: options.signal,
      maxBytes: deps.maxBytes,
    });
    return { kind: 'bytes', name: describePyroscopeSource(parsed), bytes };
  }
  if (!isHttpSource(source)) {
    throw new RemoteServiceError({ message: `${displaySourceUrl(source).slice(0, 200)}: not a source URL; it must start with http://, https://, pyroscope+http:// or pyroscope+https://.`, kind: 'bad-url' });
  }
  const credentials = await credentialsToSend(source, given, deps.connections);
  const fetched = await fetchProfileBytes(source, {
    fetch: deps.fetch,
    ...credentials,
    // A CPU profile's `?seconds=N` is part of the source: the timeouts must allow for the capture.
    seconds: captureSeconds(source),
    maxBytes: deps.maxBytes,
    signal: options.signal,
    onProgress: (received, total) => options.onProgress?.(total === undefined ? { received } : { received, total }),
  });
  return { kind: 'bytes', name: lastSegment(fetched.finalUrl), bytes: fetched.bytes };
}

/** What a request to `url` sends: the request's own credentials, the kept ones, or the kept secret under the request's tenant and user. */
async function credentialsToSend(url: string, given: RemoteCredentials | undefined, store: ConnectionStore): Promise<RemoteCredentials | undefined> {
  if (!given) return store.credentialsFor(url);
  return given.savedSecret ? withSavedSecret(given, await store.credentialsFor(url)) : given;
}

function captureSeconds(source: string): number | undefined {
  try {
    const value = new URL(source).searchParams.get('seconds');
    return value !== null && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
  } catch {
    return undefined;
  }
}

/** `heap` for `…/debug/pprof/heap`, `profile` for `…/profile?seconds=30`: what a tab is called. */
function lastSegment(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  try {
    return last ? decodeURIComponent(last) : parsed.host;
  } catch {
    return last;
  }
}

function authOf(credentials: RemoteCredentials | undefined): { kind: 'bearer'; token: string } | { kind: 'basic'; user: string; password: string } | undefined {
  if (credentials?.token) return { kind: 'bearer', token: credentials.token };
  if (credentials?.user) return { kind: 'basic', user: credentials.user, password: credentials.password ?? '' };
  return undefined;
}

/** The fetch with its bodies counted, for progress of clients that report none themselves. */
function counting(fetch: HostFetch, onProgress: AnswerOptions['onProgress']): HostFetch {
  if (!onProgress) return fetch;
  return async (url, init) => {
    const response = await fetch(url, init);
    const body = response.body;
    if (!body) return response;
    const length = response.headers.get('content-length');
    const total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
    let received = 0;
    const counted = {
      getReader() {
        const reader = body.getReader();
        return {
          async read() {
            const next = await reader.read();
            if (!next.done) {
              received += next.value.byteLength;
              onProgress(total === undefined ? { received } : { received, total });
            }
            return next;
          },
          cancel: (reason?: unknown) => reader.cancel(reason),
          releaseLock: () => reader.releaseLock(),
        };
      },
      cancel: (reason?: unknown) => body.cancel(reason),
    } as unknown as ReadableStream<Uint8Array>;
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: counted };
  };
}

function cancelled(): RemoteServiceError {
  return new RemoteServiceError({ message: 'Cancelled.', kind: 'cancelled' });
}

function asServiceError(error: unknown, signal: AbortSignal): RemoteServiceError {
  if (error instanceof RemoteServiceError) return error;
  if (signal.aborted || error instanceof PyroscopeCancelled || (error instanceof RemoteError && error.kind === 'cancelled')) return cancelled();
  const failure = (kind: string): RemoteServiceError => new RemoteServiceError({ message: (error as Error).message, kind }, error);
  if (error instanceof RemoteError) return failure(error.kind);
  if (error instanceof PyroscopeRequestError) return failure('pyroscope');
  if (error instanceof PyroscopeQueryError) return failure('bad-url');
  const detail = error instanceof Error ? error.message.split('\n', 1)[0].slice(0, 200) : String(error).slice(0, 200);
  const internal: RemoteFailure = { message: `The host failed to answer the remote request (${detail}).`, kind: 'internal' };
  return new RemoteServiceError(internal, error);
}
