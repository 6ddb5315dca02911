/**
 * Playwright fixtures: each test gets its own backend (port 0, in-memory database, the seed of
 * its choosing) and as many signed-in clients as it asks for.
 *
 *   import { expect, test } from './fixtures';
 *   test.use({ seed: readSeed('my-scenario.json') });        // optional; default federation-basic.json
 *   test('…', async ({ signIn }) => {
 *     const alice = await signIn('alice@northwind.example');  // a Page, signed in, app shown
 *     const bella = await signIn('bella@contoso.example');    // a second client, side by side
 *   });
 *
 * The `browser` project opens the browser build served by the backend; the `electron` project
 * opens the desktop app pointed at the same backend (skipped, with the reason, without Electron).
 */
import { test as base, expect, type BrowserContext, type Disposable, type Page, type WebSocketRoute } from '@playwright/test';
import type { IceSettings } from '../src-backend/ice/iceServers';
import { httpPaths } from '../src-shared/protocol/http';
import type { Ack } from '../src-shared/protocol/ack';
import type { SignedIn } from '../src-shared/protocol/model';
import type { LimitOverrides } from '../src-backend/limits/limits';
import type { MediaServerOption } from '../src-backend/media/mediaServer';
import { strongParameters } from '../src-backend/auth/passwords';
import { startServer, type RunningServer } from '../src-backend/server';
import { testPasswordN } from '../src-backend/testing/testPasswordCost';
import { ClientPool, type PooledClient } from './clientPool';
import { electronAvailability, launchElectronApp } from './electron';
import { recordPeerConnections } from './media/peerStats';
import { readSeed } from './seeds';

export { readSeed, seedFolders } from './seeds';

// The backends started here hash and check passwords at the backend suites' cost
// (src-backend/testing/passwordCost.ts says why): every client signs in, each sign-in was ~70 ms
// of CPU at the product's, and a 44-test slice took 82 s of CPU against 85–93 s. What these tests
// see does not depend on it; processes started by the CLI (the demo's) keep the product's cost.
strongParameters.N = testPasswordN;

export type Platform = 'browser' | 'electron';

interface Fixtures {
  /** The seed this test's backend starts with; federation-basic.json when a test names none. */
  seed: unknown;
  /** Serve the seed as demo data (the sign-in screen lists its people). */
  demo: boolean;
  /** The backend's upload limit (its default, 25 MB, when undefined). */
  maxUploadBytes: number | undefined;
  /** Rate limits other than the backend's defaults (SPEC 8), for tests about them. */
  limits: LimitOverrides | undefined;
  /** STUN/TURN servers the backend hands clients (none by default: host candidates only). */
  ice: Partial<IceSettings> | undefined;
  /** Meetings' media server: `off` (the default) or `start` (Janus, found on this computer; docs/janus.md). */
  mediaServer: MediaServerOption;
  platform: Platform;
  backend: RunningServer;
  /**
   * Opens a new client (its own browser context or Electron app) at the sign-in screen, or, given
   * a session token (browser project), already signed in with it as after a reload.
   */
  openClient: (options?: { sessionToken?: string }) => Promise<Page>;
  /**
   * How `signIn` signs in: `session` (the default) asks the backend for a session by email and
   * password over HTTP, as the sign-in form does, and opens the app already holding it, as a
   * reloaded page does; `form` types into the sign-in form and clicks `Sign in`. The form is
   * tested by e2e/signIn.spec.ts (and the phone project, by tap); elsewhere it is a cost every
   * client paid. The Electron project always uses the form.
   */
  signInBy: 'session' | 'form';
  /** Opens a new client and signs in; resolves once the app shell shows, connected. */
  signIn: (email: string, password?: string) => Promise<Page>;
  /**
   * Takes a client's connection away as a network failure would, and gives it back (browser
   * project; asking for it routes the clients' sockets through Playwright, so only tests that
   * take clients offline pay for it).
   */
  network: NetworkControl;
  /** Whether clients opened from now on have their sockets routed (set by `network`). */
  networkRouting: { enabled: boolean; contexts: Map<BrowserContext, RoutedSockets> };
  /** Skips an Electron project test, with the reason, where Electron cannot run (automatic). */
  electronAvailable: void;
}

/** The fixtures of the whole worker. */
interface WorkerFixtures {
  /** Browser clients kept from one test for the next (e2e/clientPool.ts). */
  clientPool: ClientPool;
  /**
   * The port this worker's backends listen on, one after another: the first test's (any free
   * port), then the same for every test. A kept client (e2e/clientPool.ts) then loads the app
   * from the same origin each time, so Chromium keeps the bundle and its compiled code from the
   * last test instead of fetching and compiling it again: 0.35 against 0.72 s of Chromium's CPU
   * per load (20 loads each way, 2026-12-07). Tests still never share a backend: each closes its
   * own before the next listens.
   */
  backendPort: { port: number };
}

