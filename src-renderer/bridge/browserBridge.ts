/** The browser build's bridge: the renderer API served in the page by the shared session code. */
import { createMeridianApi, type ApiTransport, type InvokeArgument, type InvokeChannel, type InvokeResult } from '../../src-shared/protocol/api';
import { SessionClient } from '../../src-shared/session/sessionClient';
import { SessionHost } from '../../src-shared/session/sessionHost';
import type { MeridianApi } from '../../src-shared/protocol/api';

/** Where the page keeps its session token: a reload goes on with the session, a closed tab forgets it. */
const tokenKey = 'meridian.session';

export function createBrowserApi(serverUrl: string): MeridianApi {
  // A browser page's session also ends after 12 hours unused (SPEC 8).
  const session = new SessionClient({ serverUrl, client: 'browser' });
  const host = new SessionHost(session, {
    openExternal: (url) => {
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    // A same-origin link with `download`: the browser saves it (Content-Disposition names it).
    download: (url) => {
      const link = document.createElement('a');
      link.href = url;
      link.download = '';
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    },
    // Unsent messages outlive a reload in this browser's storage, per person.
    outboxStorage: {
      load: (userId) => JSON.parse(localStorage.getItem(`meridian.outbox.${userId}`) ?? '[]') as unknown,
      save: (userId, entries) => {
        if (entries.length === 0) localStorage.removeItem(`meridian.outbox.${userId}`);
        else localStorage.setItem(`meridian.outbox.${userId}`, JSON.stringify(entries));
      },
    },
    // sessionStorage, not localStorage: it survives a reload but not the tab, so a token lies
    // around as briefly as a reload allows. Script in the page could read either; the page's CSP
    // (script-src 'self', no inline script) and React's escaping are what keep foreign script out.
    tokenStorage: {
      load: () => sessionStorage.getItem(tokenKey),
      save: (token) => {
        if (token) sessionStorage.setItem(tokenKey, token);
        else sessionStorage.removeItem(tokenKey);
      },
    },
    setBadgeCount: (count) => {
      document.title = count > 0 ? `(${count}) Meridian` : 'Meridian';
      void (navigator as Navigator & { setAppBadge?: (count: number) => Promise<void> }).setAppBadge?.(count).catch(() => undefined);
    },
  });
  const transport: ApiTransport = {
    invoke: <C extends InvokeChannel>(channel: C, argument: InvokeArgument<C>) =>
      host.dispatch(channel, argument) as Promise<InvokeResult<C>>,
    subscribe: (channel, listener) => host.subscribe(channel, listener),
  };
  return createMeridianApi(transport);
}
