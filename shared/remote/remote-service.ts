/**
 * The host side of remote-api.ts, shared by the web-mode server (bin/web-server.ts, POST
 * /api/remote) and Electron's main process (electron/): it checks a request from the page (which
 * may be anything), runs it with the shared clients against the host's fetch, and answers bytes
 * (a fetched profile) or JSON.
 */
import type { RemoteCredentials, RemoteRequest, SavedConnection, FetchProgress } from './remote-api.js';

/** Where a host keeps recent connections and their secrets (desktop: safeStorage; web mode: memory). */
export interface ConnectionStore {
  list(): Promise<SavedConnection[]>;
  save(connection: SavedConnection, credentials?: RemoteCredentials): Promise<void>;
  forget(url: string): Promise<void>;
  /** The credentials kept for the connection a URL belongs to (same origin, longest URL prefix). */
  credentialsFor(url: string): Promise<RemoteCredentials | undefined>;
}

export interface RemoteServiceDeps {
  /** The host's fetch (Node's global fetch in both hosts; a fake in tests). */
  fetch: typeof globalThis.fetch;
  connections: ConnectionStore;
  /** Largest profile accepted (default 1 GiB). */
  maxBytes?: number;
  now?: () => number;
}

export type RemoteAnswer = { kind: 'bytes'; name: string; bytes: Uint8Array } | { kind: 'json'; value: unknown };

/** Thrown for every failure; `failure` is what crosses back to the page. Cancelling throws nothing the page shows. */
export declare function parseRemoteRequest(input: unknown): RemoteRequest;

export declare function answerRemote(
  request: RemoteRequest,
  deps: RemoteServiceDeps,
  options: { signal: AbortSignal; onProgress?: (progress: FetchProgress) => void },
): Promise<RemoteAnswer>;
