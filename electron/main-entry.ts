// Electron's main process entry (bundled to dist/electron/main.cjs by scripts/build-electron.mjs).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DesktopApp } from './desktop-app.js';
import type { ElectronApi } from './electron-api.js';

const electron = createRequire(__filename)('electron') as ElectronApi;
const root = join(__dirname, '..', '..');
new DesktopApp(electron, {
  argv: process.argv,
  cwd: process.cwd(),
  rendererDir: join(root, 'dist', 'renderer'),
  preloadPath: join(__dirname, 'preload.cjs'),
  exampleProfile: join(root, 'dist', 'renderer', 'example', 'example-go-cpu.pb.gz'),
  env: process.env,
}).start();
