import { UserFacingError } from '../user-facing-error.js';
import { basicAuth, errorCode, formatSize, looksLikeHtml, readCapped, seconds } from './transport.js';
import { ProtoWriter } from '../formats/proto-writer.js';

/**
 * A client for Pyroscope's Connect API (`/querier.v1.QuerierService/<Method>`), the API its own UI
 * and `profilecli` use, written against an injected `fetch` so the CLI, the web server and
 * Electron's main share it. Field names follow api/querier/v1/querier.proto and
 * api/types/v1/types.proto in Connect's JSON mapping (lowerCamelCase, int64 as strings).
 *
 * SelectMergeProfile returns a google.v1.Profile, which is pprof's profile.proto message. Its
 * Connect JSON form would be the protobuf JSON mapping of pprof (every int64 a string, megabytes of
 * it), so, like `profilecli query merge` (connect-go's default binary codec), this client asks
 * for that method with `Content-Type: application/proto`: the response body then IS the pprof
 * message's bytes, uncompressed, and goes to the decoder untouched. Errors still come back as
 * Connect's JSON error body whatever the codec.
 */

/** The subset of `fetch`'s request options the client sets. */
interface PyroscopeRequestInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer>;
  signal: AbortSignal;
}

/** The subset of a fetch Response the client reads; a real Response fits. */
interface PyroscopeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

type PyroscopeFetch = (url: string, init: PyroscopeRequestInit) => Promise<PyroscopeResponse>;

