import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { UsageError, type Output } from '../cli-support.js';
import { CliError } from '../load-profile.js';
import { startWebServer } from '../web-server.js';
import { appDir, ensureAppBuilt } from '../app-build.js';

export const LAUNCH_OPTIONS = { port: { type: 'string' } } satisfies ParseArgsConfig['options'];

/** What `flamedeck [FILE...]` and `flamedeck serve` share before they start: --port, the files, a built app. */
export function prepareLaunch(portOption: string | undefined, positionals: string[], io: Output): { port: number; files: string[] } {
  const port = portOption === undefined ? 0 : Number(portOption);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number (0 picks a free one)');
  // Under `npm start`, npm runs us in the package folder; INIT_CWD is where the user was.
  const files = positionals.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f));
  for (const file of files) if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  ensureAppBuilt(io);
  return { port, files };
}

/** Serves the app in web mode until SIGINT/SIGTERM; `announce` is told the URL once it listens. */
export async function serveUntilStopped(files: string[], port: number, announce: (url: string) => void): Promise<number> {
  let started;
  try {
    started = await startWebServer({ appDir, files, port });
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
