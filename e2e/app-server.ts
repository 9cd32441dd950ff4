import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { chromiumPath } from '../playwright.config.js';
import type { TopGolden } from '../test/golden-helpers.js';

export const root = new URL('../', import.meta.url).pathname;
export const fixtures = `${root}test/fixtures/`;
export const hasChromium = existsSync(chromiumPath);

/**
 * Starts `flamedeck serve` (or, with another command, e.g. [] for plain `flamedeck`) on a free
 * port with the given files; resolves with the URL it prints.
 */
export async function startServe(files: string[] = [], command = ['serve', '--port', '0']): Promise<{ url: string; stop: () => void; child: ChildProcess }> {
  return startProcess(process.execPath, [`${root}bin/flamedeck.mjs`, ...command, ...files]);
}

/** Runs a command that prints the app's URL; resolves with it. */
export async function startProcess(program: string, args: string[]): Promise<{ url: string; stop: () => void; child: ChildProcess }> {
  const child = spawn(program, args, {
    detached: true,
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No display: the fallback must not try to start a browser during tests.
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/?/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`)));
  });
  // The whole process group: `npm start` runs the app as its child.
  return { url, child, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

/** `flamedeck serve` for one spec file: started before its tests, stopped after them. */
export function serveForSpec(): { readonly url: string } {
  let started: Awaited<ReturnType<typeof startServe>> | undefined;
  test.beforeAll(async () => {
    started = await startServe();
  });
  test.afterAll(() => started?.stop());
  return {
    get url() {
      return started!.url;
    },
  };
}

/** A `go tool pprof -top` golden of test/goldens/. */
export function topGolden(name: string): TopGolden {
  return JSON.parse(readFileSync(new URL(`../test/goldens/${name}.json`, import.meta.url), 'utf8')) as TopGolden;
}