/** What `network` does to one client. */
export interface NetworkControl {
  /** HTTP requests fail, the open socket closes under the app, and it cannot connect again until `online`. */
  offline(client: Page | BrowserContext): Promise<void>;
  /** The network is back: the app's own reconnection gets through (a closed page's context may be given). */
  online(client: Page | BrowserContext): Promise<void>;
}

/** The sockets of one browser context, each joined to the backend through Playwright. */
interface RoutedSockets {
  offline: boolean;
  open: Set<WebSocketRoute>;
}

/**
 * Routes a context's socket.io connections through Playwright, so a test can cut them: Chromium's
 * offline mode (`setOffline`) fails new requests but leaves an open WebSocket alone.
 */
async function routeSockets(context: BrowserContext): Promise<RoutedSockets> {
  const routed: RoutedSockets = { offline: false, open: new Set() };
  await context.routeWebSocket(/\/socket\.io\//, async (socket) => {
    const server = socket.connectToServer();
    // Offline, a connection attempt fails as it would without a network: closed while it opens, the
    // page's WebSocket reports an error, and the app retries later.
    if (routed.offline) return server.close();
    routed.open.add(socket);
    socket.onClose(() => routed.open.delete(socket));
  });
  return routed;
}

/**
 * A session for `email`, asked of the backend as the browser build's sign-in form asks it (same
 * route, same checks and limits); a refusal fails the test with the backend's own words.
 */
export async function sessionToken(backendUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(new URL(httpPaths.signIn, backendUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, client: 'browser' }) });
  const answer = (await response.json()) as Ack<SignedIn>;
  if (!answer.ok) throw new Error(`Sign-in of ${email} was refused: ${answer.error.message}`);
  return answer.data.token;
}

