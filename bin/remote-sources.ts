import { sourceCredentials, sourceTitle, storedSource } from '../shared/remote/source-url.js';
import type { ConnectionStore } from '../shared/remote/remote-service.js';
import type { RemoteCredentials } from '../shared/remote/remote-api.js';

/**
 * Source URLs where the command line takes files (`flamedeck serve SOURCE`, `flamedeck SOURCE`):
 * how the page is told about one, and how the command line's credentials reach the host's
 * connection store (never the page).
 */

/** What the page is told of a source: a tab name, and the source URL without credentials. */
export function offeredSource(source: string): { name: string; source: string } {
  const shown = storedSource(source);
  return { name: sourceTitle(shown), source: shown };
}

/**
 * Keeps the command line's credentials (and a URL's user:password) for each source's server, so
 * that the page's fetch of the credential-free source URL is sent with them.
 */
export async function seedConnections(store: ConnectionStore, sources: string[], access: RemoteCredentials): Promise<void> {
  for (const source of sources) {
    const seeded = sourceCredentials(source, access);
    if (seeded) await store.save({ kind: seeded.kind, url: seeded.url }, seeded.credentials);
  }
}