type PyroscopeAuth = { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

export interface PyroscopeClientOptions {
  /** `http(s)://host[:port][/prefix]`. */
  serverUrl: string;
  fetch: PyroscopeFetch;
  /** Sent as `X-Scope-OrgID` (multi-tenant servers need it). */
  tenant?: string;
  auth?: PyroscopeAuth;
  /** Cancels every request of this client; a cancelled request throws PyroscopeCancelled. */
  signal?: AbortSignal;
  /** Whole request, connect to last byte (default 60 s). */
  timeoutMs?: number;
  /** Longest wait for the next bytes of a body (default 30 s): a server that drips is dropped. */
  idleTimeoutMs?: number;
  /** Largest body accepted (default 1 GiB). */
  maxBytes?: number;
}

/** A failed request, one sentence for the user. */
export class PyroscopeRequestError extends UserFacingError {}

/** The caller cancelled: not an error to show. */
export class PyroscopeCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

export interface ProfileType {
  id: string;
  name: string;
  sampleType: string;
  sampleUnit: string;
  periodType: string;
  periodUnit: string;
}

export interface LabelPair {
  name: string;
  value: string;
}

interface SeriesPoint {
  timestampMs: number;
  value: number;
}

export interface TimeSeries {
  labels: LabelPair[];
  points: SeriesPoint[];
}

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface ProfileQuery extends TimeRange {
  profileTypeId: string;
  labelSelector: string;
}

const GIB = 1024 ** 3;
const SERVICE = '/querier.v1.QuerierService/';

export class PyroscopeClient {
  private readonly options: PyroscopeClientOptions;

  constructor(options: PyroscopeClientOptions) {
    this.options = { ...options, serverUrl: options.serverUrl.replace(/\/+$/, '') };
  }

  async profileTypes(range?: TimeRange): Promise<ProfileType[]> {
    const body = await this.callJson<{ profileTypes?: Record<string, string>[] }>('ProfileTypes', range ? timeFields(range) : {});
    return (body.profileTypes ?? []).map((t) => ({
      id: t.ID ?? '',
      name: t.name ?? '',
      sampleType: t.sampleType ?? '',
      sampleUnit: t.sampleUnit ?? '',
      periodType: t.periodType ?? '',
      periodUnit: t.periodUnit ?? '',
    }));
  }

  async labelNames(range: TimeRange, matchers: string[] = []): Promise<string[]> {
    const body = await this.callJson<{ names?: string[] }>('LabelNames', { ...repeated('matchers', matchers), ...timeFields(range) });
    return body.names ?? [];
  }

  async labelValues(name: string, range: TimeRange, matchers: string[] = []): Promise<string[]> {
    const body = await this.callJson<{ names?: string[] }>('LabelValues', { name, ...repeated('matchers', matchers), ...timeFields(range) });
    return body.names ?? [];
  }

  /** The label sets matching `matchers`, keeping only `labelNames` when given. */
  async series(range: TimeRange, matchers: string[] = [], labelNames: string[] = []): Promise<LabelPair[][]> {
    const body = await this.callJson<{ labelsSet?: { labels?: Partial<LabelPair>[] }[] }>('Series', {
      ...repeated('matchers', matchers),
      ...repeated('labelNames', labelNames),
      ...timeFields(range),
    });
    return (body.labelsSet ?? []).map((set) => labelPairs(set.labels));
  }

  /** Totals over time (`stepSeconds` wide), one series per value of the `groupBy` labels. */
  async selectSeries(query: ProfileQuery, stepSeconds: number, groupBy: string[] = []): Promise<TimeSeries[]> {
    const body = await this.callJson<{ series?: { labels?: Partial<LabelPair>[]; points?: { value?: number | string; timestamp?: string | number }[] }[] }>(
      'SelectSeries',
      { ...queryFields(query), ...repeated('groupBy', groupBy), ...(stepSeconds ? { step: stepSeconds } : {}) },
    );
    return (body.series ?? []).map((s) => ({
      labels: labelPairs(s.labels),
      points: (s.points ?? []).map((p) => ({ timestampMs: Number(p.timestamp ?? 0), value: Number(p.value ?? 0) })),
    }));
  }

  /** The merged profile of the query as pprof bytes (uncompressed profile.proto). */
  async selectMergeProfile(query: ProfileQuery, maxNodes?: number): Promise<Uint8Array> {
    const request = new ProtoWriter();
    if (query.profileTypeId) request.string(1, query.profileTypeId);
    if (query.labelSelector) request.string(2, query.labelSelector);
    if (query.startMs) request.tag(3, 0).varint(query.startMs);
    if (query.endMs) request.tag(4, 0).varint(query.endMs);
    if (maxNodes !== undefined) request.tag(5, 0).varint(maxNodes);
    const bytes = await this.call('SelectMergeProfile', 'application/proto', request.buf.slice(0, request.length));
    if (bytes.length === 0) {
      throw new PyroscopeRequestError(`The Pyroscope server has no ${query.profileTypeId} samples for ${query.labelSelector} in that time range.`);
    }
    return bytes;
  }

  private async callJson<T>(method: string, request: Record<string, unknown>): Promise<T> {
    const bytes = await this.call(method, 'application/json', JSON.stringify(request));
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch {
      throw new PyroscopeRequestError(`The Pyroscope server's answer to ${method} is not valid JSON.`);
    }
  }

  private async call(method: string, contentType: string, body: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    const { signal: outer, timeoutMs = 60_000, idleTimeoutMs = 30_000, maxBytes = GIB } = this.options;
    if (outer?.aborted) throw new PyroscopeCancelled();
    const url = this.options.serverUrl + SERVICE + method;
    const controller = new AbortController();
    let why: 'cancelled' | 'timeout' | 'idle' | undefined;
    const stop = (reason: 'cancelled' | 'timeout' | 'idle') => {
      why ??= reason;
      controller.abort();
    };
    const onCancel = () => stop('cancelled');
    outer?.addEventListener('abort', onCancel, { once: true });
    const total = setTimeout(() => stop('timeout'), timeoutMs);
    let idle: Parameters<typeof clearTimeout>[0] = undefined;
    const stopped = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    stopped.catch(() => {});
    try {
      const response = await Promise.race([this.options.fetch(url, { method: 'POST', headers: this.headers(contentType), body, signal: controller.signal }), stopped]);
      const length = Number(response.headers.get('content-length') ?? NaN);
      if (length > maxBytes) throw tooLarge(maxBytes);
      const onData = () => {
        clearTimeout(idle);
        idle = setTimeout(() => stop('idle'), idleTimeoutMs);
      };
      onData();
      const bytes = await readCapped(response.body, maxBytes, () => tooLarge(maxBytes), onData, stopped);
      if (looksLikeHtml(response.headers.get('content-type'), bytes)) throw new PyroscopeRequestError(`An HTML page came back from ${this.options.serverUrl} instead of a Pyroscope answer: a login page or proxy may be in the way, or the URL is not a Pyroscope server.`);
      if (response.status !== 200) throw statusError(response, bytes, method, this.options.serverUrl);
      return bytes;
    } catch (error) {
      if (why === 'cancelled') throw new PyroscopeCancelled();
      if (why === 'timeout') throw new PyroscopeRequestError(`The Pyroscope server at ${this.options.serverUrl} did not answer ${method} within ${seconds(timeoutMs)}.`);
      if (why === 'idle') throw new PyroscopeRequestError(`The Pyroscope server at ${this.options.serverUrl} stopped sending data for ${seconds(idleTimeoutMs)}, so the request was dropped.`);
      if (error instanceof UserFacingError) throw error;
      throw networkError(error, this.options.serverUrl);
    } finally {
      clearTimeout(total);
      clearTimeout(idle);
      outer?.removeEventListener('abort', onCancel);
      controller.abort();
    }
  }

  private headers(contentType: string): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': contentType, 'Connect-Protocol-Version': '1' };
    const { tenant, auth } = this.options;
    if (tenant) headers['X-Scope-OrgID'] = tenant;
    if (auth?.kind === 'basic') headers.Authorization = basicAuth(auth.user, auth.password);
    if (auth?.kind === 'bearer') headers.Authorization = `Bearer ${auth.token}`;
    return headers;
  }
}

