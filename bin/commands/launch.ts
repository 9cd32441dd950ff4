import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { UsageError, type Output } from '../cli-support.js';
import { CliError } from '../load-profile.js';
import { startWebServer } from '../web-server.js';
import { appDir, ensureAppBuilt } from '../app-build.js';

export const LAUNCH_OPTIONS = { port: { type: 'string' }, base: { type: 'string' } } satisfies ParseArgsConfig['options'];

/** The files to open at start; with `compare`, the first is the base of a comparison with the second (pprof's --base). */
export interface Launch {
  port: number;
  files: string[];
  compare: boolean;
}

/** What `flamedeck [FILE...]` and `flamedeck serve` share before they start: --port, --base, the files, a built app. */
export function prepareLaunch(values: { port?: string; base?: string }, positionals: string[], io: Output): Launch {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number (0 picks a free one)');
  if (values.base !== undefined && positionals.length !== 1) throw new UsageError('--base BASE takes exactly one TARGET profile to compare it with');
  // Under `npm start`, npm runs us in the package folder; INIT_CWD is where the user was.
  const named = values.base !== undefined ? [values.base, ...positionals] : positionals;
  const files = named.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f));
  for (const file of files) if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  ensureAppBuilt(io);
  return { port, files, compare: values.base !== undefined };
}

/** Serves the app in web mode until SIGINT/SIGTERM; `announce` is told the URL once it listens. */
export async function serveUntilStopped({ files, port, compare }: Launch, announce: (url: string) => void): Promise<number> {
  let started;
  try {
    started = await startWebServer({ appDir, files, port, compare });
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
