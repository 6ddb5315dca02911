/** What the service worker never answers from its cache, and what it keeps for opening offline. */

/** The app shell in the precache: what opening the app offline shows. */
export const shellPath = 'index.html';

/** Paths of the backend itself (its API, files, socket, health): never answered by the shell, never cached. */
export const uncachedPaths: RegExp[] = [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/, /^\/health$/];

/** What a page sends a waiting new version to make it take over (workbox-window's `messageSkipWaiting`). */
export const skipWaitingMessage = 'SKIP_WAITING';
