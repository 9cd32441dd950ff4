/**
 * The Pyroscope connection's tenant and authentication as the dialog's fields hold them, and the
 * credentials they stand for. Secrets the host already keeps (a recent connection with
 * `hasSecret`) are not asked for again: leaving the field empty lets the host use its own.
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
 * What to send: undefined when the host's kept secret should be used (the secret field is empty
 * for a connection that has one), otherwise exactly what the fields say (`{}` for no tenant and no
 * authentication: the host then sends none, rather than what it keeps for the server). An empty
 * secret with no kept one is the user's to fill in, and says so.
 */
export function credentialsOf(fields: AuthFields, keptSecret: boolean): RemoteCredentials | undefined {
  const tenant = fields.tenant.trim() ? { tenant: fields.tenant.trim() } : {};
  if (fields.kind === 'basic') {
    if (!fields.user.trim()) throw new Error('Enter the user name for basic authentication.');
    if (!fields.password) {
      if (keptSecret) return undefined;
      throw new Error('Enter the password for basic authentication.');
    }
    return { ...tenant, user: fields.user.trim(), password: fields.password };
  }
  if (fields.kind === 'bearer') {
    if (!fields.token.trim()) {
      if (keptSecret) return undefined;
      throw new Error('Enter the bearer token.');
    }
    return { ...tenant, token: fields.token.trim() };
  }
  return tenant;
}
