import type { ElectronApi, SessionLike, WebContentsLike } from './electron-api.js';
import { CONTENT_SECURITY_POLICY, isAppExternalLink, isAppUrl } from './window-options.js';

const guardedContents = new WeakSet<WebContentsLike>();
const guardedSessions = new WeakSet<SessionLike>();

/** The one permission the app's page needs: "Copy name" writes the clipboard (after a click). */
const APP_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/**
 * Every web contents (our windows, and any other the app ends up with: DesktopApp guards them
 * all through `web-contents-created`): no navigation away from the app, no new windows, no
 * <webview>; the app's own links (EXTERNAL_LINKS) go to the system browser, any other URL nowhere.
 */
export function guardWebContents(electron: Pick<ElectronApi, 'shell'>, contents: WebContentsLike): void {
  if (guardedContents.has(contents)) return;
  guardedContents.add(contents);
  const openOutside = (url: string) => {
    if (isAppExternalLink(url)) void electron.shell.openExternal(url);
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
