/**
 * The browser build's service worker (Workbox, built by vite-plugin-pwa's injectManifest): it
 * makes the app installable and opens its shell offline, and it caches nothing but the shell.
 *
 * - The shell (index.html, the scripts and styles, the icons, the manifest) is precached at
 *   install, the same bytes for everyone: nobody's data is ever in this cache, so another person
 *   signing in on the same phone finds nothing of the last one here. Requests to the backend
 *   (`/api/`, `/socket.io/`, files) are never answered from a cache, nor stored in one.
 * - Opening the app asks the network first, so an online page always carries a fresh CSP nonce
 *   (src-shared/protocol/contentSecurityPolicy.ts); only when the network fails does the
 *   precached shell answer, and the app then says `Offline`.
 * - A new version waits until the page says so (`Update available`, then `Reload`): it never
 *   swaps scripts under a page that is running.
 */
import { addRoute, cleanupOutdatedCaches, matchPrecache, precache, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { shellPath, skipWaitingMessage, uncachedPaths } from './serviceWorkerProtocol';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Before the precache's own route, so `/` and `/index.html` come from the network while it answers.
registerRoute(
  new NavigationRoute(
    new NetworkOnly({
      plugins: [{ handlerDidError: async () => (await matchPrecache(shellPath)) ?? Response.error() }],
    }),
    { denylist: uncachedPaths },
  ),
);
// Scripts, styles and icons of this version: from the precache, which install filled.
addRoute({ cleanURLs: false });

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === skipWaitingMessage) void self.skipWaiting();
});
