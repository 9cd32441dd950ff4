import { join } from 'node:path';
import type { RemoteCredentials, SavedConnection } from '../shared/remote/remote-api.js';
import type { ConnectionStore } from '../shared/remote/remote-service.js';
import { rememberedUse, withSavedSecret } from '../shared/remote/saved-secret.js';
import type { ElectronApi } from './electron-api.js';
import { JsonStore } from './json-store.js';

const MAX_CONNECTIONS = 20;
const MAX_URL_LENGTH = 4096;
const MAX_FIELD_LENGTH = 1024;
const MAX_SECRET_LENGTH = 16 * 1024;

type Secrets = Pick<RemoteCredentials, 'password' | 'token'>;
const SECRET_KEYS = ['password', 'token'] as const;

/** A connection as connections.json holds it: secrets only as safeStorage ciphertext, in base64. */
interface StoredConnection {
  kind: 'go' | 'pyroscope';
  url: string;
  tenant?: string;
  user?: string;
  usedAt?: number;
  encrypted?: { password?: string; token?: string };
}

const isShortString = (value: unknown, max = MAX_FIELD_LENGTH): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/** Keeps the well-formed entries of the file (a hand-edited or half-valid file loses only its bad entries). */
function validateConnections(raw: unknown): StoredConnection[] {
  if (!Array.isArray(raw)) throw new Error('not a list');
  const valid: StoredConnection[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    if ((e.kind !== 'go' && e.kind !== 'pyroscope') || !isShortString(e.url, MAX_URL_LENGTH) || locate(e.url) === null) continue;
    const stored: StoredConnection = { kind: e.kind, url: e.url };
    if (isShortString(e.tenant)) stored.tenant = e.tenant;
    if (isShortString(e.user)) stored.user = e.user;
    if (typeof e.usedAt === 'number' && Number.isFinite(e.usedAt)) stored.usedAt = e.usedAt;
    const encrypted = e.encrypted as Record<string, unknown> | undefined;
    for (const key of SECRET_KEYS) {
      const value = typeof encrypted === 'object' && encrypted !== null ? encrypted[key] : undefined;
      if (isShortString(value, MAX_SECRET_LENGTH * 2)) (stored.encrypted ??= {})[key] = value;
    }
    valid.push(stored);
  }
  return valid.slice(0, MAX_CONNECTIONS);
}

/** Origin and path of an http(s) or pyroscope+http(s) URL, or null for anything else. */
function locate(url: string): { origin: string; path: string } | null {
  try {
    const parsed = new URL(url.replace(/^pyroscope\+/i, ''));
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return { origin: parsed.origin, path: parsed.pathname };
  } catch {
    return null;
  }
}

/** The URL as it is stored and listed: user and password are never part of it. */
function withoutUserinfo(url: string): string {
  const pyroscope = /^pyroscope\+/i.exec(url)?.[0] ?? '';
  const parsed = new URL(url.slice(pyroscope.length));
  parsed.username = '';
  parsed.password = '';
  return pyroscope + parsed.toString();
}

/** How much of `url` the connection's URL covers: same origin and a path prefix (whole segments), else -1. */
function coverage(connectionUrl: string, url: string): number {
  const connection = locate(connectionUrl);
  const target = locate(url);
  if (!connection || !target || connection.origin !== target.origin) return -1;
  const prefix = connection.path.endsWith('/') ? connection.path : `${connection.path}/`;
  return target.path === connection.path || `${target.path}/` === prefix || target.path.startsWith(prefix) ? prefix.length : -1;
}

/**
 * The desktop's recent connections (connections.json in userData) and their secrets. A password or
 * token goes to disk only encrypted by the OS keychain through Electron's safeStorage; where there
 * is none (a Linux session without a keyring) it is held in memory for this run and never written.
 */
export class DesktopConnectionStore implements ConnectionStore {
  private readonly store: JsonStore<StoredConnection[]>;
  private connections: StoredConnection[];
  /** Secrets that could not be encrypted, by connection URL: this run only. */
  private readonly inMemory = new Map<string, Secrets>();
  /** Credentials the command line gave for its sources: this run only, not listed, not saved. */
  private readonly runOnly: { url: string; credentials: RemoteCredentials }[] = [];
  readonly problem?: string;

  constructor(
    userData: string,
    private readonly safeStorage: ElectronApi['safeStorage'],
    private readonly now: () => number = Date.now,
  ) {
    this.store = new JsonStore(join(userData, 'connections.json'), () => [], validateConnections);
    const loaded = this.store.load();
    this.connections = loaded.value;
    this.problem = loaded.problem;
  }

