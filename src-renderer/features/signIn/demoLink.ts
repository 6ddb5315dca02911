/**
 * One-click demo links (`npm run demo` prints them): `http://HOST:PORT/?demo=EMAIL` signs that
 * person in; `&chat=USER_ID` then opens their chat with that person (the demo's right window
 * shows the chat the left one writes into). Safe by construction: the link carries only an email, never a server, so it signs in
 * against the backend that served the page (the browser build talks only to its own origin; the
 * desktop app's window URL is set by its main process alone), and the backend signs in only the
 * listed people of demo data (`POST /api/demo-session`). The sign-in screen acts on it once.
 */

const parameter = 'demo';
const chatParameter = 'chat';

/** The email a demo link names, if the page was opened with one. */
export function demoLinkEmail(search: string = window.location.search): string | null {
  const email = new URLSearchParams(search).get(parameter)?.trim();
  return email && email.length <= 320 && email.includes('@') ? email : null;
}

/** The person whose chat a demo link opens once signed in, if it names one (a user id; `chat:open` still asks whether they are seen). */
export function demoLinkChat(search: string = window.location.search): string | null {
  const userId = new URLSearchParams(search).get(chatParameter)?.trim();
  return userId && /^[\w.-]{1,200}$/.test(userId) ? userId : null;
}

/** Forgets the link (the address bar loses it), so signing out does not sign the person in again. */
export function forgetDemoLink(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(parameter) && !url.searchParams.has(chatParameter)) return;
  url.searchParams.delete(parameter);
  url.searchParams.delete(chatParameter);
  window.history.replaceState(window.history.state, '', url);
}
