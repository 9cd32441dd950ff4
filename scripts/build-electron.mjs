#!/usr/bin/env node
// Bundles the Electron main process and preload to CommonJS in dist/electron (run by `prepare`).
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'warning', sourcemap: true };
await build({ ...common, entryPoints: [`${root}electron/main-entry.ts`], outfile: `${root}dist/electron/main.cjs` });
await build({ ...common, entryPoints: [`${root}electron/preload.ts`], outfile: `${root}dist/electron/preload.cjs` });
