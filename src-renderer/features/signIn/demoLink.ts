/**
 * One-click demo links (`npm run demo` prints them): `http://HOST:PORT/?demo=EMAIL` signs that
 * person in. Safe by construction: the link carries only an email, never a server, so it signs in
 * against the backend that served the page (the browser build talks only to its own origin; the
 * desktop app's window URL is set by its main process alone), and the backend signs in only the
 * listed people of demo data (`POST /api/demo-session`). The sign-in screen acts on it once.
 */

const parameter = 'demo';

/** The email a demo link names, if the page was opened with one. */
export function demoLinkEmail(search: string = window.location.search): string | null {
  const email = new URLSearchParams(search).get(parameter)?.trim();
  return email && email.length <= 320 && email.includes('@') ? email : null;
}

/** Forgets the link (the address bar loses it), so signing out does not sign the person in again. */
export function forgetDemoLink(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(parameter)) return;
  url.searchParams.delete(parameter);
  window.history.replaceState(window.history.state, '', url);
}
