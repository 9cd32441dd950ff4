import type { ElectronApi, WebContentsLike } from './electron-api.js';
import { CONTENT_SECURITY_POLICY, isAppUrl, isAppExternalLink } from './window-options.js';

/**
 * Per window: no navigation away from the app, no new windows (the app's own help links go to
 * the system browser, any other URL nowhere), every permission request refused, and the CSP on
 * every response.
 */
export function guardWebContents(electron: Pick<ElectronApi, 'shell'>, contents: WebContentsLike): void {
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
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
