import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Output } from './cli-support.js';
import { CliError } from './load-profile.js';

/** The package folder: the nearest one up with a package.json (this module runs from bin/ in tests and from the dist/cli bundle when installed). */
function findProjectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

export const projectRoot = findProjectRoot();
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
    throw new CliError(`could not build the app (${(error as Error).message.split('\n')[0]}); run \`npm install && npm run build\` in ${projectRoot}`);
  }
}