/** Runs in the page before its scripts: the token where browserBridge.ts keeps it, the first time only. */
export function seedSessionToken(token: string): void {
  // e2e is type checked without the DOM's types: the page's sessionStorage, as much as is used here.
  const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } }).sessionStorage;
  if (storage.getItem('meridian.e2e.seeded')) return;
  storage.setItem('meridian.e2e.seeded', '1');
  storage.setItem('meridian.session', token);
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // Read only when a test uses it, so a spec with its own seed never depends on the default.
  seed: [undefined, { option: true }],
  demo: [false, { option: true }],
  maxUploadBytes: [undefined, { option: true }],
  limits: [undefined, { option: true }],
  ice: [undefined, { option: true }],
  mediaServer: ['off', { option: true }],
  platform: ['browser', { option: true }],
  signInBy: ['session', { option: true }],

  backend: async ({ seed, demo, maxUploadBytes, limits, ice, mediaServer, backendPort }, use) => {
    const options = { db: ':memory:', seed: seed ?? readSeed('federation-basic.json'), demo, maxUploadBytes, limits, ice, mediaServer };
    const server = await startServer({ ...options, port: backendPort.port }).catch((error: unknown) => {
      // Taken meanwhile by another process: any free port, kept from now on.
      if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
      return startServer({ ...options, port: 0 });
    });
    backendPort.port = Number(new URL(server.url).port);
    await use(server);
    await server.close();
  },

  // eslint-disable-next-line no-empty-pattern
  backendPort: [async ({}, use) => {
    await use({ port: 0 });
  }, { scope: 'worker' }],

  // Playwright reads a fixture's dependencies from its first parameter's pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  clientPool: [async ({}, use) => {
    const pool = new ClientPool();
    await use(pool);
    // MERIDIAN_E2E_POOL_REPORT=1: each worker says how many clients it made, reused and closed, and why.
    if (process.env.MERIDIAN_E2E_POOL_REPORT) console.log(`[worker] ${pool.summary()}`);
    await pool.close();
  }, { scope: 'worker' }],

  // Where Electron cannot run, its project's tests skip, saying why, before any other fixture
  // (a backend each, for nothing, cost the skipped project 16 s of a run).
  electronAvailable: [async ({ platform }, use, testInfo) => {
    if (platform === 'electron') {
      const availability = electronAvailability();
      testInfo.skip(
        !availability.available,
        `Electron project skipped: ${availability.reason}. The same test runs in the browser project (same file, same title); main, IPC and the app:// protocol are tested under a fake electron module in src-main/*.test.ts; the preload and a real Electron window are not covered`,
      );
    }
    await use();
  }, { auto: true }],

  // eslint-disable-next-line no-empty-pattern
  networkRouting: async ({}, use) => {
    await use({ enabled: false, contexts: new Map() });
  },

  network: async ({ platform, networkRouting }, use) => {
    // In Electron the connection lives in the main process: a test using this skips itself there, saying what covers it.
    networkRouting.enabled = platform === 'browser';
    const routed = (client: Page | BrowserContext) => {
      const context = 'context' in client ? client.context() : client;
      const sockets = networkRouting.contexts.get(context);
      if (!sockets) throw new Error(`network: ${platform === 'browser' ? 'this client was not opened by openClient or signIn' : 'the browser project only'}`);
      return { context, sockets };
    };
    await use({
      async offline(client) {
        const { context, sockets } = routed(client);
        sockets.offline = true;
        await context.setOffline(true);
        // The page's side closes as a dropped network would; the server hears its side close too.
        await Promise.all([...sockets.open].map((socket) => socket.close({ reason: 'network lost' }).catch(() => undefined)));
      },
      async online(client) {
        const { context, sockets } = routed(client);
        sockets.offline = false;
        await context.setOffline(false);
      },
    });
  },

  openClient: async ({ platform, backend, browser, networkRouting, clientPool, viewport, colorScheme, timezoneId, locale, reducedMotion, forcedColors, userAgent, isMobile, hasTouch, deviceScaleFactor, serviceWorkers, permissions, geolocation, offline, javaScriptEnabled, bypassCSP, extraHTTPHeaders, contextOptions, storageState, screen }, use, testInfo) => {
    const closers: Array<() => Promise<void>> = [];
    // The options a new context gets from this test (Playwright applies them to browser.newContext): a kept client must have been made with the same.
    const key = JSON.stringify({ viewport, colorScheme, timezoneId, locale, reducedMotion, forcedColors, userAgent, isMobile, hasTouch, deviceScaleFactor, serviceWorkers, permissions, geolocation, offline, javaScriptEnabled, bypassCSP, extraHTTPHeaders, contextOptions, storageState, screen });
    const pooled: Array<{ client: PooledClient; scripts: Disposable[] }> = [];
    await use(async ({ sessionToken } = {}) => {
      if (platform === 'electron') {
        const { app, page } = await launchElectronApp(backend.url);
        closers.push(() => app.close());
        return page;
      }
      const makeContext = async () => {
        const context = await browser.newContext();
        // Specs about calls read what the page's peer connections carry (e2e/media/peerStats.ts).
        await context.addInitScript(recordPeerConnections);
        return context;
      };
      let page: Page;
      const scripts: Disposable[] = [];
      if (networkRouting.enabled) {
        // A context whose sockets go through Playwright is this test's alone.
        const context = await makeContext();
        closers.push(() => context.close());
        networkRouting.contexts.set(context, await routeSockets(context));
        page = await context.newPage();
        // The page finds the token where the browser build keeps it (sessionStorage, as after a
        // reload). Put there once: a reload after signing out, or another tab, does not get it again.
        if (sessionToken) await page.addInitScript(seedSessionToken, sessionToken);
      } else {
        const client = await clientPool.take(key, async () => {
          const context = await makeContext();
          return { context, page: await context.newPage() };
        });
        pooled.push({ client, scripts });
        page = client.page;
        // The same, taken off again before the page is kept.
        if (sessionToken) scripts.push(await client.addInitScript(seedSessionToken, sessionToken));
      }
      await page.goto(backend.url);
      return page;
    });
    for (const close of closers) await close().catch(() => undefined);
    // Kept for the next test only after a pass: a failed test's contexts close, so Playwright snapshots them for its error context.
    // MERIDIAN_E2E_POOL=0 keeps none: every client a new context, as before the pool (to rule it out when a test misbehaves).
    const keep = testInfo.status === testInfo.expectedStatus && process.env.MERIDIAN_E2E_POOL !== '0';
    for (const { client, scripts } of pooled) await clientPool.give(key, client, keep, scripts);
  },

  signIn: async ({ openClient, platform, signInBy, backend }, use) => {
    await use(async (email, password = 'demo') => {
      if (platform === 'browser' && signInBy === 'session') {
        const page = await openClient({ sessionToken: await sessionToken(backend.url, email, password) });
        await expect(page.getByRole('tab', { name: 'Chat' })).toBeVisible();
        await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
        return page;
      }
      const page = await openClient();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      // A refused sign-in says why in an alert: fail with that, not with a missing tab.
      const chatTab = page.getByRole('tab', { name: 'Chat' });
      const refusal = page.getByRole('alert');
      await expect(chatTab.or(refusal).first()).toBeVisible();
      if (!(await chatTab.isVisible())) throw new Error(`Sign-in of ${email} was refused: ${await refusal.first().innerText()}`);
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      return page;
    });
  },
});

export { expect };