function timeFields(range: TimeRange): Record<string, string> {
  // Connect's JSON mapping writes int64 as a decimal string; zero fields are left out.
  const fields: Record<string, string> = {};
  if (range.startMs) fields.start = String(Math.trunc(range.startMs));
  if (range.endMs) fields.end = String(Math.trunc(range.endMs));
  return fields;
}

function queryFields(query: ProfileQuery): Record<string, string> {
  return {
    ...(query.profileTypeId ? { profileTypeID: query.profileTypeId } : {}),
    ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
    ...timeFields(query),
  };
}

function repeated(name: string, values: string[]): Record<string, string[]> {
  return values.length ? { [name]: values } : {};
}

function labelPairs(labels: Partial<LabelPair>[] | undefined): LabelPair[] {
  return (labels ?? []).map((l) => ({ name: l.name ?? '', value: l.value ?? '' }));
}



// HTTP/2 has no reason phrase: the usual ones, for the sentences.
const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusError(response: PyroscopeResponse, bytes: Uint8Array, method: string, server: string): PyroscopeRequestError {
  const status = response.status;
  const connect = connectError(bytes);
  const label = `${status} ${response.statusText || STATUS_TEXT[status] || ''}`.trim();
  const detail = connect ? `: ${connect.message || connect.code}` : '';
  if (status === 401 || status === 403 || connect?.code === 'unauthenticated' || connect?.code === 'permission_denied') {
    return new PyroscopeRequestError(`The Pyroscope server refused access (${label})${detail}; check the tenant (X-Scope-OrgID) and the user and password or token.`);
  }
  if (status === 404 && !connect) {
    return new PyroscopeRequestError(`${server} has no Pyroscope ${method} API (404 Not Found); check the server URL and its path prefix.`);
  }
  if (status === 429) return new PyroscopeRequestError(`The Pyroscope server is rate-limiting requests (429 Too Many Requests)${detail}; try again later.`);
  if (connect) return new PyroscopeRequestError(`The Pyroscope server answered ${method} with an error (${connect.code}): ${connect.message || 'no message'}.`);
  if (status >= 500) return new PyroscopeRequestError(`The Pyroscope server failed (${label}); try again later or check the server's logs.`);
  return new PyroscopeRequestError(`The Pyroscope server answered ${method} with ${label}.`);
}

function connectError(bytes: Uint8Array): { code: string; message: string } | undefined {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
      const { code, message } = body as { code: string; message?: unknown };
      return { code, message: typeof message === 'string' ? message.replace(/[\s.]+$/, '') : '' };
    }
  } catch {
    // Not JSON: the status alone says what happened.
  }
  return undefined;
}

function networkError(error: unknown, server: string): PyroscopeRequestError {
  const code = errorCode(error) ?? '';
  if (code === 'ECONNREFUSED') return new PyroscopeRequestError(`Could not connect to the Pyroscope server at ${server}: the connection was refused.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new PyroscopeRequestError(`Could not find the Pyroscope server's host ${server} (DNS lookup failed).`);
  if (/CERT|SSL|TLS/i.test(code)) return new PyroscopeRequestError(`The TLS connection to the Pyroscope server at ${server} failed (${code}).`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new PyroscopeRequestError(`The Pyroscope server at ${server} closed the connection before answering.`);
  return new PyroscopeRequestError(`Could not reach the Pyroscope server at ${server}${code ? ` (${code})` : ''}.`);
}

function tooLarge(maxBytes: number): PyroscopeRequestError {
  return new PyroscopeRequestError(`The answer from the Pyroscope server is larger than the ${formatSize(maxBytes)} limit.`);
}





/**
 * The merged profile a parsed source URL names, as pprof bytes. The connection settings' tenant
 * wins over the URL's (the URL's is a default, the settings are what the user entered last).
 */
export function fetchPyroscopeSource(
  source: { serverUrl: string; profileTypeId: string; labelSelector: string; startMs: number; endMs: number; tenant?: string },
  options: Omit<PyroscopeClientOptions, 'serverUrl'>,
): Promise<Uint8Array> {
  const client = new PyroscopeClient({ ...options, serverUrl: source.serverUrl, tenant: options.tenant ?? source.tenant });
  return client.selectMergeProfile(source);
}