  async list(): Promise<SavedConnection[]> {
    return this.connections.map((stored) => {
      const { encrypted, ...shown } = stored;
      const inMemory = this.inMemory.has(stored.url);
      return { ...shown, ...(encrypted || inMemory ? { hasSecret: true } : {}), ...(inMemory ? { secretNotSaved: true } : {}) };
    });
  }

  /** Remembers a connection (newest first): its tenant, user and secrets as `ConnectionStore.save` says. */
  async save(connection: SavedConnection, credentials?: RemoteCredentials): Promise<void> {
    if (!isShortString(connection.url, MAX_URL_LENGTH) || locate(connection.url) === null) throw new Error('a connection needs an http:// or https:// URL');
    const url = withoutUserinfo(connection.url);
    const previous = this.connections.find((c) => c.url === url);
    const kept = previous ? this.credentialsOf(previous) : undefined;
    const latest = withSavedSecret(credentials ?? rememberedUse(connection, kept), kept);
    const stored: StoredConnection = { kind: connection.kind === 'pyroscope' ? 'pyroscope' : 'go', url, usedAt: this.now() };
    if (isShortString(latest.tenant)) stored.tenant = latest.tenant;
    if (isShortString(latest.user)) stored.user = latest.user;
    // The kept secret carried over stays as it is (a ciphertext this session cannot open included).
    const carriedOver = !credentials?.password && !credentials?.token && (!credentials || credentials.savedSecret === true) && latest.user === kept?.user;
    if (!carriedOver) this.keepSecrets(stored, latest);
    else if (previous?.encrypted) stored.encrypted = previous.encrypted;
    this.connections = [stored, ...this.connections.filter((c) => c.url !== url)].slice(0, MAX_CONNECTIONS);
    this.store.save(this.connections);
  }

  /** Encrypted into the entry, or in memory for this run where there is no keychain. */
  private keepSecrets(stored: StoredConnection, credentials: RemoteCredentials): void {
    this.inMemory.delete(stored.url);
    const secrets: Secrets = {};
    for (const key of SECRET_KEYS) {
      const value = credentials[key];
      if (isShortString(value, MAX_SECRET_LENGTH)) secrets[key] = value;
    }
    if (Object.keys(secrets).length === 0) return;
    if (!this.safeStorage.isEncryptionAvailable()) {
      this.inMemory.set(stored.url, secrets);
      return;
    }
    stored.encrypted = {};
    for (const key of SECRET_KEYS) {
      const value = secrets[key];
      if (value !== undefined) stored.encrypted[key] = this.safeStorage.encryptString(value).toString('base64');
    }
  }

  async forget(url: string): Promise<void> {
    this.inMemory.delete(url);
    this.connections = this.connections.filter((c) => c.url !== url);
    this.store.save(this.connections);
  }

  /** The command line's credentials for a source's server (`flamedeck --user ann http://…`): used for this run, never written. */
  keepForThisRun(url: string, credentials: RemoteCredentials): void {
    if (locate(url) === null) return;
    this.runOnly.unshift({ url: withoutUserinfo(url), credentials: { ...credentials } });
  }

  async credentialsFor(url: string): Promise<RemoteCredentials | undefined> {
    // The command line's word is the latest: on a tie it wins over a saved connection.
    let runOnly: RemoteCredentials | undefined;
    let bestLength = -1;
    for (const kept of this.runOnly) {
      const length = coverage(kept.url, url);
      if (length > bestLength) [runOnly, bestLength] = [kept.credentials, length];
    }
    let best: StoredConnection | undefined;
    for (const connection of this.connections) {
      const length = coverage(connection.url, url);
      if (length > bestLength) [best, runOnly, bestLength] = [connection, undefined, length];
    }
    if (runOnly) return { ...runOnly };
    if (!best) return undefined;
    const credentials = this.credentialsOf(best);
    return Object.keys(credentials).length > 0 ? credentials : undefined;
  }

  private credentialsOf(connection: StoredConnection): RemoteCredentials {
    const credentials: RemoteCredentials = {};
    if (connection.tenant) credentials.tenant = connection.tenant;
    if (connection.user) credentials.user = connection.user;
    return Object.assign(credentials, this.inMemory.get(connection.url) ?? this.decrypt(connection));
  }

  /** A secret the keychain can no longer open (another machine, a reset keyring) is left out: the server will ask again. */
  private decrypt(connection: StoredConnection): Secrets {
    const secrets: Secrets = {};
    for (const key of SECRET_KEYS) {
      const value = connection.encrypted?.[key];
      if (value === undefined) continue;
      try {
        secrets[key] = this.safeStorage.decryptString(Buffer.from(value, 'base64'));
      } catch {
        continue;
      }
    }
    return secrets;
  }
}
