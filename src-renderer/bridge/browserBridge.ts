/** The browser build's bridge: the renderer API served in the page by the shared session code. */
import { createMeridianApi, type ApiTransport, type InvokeArgument, type InvokeChannel, type InvokeResult } from '../../src-shared/protocol/api';
import { SessionClient } from '../../src-shared/session/sessionClient';
import { SessionHost } from '../../src-shared/session/sessionHost';
import type { MeridianApi } from '../../src-shared/protocol/api';

/** Where the page keeps its session token: a reload goes on with the session, a closed tab forgets it. */
const tokenKey = 'meridian.session';
/** How long a new tab waits for another tab of the person's to hand over its session. */
const handoverWaitMs = 400;

/**
 * A second tab goes on with the session of the tabs already open (SPEC 9), as Slack and Teams
 * in a browser do: it asks them over a BroadcastChannel (same origin only), and the first that
 * holds a session answers with its token. The token still lives only in tabs' sessionStorage,
 * never at rest: with every tab closed, the next one signs in.
 */
function sessionHandover(): { ask(): Promise<string | null> } {
  if (typeof BroadcastChannel === 'undefined') return { ask: async () => null };
  const channel = new BroadcastChannel('meridian.session');
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const token = sessionStorage.getItem(tokenKey);
    if (token && typeof event.data === 'object' && event.data !== null && (event.data as { type?: unknown }).type === 'ask') channel.postMessage({ type: 'token', token });
  });
  return {
    ask: () =>
      new Promise((resolve) => {
        const answered = (event: MessageEvent<unknown>) => {
          const data = event.data as { type?: unknown; token?: unknown } | null;
          if (data?.type !== 'token' || typeof data.token !== 'string' || data.token.length > 200) return;
          finish(data.token);
        };
        const finish = (token: string | null) => {
          clearTimeout(timer);
          channel.removeEventListener('message', answered);
          resolve(token);
        };
        const timer = setTimeout(() => finish(null), handoverWaitMs);
        channel.addEventListener('message', answered);
        channel.postMessage({ type: 'ask' });
      }),
  };
}

export function createBrowserApi(serverUrl: string): MeridianApi {
  // A browser page's session also ends after 12 hours unused (SPEC 8).
  const session = new SessionClient({ serverUrl, client: 'browser' });
  const handover = sessionHandover();
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
      load: () => sessionStorage.getItem(tokenKey) ?? handover.ask(),
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
