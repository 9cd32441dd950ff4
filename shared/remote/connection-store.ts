import type { RemoteCredentials, SavedConnection } from './remote-api.js';
import type { ConnectionStore } from './remote-service.js';
import { rememberedUse, withSavedSecret } from './saved-secret.js';

/** A recent list is a short list: older connections fall off. */
const MAX_CONNECTIONS = 50;

/** `pyroscope+http://…` names a profile on the server at `http://…`: its credentials are the server's. */
function plainUrl(url: string): string {
  return url.replace(/^pyroscope\+/i, '');
}

function originOf(url: string): string | null {
  try {
    return new URL(plainUrl(url)).origin;
  } catch {
    return null;
  }
}

/**
 * The connection a URL belongs to: the saved one on its origin whose URL is the longest prefix of
 * it (a Go service's `/debug/pprof/` for `/debug/pprof/heap`, a server's origin for anything on it).
 */
function connectionFor<T extends { url: string }>(connections: Iterable<T>, url: string): T | undefined {
  const target = plainUrl(url);
  const origin = originOf(target);
  if (origin === null) return undefined;
  let best: T | undefined;
  for (const connection of connections) {
    const saved = plainUrl(connection.url);
    if (originOf(saved) !== origin) continue;
    const path = saved.slice(origin.length).replace(/\/+$/, '');
    const rest = target.slice(origin.length);
    // A prefix on a path boundary: `/debug` covers `/debug/pprof`, not `/debugger`.
    if (path !== '' && !(rest === path || rest.startsWith(`${path}/`) || rest.startsWith(`${path}?`))) continue;
    if (!best || connection.url.length > best.url.length) best = connection;
  }
  return best;
}

/**
 * Web mode's store: recent connections and their secrets for this launch only, in memory (the
 * command line seeds it with its --tenant, --user and FLAMEDECK_PASSWORD / FLAMEDECK_TOKEN).
 * What `list` gives never holds a password or token.
 */
export function memoryConnectionStore(now: () => number = Date.now): ConnectionStore {
  /** `credentials` holds the connection's tenant and user too. */
  const entries = new Map<string, { connection: SavedConnection; credentials: RemoteCredentials }>();
  return {
    async list() {
      return [...entries.values()].map((e) => ({ ...e.connection })).sort((a, b) => (b.usedAt ?? 0) - (a.usedAt ?? 0));
    },
    async save(connection, credentials) {
      const kept = entries.get(connection.url)?.credentials;
      const latest = withSavedSecret(credentials ?? rememberedUse(connection, kept), kept);
      entries.delete(connection.url);
      entries.set(connection.url, {
        connection: {
          kind: connection.kind,
          url: connection.url,
          ...(latest.tenant ? { tenant: latest.tenant } : {}),
          ...(latest.user ? { user: latest.user } : {}),
          ...(latest.password || latest.token ? { hasSecret: true } : {}),
          usedAt: connection.usedAt ?? now(),
        },
        credentials: latest,
      });
      // The Map keeps insertion order and a save re-inserts: the first entries are the least recent.
      for (const url of entries.keys()) {
        if (entries.size <= MAX_CONNECTIONS) break;
        entries.delete(url);
      }
    },
    async forget(url) {
      entries.delete(url);
    },
    async credentialsFor(url) {
      const found = connectionFor([...entries.values()].map((entry) => ({ url: entry.connection.url, entry })), url)?.entry;
      return found && Object.keys(found.credentials).length > 0 ? { ...found.credentials } : undefined;
    },
  };
}
