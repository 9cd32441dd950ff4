/**
 * The Pyroscope connection's tenant and authentication as the dialog's fields hold them, and the
 * credentials they stand for. Secrets the host already keeps (a recent connection with
 * `hasSecret`) are not asked for again: leaving the field empty lets the host add its own.
 */
import type { RemoteCredentials, SavedConnection } from '../../../shared/remote/remote-api.js';

export interface AuthFields {
  tenant: string;
  kind: 'none' | 'basic' | 'bearer';
  user: string;
  password: string;
  token: string;
}

/** The fields a recent connection fills in (its secret stays with the host). */
export function authFieldsOf(connection: SavedConnection | undefined): AuthFields {
  const kind = connection?.user ? 'basic' : connection?.hasSecret ? 'bearer' : 'none';
  return { tenant: connection?.tenant ?? '', kind, user: connection?.user ?? '', password: '', token: '' };
}

/**
 * Whether the host's kept secret stands for these fields: the recent connection has one, for the
 * same kind of authentication and (basic) the same user. Another user must type a password.
 */
export function hasKeptSecretFor(fields: AuthFields, connection: SavedConnection | undefined): boolean {
  if (connection?.hasSecret !== true) return false;
  const saved = authFieldsOf(connection);
  return fields.kind === saved.kind && (fields.kind !== 'basic' || fields.user.trim() === saved.user);
}

/**
 * What to send: exactly what the fields say (`{}` for no tenant and no authentication: the host
 * then sends none, rather than what it keeps for the server). An empty secret field with a kept
 * secret sends the tenant and user as typed with `savedSecret`, for the host to add its own; with
 * none kept, it is the user's to fill in, and says so.
 */
export function credentialsOf(fields: AuthFields, keptSecret: boolean): RemoteCredentials {
  const tenant = fields.tenant.trim() ? { tenant: fields.tenant.trim() } : {};
  if (fields.kind === 'basic') {
    if (!fields.user.trim()) throw new Error('Enter the user name for basic authentication.');
    if (!fields.password) {
      if (keptSecret) return { ...tenant, user: fields.user.trim(), savedSecret: true };
      throw new Error('Enter the password for basic authentication.');
    }
    return { ...tenant, user: fields.user.trim(), password: fields.password };
  }
  if (fields.kind === 'bearer') {
    if (!fields.token.trim()) {
      if (keptSecret) return { ...tenant, savedSecret: true };
      throw new Error('Enter the bearer token.');
    }
    return { ...tenant, token: fields.token.trim() };
  }
  return tenant;
}
