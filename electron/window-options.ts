import { EXTERNAL_LINKS } from '../shared/hosting.js';
import type { BrowserWindowOptions, Rectangle } from './electron-api.js';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE } from './window-state.js';

/** The app's pages come from this scheme only; nothing remote is ever loaded in a window. */
export const APP_SCHEME = 'app';
const APP_ORIGIN = `${APP_SCHEME}://flamedeck`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY } from '../shared/hosting.js';

/** The Electron security checklist's window settings. */
export function secureWindowOptions(preloadPath: string, bounds: Rectangle | null): BrowserWindowOptions {
  return {
    width: bounds?.width ?? DEFAULT_WINDOW_SIZE.width,
    height: bounds?.height ?? DEFAULT_WINDOW_SIZE.height,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Flamedeck',
    backgroundColor: '#16181d',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'flamedeck';
  } catch {
    return false;
  }
}

/** A link the app itself offers (EXTERNAL_LINKS), exactly: no other URL leaves for the system browser. */
export function isAppExternalLink(url: string): boolean {
  return (Object.values(EXTERNAL_LINKS) as string[]).includes(url);
}
