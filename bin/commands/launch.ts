import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { UsageError, type Output } from '../cli-support.js';
import { cliCredentials, CliError, REMOTE_OPTIONS, remoteAccess, type RemoteAccess } from '../load-profile.js';
import { startWebServer } from '../web-server.js';
import { appDir, ensureAppBuilt } from '../app-build.js';
import { seedConnections } from '../remote-sources.js';
import { isSourceUrl, withCaptureSeconds } from '../../shared/remote/source-url.js';
import { isPyroscopeSource, parsePyroscopeSource } from '../../shared/remote/pyroscope-source.js';
import { displaySourceUrl } from '../../shared/remote/http-source.js';
import { memoryConnectionStore } from '../../shared/remote/connection-store.js';

export const LAUNCH_OPTIONS = { port: { type: 'string' }, base: { type: 'string' }, ...REMOTE_OPTIONS } satisfies ParseArgsConfig['options'];

/** The files to open at start; with `compare`, the first is the base of a comparison with the second (pprof's --base). */
export interface Launch {
  port: number;
  /** File paths, or source URLs (http(s):// or pyroscope+http(s)://) the page fetches through the host. */
  files: string[];
  compare: boolean;
  /** The command line's credentials for the sources: kept by the host, never given to the page. */
  remote?: RemoteAccess;
}

/** A source URL as given, checked now so that a typo is said before the app starts; --seconds applied. */
function checkedSource(source: string, seconds: number | undefined): string {
  if (isPyroscopeSource(source)) {
    try {
      parsePyroscopeSource(source, Date.now());
    } catch (error) {
      throw new CliError((error as Error).message, error);
    }
    if (seconds !== undefined) throw new UsageError('--seconds is for http(s) sources; a Pyroscope source has its from and until');
    return source;
  }
  if (!URL.canParse(source)) throw new CliError(`${displaySourceUrl(source)}: not a valid URL`);
  return withCaptureSeconds(source, seconds);
}

/** What `flamedeck [FILE...]` and `flamedeck serve` share before they start: --port, --base, the files or sources, a built app. */
export function prepareLaunch(values: { port?: string; base?: string; seconds?: string; tenant?: string; user?: string; 'max-download'?: string }, positionals: string[], io: Output): Launch {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number (0 picks a free one)');
  if (values.base !== undefined && positionals.length !== 1) throw new UsageError('--base BASE takes exactly one TARGET profile to compare it with');
  const remote = remoteAccess(values);
  // Under `npm start`, npm runs us in the package folder; INIT_CWD is where the user was.
  const named = values.base !== undefined ? [values.base, ...positionals] : positionals;
  const files = named.map((f) => (isSourceUrl(f) ? checkedSource(f, remote.seconds) : resolve(process.env.INIT_CWD ?? process.cwd(), f)));
  for (const file of files) if (!isSourceUrl(file) && !existsSync(file)) throw new CliError(`${file}: no such file`);
  ensureAppBuilt(io);
  return { port, files, compare: values.base !== undefined, remote };
}

/** Serves the app in web mode until SIGINT/SIGTERM; `announce` is told the URL once it listens. */
export async function serveUntilStopped({ files, port, compare, remote = {} }: Launch, announce: (url: string) => void): Promise<number> {
  const connections = memoryConnectionStore();
  await seedConnections(connections, files.filter(isSourceUrl), cliCredentials(remote));
  let started;
  try {
    started = await startWebServer({ appDir, files, port, compare, remote: { connections, maxBytes: remote.maxBytes } });
  } catch (error) {
    throw new CliError(`could not listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  }
  announce(started.url);
  await new Promise<void>((done) => {
    const stop = () => started.server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
