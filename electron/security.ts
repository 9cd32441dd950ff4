import type { ElectronApi, SessionLike, WebContentsLike } from './electron-api.js';
import { CONTENT_SECURITY_POLICY, isAppExternalLink, isAppUrl } from './window-options.js';

const guardedContents = new WeakSet<WebContentsLike>();
const guardedSessions = new WeakSet<SessionLike>();

/** The one permission the app's page needs: "Copy name" writes the clipboard (after a click). */
const APP_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** A link opens only this soon after the click (or Enter) that started it, or not at all. */
const GESTURE_MS = 1000;

/**
 * Every web contents (our windows, and any other the app ends up with: DesktopApp guards them
 * all through `web-contents-created`): no navigation away from the app, no new windows, no
 * <webview>. The app's own links (EXTERNAL_LINKS) go to the system browser when the user has
 * just clicked (or pressed Enter): the main process sees the input before the page does, so a
 * script cannot fake it. Any other URL goes nowhere.
 */
export function guardWebContents(electron: Pick<ElectronApi, 'shell'>, contents: WebContentsLike, now: () => number = Date.now): void {
  if (guardedContents.has(contents)) return;
  guardedContents.add(contents);
  let lastGesture = Number.NEGATIVE_INFINITY;
  contents.on('before-mouse-event', (_event, mouse) => {
    if (mouse.type === 'mouseUp') lastGesture = now();
  });
  contents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown' && (input.key === 'Enter' || input.key === ' ')) lastGesture = now();
  });
  const openOutside = (url: string) => {
    if (!isAppExternalLink(url) || now() - lastGesture > GESTURE_MS) return;
    lastGesture = Number.NEGATIVE_INFINITY; // one click, one page
    void electron.shell.openExternal(url);
  };
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  guardSession(contents.session);
}

/** Per session: every permission refused but the app page's clipboard write, and the CSP on every response. */
function guardSession(session: SessionLike): void {
  if (guardedSessions.has(session)) return;
  guardedSessions.add(session);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(APP_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl ?? '')),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => APP_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
