/** What the page and the service worker say to each other, and what the service worker never answers from its cache. */

export const serviceWorkerMessages = {
  /** The page asks a waiting new version to take over (the person chose `Reload`). */
  skipWaiting: 'meridian:skip-waiting',
} as const;

/** The app shell in the precache: what opening the app offline shows. */
export const shellPath = 'index.html';

/** Paths of the backend itself: never answered by the shell, never cached. */
export const uncachedPaths: RegExp[] = [/^\/api\//, /^\/socket\.io\//, /^\/health$/];
