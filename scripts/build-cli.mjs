#!/usr/bin/env node
// Bundles the `flamedeck` command (bin/cli.ts and what it imports) to plain JavaScript in
// dist/cli, so the installed command starts without a TypeScript loader (run by `npm run build`;
// bin/flamedeck.mjs runs it too when the bundle is missing or older than its sources).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const cliOutDir = join(root, 'dist', 'cli');

/** Each file is written beside itself and renamed, so a command starting meanwhile never reads half a file. */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

export async function buildCli() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: join(root, 'bin', 'cli.ts') },
    outdir: cliOutDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Electron is found at run time (an optional dependency with a binary); nothing else is left out.
    external: ['electron'],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const entry = join(cliOutDir, 'cli.mjs');
  // Chunks first, the entry last: the entry only appears once what it imports is there.
  for (const file of result.outputFiles.filter((f) => f.path !== entry)) writeAtomically(file.path, file.contents);
  // bin/flamedeck.mjs compares these sources' times (paths relative to the package) with the bundle's.
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  writeAtomically(join(cliOutDir, 'sources.json'), JSON.stringify(sources));
  writeAtomically(entry, result.outputFiles.find((f) => f.path === entry).contents);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli();
