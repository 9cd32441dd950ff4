import { readFile } from 'node:fs/promises';
import { decodeProfile } from '../shared/formats/pprof-decode.js';
import { isProfileError } from '../shared/formats/profile-error.js';
import type { Profile } from '../shared/model/profile.js';
import { nodeGunzip } from './node-gunzip.js';
import { fileError } from './cli-errors.js';
import { UserFacingError } from '../shared/user-facing-error.js';
import { displaySourceUrl, fetchProfileBytes, isHttpSource, RemoteError } from '../shared/remote/http-source.js';
import { UsageError } from './cli-support.js';
import { maxDownloadBytes } from './memory-option.js';
import { isPyroscopeSource } from '../shared/remote/pyroscope-source.js';
import { answerRemote, RemoteServiceError } from '../shared/remote/remote-service.js';
import { memoryConnectionStore } from '../shared/remote/connection-store.js';
import type { RemoteCredentials } from '../shared/remote/remote-api.js';

export class CliError extends UserFacingError {
  /** `cause`: the error behind this one, printed with FLAMEDECK_DEBUG=1. */
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
  }
}

/** The flags of every command that reads a profile, for http(s) sources; secrets come from the environment only. */
export const REMOTE_OPTIONS = {
  seconds: { type: 'string' },
  tenant: { type: 'string' },
  user: { type: 'string' },
  'max-download': { type: 'string' },
} as const;

/** How to reach remote sources: the flags above and FLAMEDECK_PASSWORD / FLAMEDECK_TOKEN. */
export interface RemoteAccess extends Omit<RemoteCredentials, 'savedSecret'> {
  seconds?: number;
  /** The size cap of a fetch (--max-download / FLAMEDECK_MAX_DOWNLOAD). */
  maxBytes?: number;
}

export function remoteAccess(values: { seconds?: string; tenant?: string; user?: string; 'max-download'?: string }, env = process.env): RemoteAccess {
  let seconds: number | undefined;
  if (values.seconds !== undefined) {
    seconds = Number(values.seconds);
    if (values.seconds.trim() === '' || !Number.isInteger(seconds) || seconds <= 0) throw new UsageError('--seconds takes a whole number of seconds');
  }
  return {
    seconds,
    tenant: values.tenant || undefined,
    user: values.user,
    password: env.FLAMEDECK_PASSWORD,
    token: env.FLAMEDECK_TOKEN || undefined,
    maxBytes: maxDownloadBytes(values['max-download'], env.FLAMEDECK_MAX_DOWNLOAD),
  };
}

/** How a source is named in messages: a path as it is, a URL without its credentials. */
export function sourceName(source: string): string {
  return isHttpSource(source) ? displaySourceUrl(source) : source;
}

const CREDENTIALS_HINT = ' (--tenant T, --user U with FLAMEDECK_PASSWORD, or FLAMEDECK_TOKEN)';

/** The credentials of the command line, as the remote service takes them (only those given). */
export function cliCredentials(remote: RemoteAccess): RemoteCredentials {
  const { tenant, user, password, token } = remote;
  return Object.fromEntries(Object.entries({ tenant, user, password, token }).filter(([, value]) => value !== undefined));
}

/** The merged profile a `pyroscope+http(s)://` source names (uncompressed pprof bytes). */
async function readPyroscopeSource(source: string, remote: RemoteAccess): Promise<Uint8Array> {
  if (remote.seconds !== undefined) throw new UsageError('--seconds is for http(s) sources; a Pyroscope source has its from and until');
  try {
    const answer = await answerRemote(
      { op: 'fetch', source, credentials: cliCredentials(remote) },
      { fetch: (url, init) => fetch(url, init), connections: memoryConnectionStore(), maxBytes: remote.maxBytes },
      { signal: new AbortController().signal },
    );
    if (answer.kind !== 'bytes') throw new Error('the remote service did not answer bytes');
    return answer.bytes;
  } catch (error) {
    if (error instanceof RemoteServiceError) {
      const hint = /refused access/.test(error.failure.message) ? CREDENTIALS_HINT : '';
      throw new CliError(hint ? `${error.failure.message.replace(/\.$/, '')}${hint}` : error.failure.message, error);
    }
    throw fileError(source, error);
  }
}

/** The bytes of a file, or of a remote source fetched with Node's fetch (as they came: gzipped or not). */
export async function readSource(source: string, remote: RemoteAccess = {}): Promise<Uint8Array> {
  if (isPyroscopeSource(source)) return readPyroscopeSource(source, remote);
  if (isHttpSource(source)) {
    try {
      const fetched = await fetchProfileBytes(source, { fetch: globalThis.fetch, ...remote });
      return fetched.bytes;
    } catch (error) {
      if (error instanceof RemoteError) {
        const hint = error.kind === 'unauthorized' ? CREDENTIALS_HINT : '';
        throw new CliError(`${error.message}${hint}`, error);
      }
      throw fileError(sourceName(source), error);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new CliError(`${displaySourceUrl(source)}: only http://, https:// and pyroscope+http(s):// sources can be fetched`);
  }
  try {
    return await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // `host:6060/debug/pprof/heap` is a URL without its scheme more often than a file.
    const looksLikeAddress = /^[a-z0-9.-]+:\d+\//i.test(source);
    const reason =
      code === 'ENOENT' ? (looksLikeAddress ? `no such file (for a URL, write http://${source})` : 'no such file') : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`${source}: ${reason}`);
  }
}

/** A profile from a file or an http(s) source: the same bytes decode the same way. */
export async function loadProfile(source: string, maxMemoryBytes?: number, remote?: RemoteAccess): Promise<Profile> {
  const bytes = await readSource(source, remote);
  const name = sourceName(source);
  try {
    return await decodeProfile(bytes, { gunzip: nodeGunzip, maxMemoryBytes, memoryInUse: process.memoryUsage.rss() });
  } catch (error) {
    if (isProfileError(error) && error.code === 'memory-limit') {
      throw new CliError(`${name}: ${error.message} (--max-memory or FLAMEDECK_MAX_MEMORY raises it)`);
    }
    throw fileError(name, error);
  }
}
