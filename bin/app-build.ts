import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Output } from './cli-support.js';
import { CliError } from './load-profile.js';

export const projectRoot = new URL('../', import.meta.url).pathname;
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

