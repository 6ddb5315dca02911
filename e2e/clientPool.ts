/**
 * Browser clients kept for the next test of the same worker (issue 21: the suite's time is
 * mostly Chromium's). A new context and page cost about 1.1 s of Chromium's CPU before the app
 * loads — a renderer process and the browser side of a new profile — against about 0.15 s for
 * an open page sent to the next test's backend (measured: 6 clients, 11.9 s of Chromium's CPU
 * in new contexts against 5.0 s in one page navigated six times, app loaded in both).
 *
 * What a test sees is what a fresh context gives it:
 * - A worker's backends listen on one port, one after another (e2e/fixtures.ts `backendPort`
 *   says why), so a kept client meets the same origin again. The page is cleared of its
 *   localStorage, sessionStorage and cookies before it is kept; the app keeps nothing else in the
 *   browser (no IndexedDB; the service worker is blocked but in specs that make their own). What
 *   the HTTP cache carries over is the build itself (the same bundle, emoji and icons from every
 *   backend): the backend marks every answer about people or sessions `no-store`. Permissions
 *   granted by a test mark the client (below).
 * - The previous document is gone (the page went to about:blank), so is every script state.
 * - A client is kept only when its test passed and used nothing that outlives a document: a
 *   test that adds init scripts, routes, permissions, another page, a CDP session, a viewport
 *   or offline mode marks it, as does a listener left on page or context, and it is closed as before. So is one whose page or
 *   context the test closed. A failed test's contexts are closed too, so Playwright keeps their
 *   ARIA snapshot for the error context, as without the pool.
 * - Kept clients are keyed by the context options they were made with (viewport, colour
 *   scheme, time zone, device…), so a test that asks for other options gets a new one.
 */
import type { BrowserContext, Disposable, Page } from '@playwright/test';

/** One kept client: its context, its one page, and whether a test changed what outlives a document. */
export interface PooledClient {
  context: BrowserContext;
  page: Page;
  /** Set by the guarded methods below; a marked client is closed instead of kept. */
  marked: string | undefined;
  /** The page's own addInitScript, for the fixture's session token (not a mark). */
  addInitScript: Page['addInitScript'];
  /** The listeners page and context had when made (Playwright's own): any other left by a test marks it. */
  listeners: Map<object, Map<string | symbol, unknown[]>>;
}

/** What listens to an emitter now, by event. */
function listenersOf(emitter: Emitter): Map<string | symbol, unknown[]> {
  return new Map(emitter.eventNames().map((event) => [event, [...emitter.listeners(event)]]));
}

/** The part of Playwright's event emitters read here. */
interface Emitter {
  eventNames(): Array<string | symbol>;
  listeners(event: string | symbol): unknown[];
}

/** The first listener on page or context that was not there when the client was made. */
function newListener(client: PooledClient): string | undefined {
  for (const [emitter, before] of client.listeners) {
    for (const event of (emitter as Emitter).eventNames()) {
      const known = before.get(event) ?? [];
      if ((emitter as Emitter).listeners(event).some((listener) => !known.includes(listener))) return `a listener for ${String(event)}`;
    }
  }
  return undefined;
}

/** Methods whose effect outlives the document: a call marks the client. */
const pageMethods = ['addInitScript', 'route', 'routeFromHAR', 'routeWebSocket', 'exposeFunction', 'exposeBinding', 'setExtraHTTPHeaders', 'emulateMedia', 'setViewportSize', 'addLocatorHandler'] as const;
const contextMethods = ['addInitScript', 'route', 'routeFromHAR', 'routeWebSocket', 'exposeFunction', 'exposeBinding', 'setExtraHTTPHeaders', 'grantPermissions', 'setGeolocation', 'setOffline', 'setHTTPCredentials', 'newPage', 'newCDPSession', 'addCookies', 'setStorageState'] as const;
const clockMethods = ['install', 'fastForward', 'pauseAt', 'resume', 'runFor', 'setFixedTime', 'setSystemTime'] as const;

/** Replaces `names` on `target` with versions that mark `client` first, then do what they did. */
function guard(target: object, names: readonly string[], client: PooledClient, owner: string): void {
  const methods = target as Record<string, unknown>;
  for (const name of names) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    methods[name] = function (this: unknown, ...args: unknown[]) {
      client.marked ??= `${owner}.${name}`;
      return (original as (...args: unknown[]) => unknown).apply(target, args);
    };
  }
}

export class ClientPool {
  private readonly idle = new Map<string, PooledClient[]>();
  /** Kept and reused, for the summary a worker can print. */
  readonly counts = { made: 0, reused: 0, closed: 0 };
  /** Why clients were closed rather than kept, and how often. */
  readonly reasons = new Map<string, number>();

  /**
   * A client for context options `key`: a kept one, or one `make` opens (its page made, its
   * context's init scripts added), guarded either way.
   */
  async take(key: string, make: () => Promise<{ context: BrowserContext; page: Page }>): Promise<PooledClient> {
    const kept = this.idle.get(key)?.pop();
    if (kept) {
      this.counts.reused++;
      kept.marked = undefined;
      return kept;
    }
    const { context, page } = await make();
    this.counts.made++;
    const client: PooledClient = { context, page, marked: undefined, addInitScript: page.addInitScript.bind(page), listeners: new Map() };
    client.listeners.set(page, listenersOf(page as unknown as Emitter));
    client.listeners.set(context, listenersOf(context as unknown as Emitter));
    guard(page, pageMethods, client, 'page');
    guard(context, contextMethods, client, 'context');
    guard(page.clock, clockMethods, client, 'page.clock');
    guard(context.clock, clockMethods, client, 'context.clock');
    return client;
  }

  /**
   * After the test: kept for the next one when `reusable` and nothing marked it, the page
   * cleared and sent to about:blank; else closed. `scripts` are this test's own init scripts.
   */
  async give(key: string, client: PooledClient, reusable: boolean, scripts: Disposable[]): Promise<void> {
    client.marked ??= newListener(client);
    const keep = reusable && !client.marked && !client.page.isClosed() && client.context.pages().length === 1;
    if (keep) {
      try {
        for (const script of scripts) await script.dispose();
        await client.page.evaluate(() => {
          const scope = globalThis as unknown as { localStorage?: { clear(): void }; sessionStorage?: { clear(): void } };
          scope.localStorage?.clear();
          scope.sessionStorage?.clear();
        });
        await client.context.clearCookies();
        await client.page.goto('about:blank', { timeout: 5_000 });
        await client.page.mouse.move(0, 0);
        const list = this.idle.get(key) ?? [];
        list.push(client);
        this.idle.set(key, list);
        return;
      } catch {
        // Could not be cleared (the page hung, say): closed below, as without the pool.
      }
    }
    this.counts.closed++;
    const reason = !reusable ? 'the test failed, or the pool is off' : (client.marked ?? (client.page.isClosed() ? 'page closed' : 'other pages, or clearing failed'));
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    await client.context.close().catch(() => undefined);
  }

  /** One line: made, reused, closed and why. */
  summary(): string {
    return `clients made ${this.counts.made}, reused ${this.counts.reused}, closed ${this.counts.closed}${this.reasons.size ? ` (${[...this.reasons].map(([reason, count]) => `${reason}: ${count}`).join(', ')})` : ''}`;
  }

  /** At the worker's end. */
  async close(): Promise<void> {
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(all.map((client) => client.context.close().catch(() => undefined)));
  }
}
