import type { RemoteCredentials, SavedConnection } from './remote-api.js';

/**
 * Credentials as a request or a save gives them, over those the host keeps for the connection.
 * With `savedSecret` and no password or token of its own, the tenant is the given one (none if
 * none is given), the user the given one (the kept one if none is given), and the kept password
 * and token come along only when that user is the kept one: another user never gets it. Anything
 * else is exactly what was given. The result never carries `savedSecret`.
 */
export function withSavedSecret(given: RemoteCredentials, kept: RemoteCredentials | undefined): RemoteCredentials {
  const { savedSecret, ...typed } = given;
  if (!savedSecret || typed.password || typed.token) return typed;
  const user = typed.user ?? kept?.user;
  const merged: RemoteCredentials = { ...(typed.tenant ? { tenant: typed.tenant } : {}), ...(user ? { user } : {}) };
  if (kept && user === kept.user) {
    if (kept.password) merged.password = kept.password;
    if (kept.token) merged.token = kept.token;
  }
  return merged;
}

/**
 * A connection saved without credentials (it was used again, with the secret the host keeps): its
 * tenant and user where it gives them, else the kept ones, and the kept secret for the same user.
 */
export function rememberedUse(connection: SavedConnection, kept: RemoteCredentials | undefined): RemoteCredentials {
  const tenant = connection.tenant ?? kept?.tenant;
  return { ...(tenant ? { tenant } : {}), ...(connection.user ? { user: connection.user } : {}), savedSecret: true };
}
