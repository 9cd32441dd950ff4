// The preload's entry (bundled to dist/electron/preload.cjs); everything is in preload-bridge.ts.
import { exposeDesktopBridge, type PreloadElectron } from './preload-bridge.js';

exposeDesktopBridge(require('electron') as PreloadElectron);
