/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security):
 * sandbox everywhere, a content security policy, no navigation away from the app, no new
 * windows or webviews, and every permission denied except notifications for our own page —
 * and microphone, camera and screen for it while a call or meeting is under way (./mediaPermissions.ts).
 */
import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../src-shared/domain/externalUrl';
import { guardMediaPermissions, MediaActivity, ScreenPicker } from './mediaPermissions';
import { isRendererUrl } from './rendererLocation';

/** Call before the app is ready: guards every web contents the app will ever create. */
export function applyAppSecurity(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/**
 * Call once the app is ready, before the first window opens. `contentSecurityPolicy` is what the
 * app:// protocol serves too; here it covers pages loaded over http(s), i.e. the dev server.
 */
export function applySessionSecurity(contentSecurityPolicy: string, media: { activity: MediaActivity; picker: ScreenPicker } = { activity: new MediaActivity(), picker: new ScreenPicker(() => null) }): void {
  const defaultSession = session.defaultSession;
  defaultSession.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    // Electronegativity cannot read a policy built at run time; rendererContentSecurityPolicy's is checked in appProtocol.test.ts.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } }); // eng-disable CSP_GLOBAL_CHECK
  });
  guardMediaPermissions(defaultSession, media.activity, media.picker);
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
