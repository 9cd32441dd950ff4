import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the package's sources with no build in it (as after `npm install --ignore-scripts`). */
function unbuiltCopy({ withDependencies }: { withDependencies: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'flamedeck-pkg-'));
  copies.push(dir);
  for (const part of ['bin', 'scripts', 'shared', 'package.json', 'tsconfig.json']) cpSync(join(root, part), join(dir, part), { recursive: true });
  if (withDependencies) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function runCommand(dir: string, ...args: string[]) {
  return promisify(execFile)(process.execPath, [join(dir, 'bin', 'flamedeck.mjs'), ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('bin/flamedeck.mjs runs the built bundle', () => {
  it('builds a missing bundle on first run, then runs it as plain JavaScript', async () => {
    const dir = unbuiltCopy({ withDependencies: true });
    const first = await runCommand(dir, '--help');
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('flamedeck: building the command (first run)…\n');
    expect(first.stdout).toMatch(/^usage:\n {2}flamedeck \[FILE\.\.\.\]/);
    expect(existsSync(join(dir, 'dist', 'cli', 'cli.mjs'))).toBe(true);
    const second = await runCommand(dir, 'top', join(root, 'test', 'fixtures', 'app-v1-cpu.pb.gz'), '--nodecount', '1');
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(/crypto\/sha256\.block/);
  });

  it('rebuilds a bundle older than one of its sources', async () => {
    const dir = unbuiltCopy({ withDependencies: true });
    await runCommand(dir, '--help');
    const bundle = join(dir, 'dist', 'cli', 'cli.mjs');
    const builtAt = statSync(bundle).mtimeMs;
    const later = new Date(builtAt + 60_000);
    utimesSync(join(dir, 'bin', 'cli-support.ts'), later, later);
    const again = await runCommand(dir, '--help');
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(builtAt);
  });

  it('where it cannot be built, says how in one line', async () => {
    const dir = unbuiltCopy({ withDependencies: false });
    const result = await runCommand(dir, '--help');
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^flamedeck: the command is not built and could not be built here \(.*esbuild.*\); run `npm install && npm run build` in /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops quietly when the reader of its output goes away (`| head`)', async () => {
    // Folded stacks of the deep fixture (600 KB) are far more than the one chunk read before the pipe closes.
    const child = spawn(process.execPath, [join(root, 'bin', 'flamedeck.mjs'), 'export', join(root, 'test', 'fixtures', 'edge-deep-stack.pb.gz'), '--format', 'folded', '-o', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
