import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseCommand, type Output } from '../cli-support.js';
import { projectRoot } from '../app-build.js';
import { LAUNCH_OPTIONS, prepareLaunch, serveUntilStopped } from './launch.js';

const exampleProfile = resolve(projectRoot, 'dist', 'renderer', 'example', 'example-go-cpu.pb.gz');
const electronMain = resolve(projectRoot, 'dist', 'electron', 'main.cjs');

/** The Electron binary, or why there is none (the package is optional; its download may fail). */
export function findElectron(): { binary: string } | { missing: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { missing: 'the electron package did not give a binary path' };
  } catch (error) {
    const message = (error as Error).message;
    if (/Cannot find module/.test(message)) return { missing: 'the electron package is not installed' };
    // The package is there without its binary (its download was skipped or failed).
    if (/failed to install correctly/.test(message)) return { missing: "Electron's binary is not installed" };
    return { missing: message.split('\n')[0] };
  }
}

/** Opens a URL in the system browser when this machine has a display; says so either way. */
function openInBrowser(url: string, io: Output): void {
  const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) {
    io.out('No display here: open the URL above in a browser.\n');
    return;
  }
  const [command, args]: [string, string[]] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error) => io.err(`flamedeck: could not start a browser (${error.message}); open the URL above.\n`));
  child.unref();
}

/**
 * `flamedeck [FILE...]`: the desktop app where Electron's binary is installed, else the same
 * renderer in web mode on 127.0.0.1. With no file it shows the bundled example profile.
 */
export async function runOpen(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...LAUNCH_OPTIONS, web: { type: 'boolean' } });
  const launch = prepareLaunch(values, positionals, io);
  const { files } = launch;

  const electron = values.web ? { missing: '--web was given' } : findElectron();
  if ('binary' in electron) {
    const child = spawn(electron.binary, [electronMain, ...(launch.compare ? ['--base', files[0], files[1]] : files)], { stdio: 'inherit' });
    return new Promise((done) => {
      child.on('exit', (code) => done(code ?? 0));
      child.on('error', (error) => {
        io.err(`flamedeck: could not start Electron: ${error.message}\n`);
        done(1);
      });
    });
  }

  io.err(`flamedeck: Electron is not available (${electron.missing}); starting the web version instead.\n`);
  return serveUntilStopped(files.length > 0 ? launch : { ...launch, files: [exampleProfile] }, (url) => {
    io.out(`Flamedeck is running at ${url}\n`);
    openInBrowser(url, io);
  });
}
