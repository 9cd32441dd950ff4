/**
 * The remote operations the renderer asks of its host (Electron's main process, or the web-mode
 * server through its one POST route). The page never reaches the network itself (CSP
 * `connect-src 'self'`): it names what it wants here, and the host runs the shared clients of
 * shared/remote/ against its own fetch. Everything that crosses is plain JSON except a fetched
 * profile's bytes.
 */
import type { LabelPair, ProfileType, TimeSeries } from './pyroscope-client.js';

export type { LabelPair, ProfileType, TimeSeries };

/** How to reach one server. Never part of a stored source URL. */
export interface RemoteCredentials {
  /** `X-Scope-OrgID`. */
  tenant?: string;
  user?: string;
  password?: string;
  /** A bearer token. */
  token?: string;
  /**
   * No password or token given: the host adds the one it keeps for the connection (the password
   * only for the same user), while the tenant and user are these. Without it, credentials are
   * exactly what they say (`{}`: no tenant and no authentication).
   */
  savedSecret?: boolean;
}

/**
 * A source URL (`http(s)://…` or `pyroscope+http(s)://…`) fetched as profile bytes. Without
 * `credentials` the host uses the ones it keeps for the source's origin (if any).
 */
export interface ProfileFetchRequest {
  op: 'fetch';
  source: string;
  credentials?: RemoteCredentials;
}

/** One endpoint a Go service's /debug/pprof/ index lists. */
export interface GoEndpoint {
  /** `profile`, `heap`, `allocs`, `goroutine`, `mutex`, `block`, `threadcreate`, `trace`… */
  name: string;
  /** Absolute URL of the endpoint (for `profile`, without `seconds`). */
  url: string;
  /** The index page's count, when it shows one. */
  count?: number;
  /** What the index page says it is (or the standard wording). */
  description: string;
  /** Whether it records for a duration (`profile`, `trace`): the dialog asks for seconds. */
  timed: boolean;
}

/** A Pyroscope Connect call, named as in api/querier/v1/querier.proto. Times in Unix ms. */
export type PyroscopeCall =
  | { method: 'profileTypes'; startMs?: number; endMs?: number }
  | { method: 'labelNames'; startMs: number; endMs: number; matchers: string[] }
  | { method: 'labelValues'; name: string; startMs: number; endMs: number; matchers: string[] }
  | { method: 'series'; startMs: number; endMs: number; matchers: string[]; labelNames: string[] }
  | { method: 'selectSeries'; profileTypeId: string; labelSelector: string; startMs: number; endMs: number; stepSeconds: number; groupBy: string[] };

/** The answer to each call. */
interface PyroscopeAnswers {
  profileTypes: ProfileType[];
  labelNames: string[];
  labelValues: string[];
  series: LabelPair[][];
  selectSeries: TimeSeries[];
}

export type RemoteQueryRequest =
  | { op: 'goIndex'; baseUrl: string; credentials?: RemoteCredentials }
  | { op: 'pyroscope'; serverUrl: string; credentials?: RemoteCredentials; call: PyroscopeCall }
  /** The recent connections the host remembers (newest first). */
  | { op: 'connections' }
  /** Remember a connection; with `credentials`, keep them (desktop: safeStorage; web mode: in memory). */
  | { op: 'saveConnection'; connection: SavedConnection; credentials?: RemoteCredentials }
  | { op: 'forgetConnection'; url: string };

/** A recent connection as the host lists it: never the secrets, only whether it holds some. */
export interface SavedConnection {
  kind: 'go' | 'pyroscope';
  /** The Go service's base URL (`http://host:6060/debug/pprof/`) or the Pyroscope server URL. */
  url: string;
  tenant?: string;
  user?: string;
  /** The host holds a password or token for it. */
  hasSecret?: boolean;
  /** That secret is kept in memory for this run only (the desktop had no OS keychain to encrypt it with). */
  secretNotSaved?: boolean;
  /** Unix ms of the last use. */
  usedAt?: number;
}

export type RemoteQueryAnswer<R extends RemoteQueryRequest> = R extends { op: 'goIndex' }
  ? GoEndpoint[]
  : R extends { op: 'pyroscope'; call: { method: infer M extends keyof PyroscopeAnswers } }
    ? PyroscopeAnswers[M]
    : R extends { op: 'connections' }
      ? SavedConnection[]
      : null;

export type RemoteRequest = ProfileFetchRequest | RemoteQueryRequest;

/** A failed remote operation: one sentence for the user, and what kind of failure it was. */
export interface RemoteFailure {
  message: string;
  /** RemoteErrorKind of http-source.ts, `pyroscope`, `invalid` (a malformed request) or `internal`. */
  kind: string;
}

/** Progress of a profile fetch: bytes received, and the total when the server declared one. */
export interface FetchProgress {
  received: number;
  total?: number;
}

/** How a host's remote operation fails on the page's side: the host's one sentence and its kind. */
export class RemoteHostError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'RemoteHostError';
  }
}
