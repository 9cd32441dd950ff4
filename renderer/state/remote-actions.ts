/**
 * Remote tabs: a source URL fetched through the host (renderer/host.ts `remote`), then opened like
 * a file, with progress (bytes, or the countdown of a CPU recording), Cancel and Refresh.
 * Owned by the lead; the Connect dialog calls these.
 */
import type { RemoteCredentials } from '../../shared/remote/remote-api.js';

export interface RemoteOpen {
  /** The source URL, without credentials (it is stored in the hash and the recent list). */
  source: string;
  /** The tab's title (default: describePyroscopeSource / the URL's last path segment). */
  title?: string;
  /** Sent with the fetch (and kept by the host for the source's origin). */
  credentials?: RemoteCredentials;
}

/** Opens a source in a new tab; resolves with the tab's key once the tab exists (the fetch goes on). */
export declare function openRemoteSource(open: RemoteOpen): Promise<number>;

/** Fetches two sources and opens them as a comparison (base, target) in a new tab. */
export declare function openRemoteComparison(base: RemoteOpen, target: RemoteOpen): Promise<number>;
