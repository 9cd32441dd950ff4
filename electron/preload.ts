// The preload's entry (bundled to dist/electron/preload.cjs); everything is in preload-bridge.ts.
import { exposeDesktopBridge, type PreloadElectron } from './preload-bridge.js';

// A sandboxed preload gets Electron only through require(); the bundle keeps the call as it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
exposeDesktopBridge(require('electron') as PreloadElectron);
