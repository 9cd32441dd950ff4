import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommand, UsageError, type Output } from '../cli.js';
import { CliError } from '../load-profile.js';
import { startWebServer } from '../web-server.js';

export const projectRoot = new URL('../../', import.meta.url).pathname;
export const appDir = resolve(projectRoot, 'dist', 'renderer');

/** Builds the app when no build is there (e.g. after `npm install --ignore-scripts`). */
export function ensureAppBuilt(io: Output): void {
  if (existsSync(resolve(appDir, 'index.html')) && existsSync(resolve(projectRoot, 'dist', 'electron', 'main.cjs'))) return;
  io.err('flamedeck: building the app (first run)…\n');
  try {
    execFileSync(process.execPath, [resolve(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    execFileSync(process.execPath, [resolve(projectRoot, 'scripts', 'build-electron.mjs')], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    throw new CliError(`could not build the app: ${(error as Error).message}`);
  }
}

export async function runServe(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, { port: { type: 'string' } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number (0 picks a free one)');
  // Under `npm start`, npm runs us in the package folder; INIT_CWD is where the user was.
  const files = positionals.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f));
  for (const file of files) if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  ensureAppBuilt(io);
  let started;
  try {
    started = await startWebServer({ appDir, files, port });
  } catch (error) {
    throw new CliError(`could not listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  }
  io.out(`Flamedeck is serving on ${started.url}\n`);
  // Runs until interrupted.
  await new Promise<void>((done) => {
    const stop = () => started.server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
