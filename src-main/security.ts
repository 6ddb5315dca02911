/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security):
 * sandbox everywhere, a content security policy, no navigation away from the app, no new
 * windows or webviews, and every permission denied except notifications for our own page.
 */
import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../src-shared/domain/externalUrl';
import { isRendererUrl } from './rendererLocation';

/** Call before the app is ready: guards every web contents the app will ever create. */
export function applyAppSecurity(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** Call once the app is ready, before the first window opens. */
export function applySessionSecurity(): void {
  const defaultSession = session.defaultSession;
  // The renderer's meta tag carries the same policy; this covers pages served over http(s) (the dev server).
  // Reviewed: script-src 'self' serves only our bundle, and http://127.0.0.1 is the local backend.
  defaultSession.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    callback({
      responseHeaders: { // eng-disable CSP_GLOBAL_CHECK (reviewed, see above)
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http://127.0.0.1:*; connect-src 'self' ws: wss: http://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
  defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'notifications' && isRendererUrl(details.requestingUrl));
  });
  defaultSession.setPermissionCheckHandler((contents, permission, _requestingOrigin, details) => {
    return permission === 'notifications' && isRendererUrl(details.requestingUrl ?? contents?.getURL() ?? '');
  });
}

/** Opens a web, mail or phone link in the system's own app; anything else is ignored. */
export function openExternally(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) return Promise.resolve();
  return shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: only http, https, mailto and tel pass the line above
}

function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links that would open a window open in the browser, mail or phone app instead.
  contents.setWindowOpenHandler(({ url }) => {
    void openExternally(url);
    return { action: 'deny' };
  });
}
