/**
 * The browser build as an installable app (SPEC 11), without installing anything: the web app
 * manifest and its icons, the theme colours, the service worker (registered, its scope, what it
 * caches), the shell opening with the network cut, and a new version offered, then taken on request.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer } from '../../src-backend/server';
import { readSeed } from '../fixtures';
import { expect, openConversation, test } from './phone';

test.use({ serviceWorkers: 'allow' });

/** Width and height from a PNG's header, or null when it is not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface ServiceWorkerState {
  scope: string;
  script: string | null;
  controlled: boolean;
  waiting: boolean;
}

/** The page's service worker once it is active (its shell precached). */
function serviceWorker(page: Page): Promise<ServiceWorkerState> {
  return page.evaluate(async () => {
    const { navigator } = globalThis as unknown as {
      navigator: { serviceWorker: { ready: Promise<{ scope: string; active: { scriptURL: string } | null; waiting: unknown }>; controller: unknown } };
    };
    const registration = await navigator.serviceWorker.ready;
    return { scope: registration.scope, script: registration.active?.scriptURL ?? null, controlled: navigator.serviceWorker.controller !== null, waiting: registration.waiting !== null };
  });
}

/** Every address in the page's Cache Storage. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { caches } = globalThis as unknown as { caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<Array<{ url: string }>> }> } };
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls;
  });
}

test('the manifest names the app, opens it standalone, and carries its own artwork as icons; the status bar follows the theme', async ({ openClient }) => {
  const page = await openClient();
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const response = await page.request.get(new URL(href!, page.url()).href);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as { name: string; short_name: string; display: string; start_url: string; scope: string; theme_color: string; background_color: string; icons: Array<{ src: string; sizes: string; type: string; purpose: string }> };
  expect(manifest).toMatchObject({ name: 'Meridian', short_name: 'Meridian', display: 'standalone', start_url: './', scope: './' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);

  const artwork = path.resolve(__dirname, '../../resources/artwork');
  const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
  expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of manifest.icons) {
    const file = await page.request.get(new URL(icon.src, response.url()).href);
    expect(file.ok(), icon.src).toBe(true);
    expect(file.headers()['content-type'], icon.src).toContain(icon.type);
    const bytes = await file.body();
    // The app's own artwork, as the repository holds it.
    expect(bytes.equals(readFileSync(path.join(artwork, path.basename(icon.src)))), icon.src).toBe(true);
    if (icon.type === 'image/png') {
      const [width, height] = icon.sizes.split('x').map(Number);
      expect(pngSize(bytes), icon.src).toEqual({ width, height });
    }
  }
  const touchIcon = await page.request.get(new URL((await page.locator('link[rel="apple-touch-icon"]').getAttribute('href'))!, page.url()).href);
  expect(pngSize(await touchIcon.body())).toEqual({ width: 180, height: 180 });

  // A colour for each theme; the Theme menu's choice wins over the system's.
  const themeColours = () => page.locator('meta[name="theme-color"]').evaluateAll((metas) => metas.map((meta) => `${meta.getAttribute('media')} ${meta.getAttribute('content')}`));
  const [light, dark] = await themeColours();
  expect(light).toMatch(/prefers-color-scheme: light\) #/);
  expect(dark).toMatch(/prefers-color-scheme: dark\) #/);
  expect(light!.split(' ').at(-1)).not.toBe(dark!.split(' ').at(-1));
  expect(manifest.theme_color).toBe(light!.split(' ').at(-1));
  await page.getByRole('button', { name: 'Theme' }).tap();
  await page.getByRole('menuitemradio', { name: 'Dark' }).tap();
  expect((await themeColours()).map((meta) => meta.split(' ').at(-1))).toEqual([dark!.split(' ').at(-1), dark!.split(' ').at(-1)]);
});

test('the service worker: registered for the whole app, it caches the shell and nothing of anyone’s; offline the shell opens and says Offline', async ({ signIn, backend }) => {
  const alice = await signIn('alice@northwind.example');
  const backendCalls: string[] = [];
  alice.on('response', (response) => {
    if (response.url().includes('/api/') && response.fromServiceWorker()) backendCalls.push(response.url());
  });
  const worker = await serviceWorker(alice);
  expect(worker.scope).toBe(`${backend.url}/`);
  expect(worker.script).toBe(`${backend.url}/sw.js`);

  // Using the app (a conversation, a file's address, a search) puts nothing more in the cache.
  await openConversation(alice, 'deal-room');
  await alice.getByRole('button', { name: 'Back to conversations' }).tap();
  const cached = await cachedUrls(alice);
  expect(cached.length).toBeGreaterThan(3);
  for (const url of cached) expect(new URL(url).pathname, url).toMatch(/^\/(index\.html|manifest\.webmanifest|assets\/[\w.-]+\.(js|css)|icons\/[\w.-]+\.(png|svg))$/);

  // The network cut: the app opens from the service worker and says so.
  await alice.context().setOffline(true);
  const offline = await alice.reload();
  expect(offline?.fromServiceWorker()).toBe(true);
  await expect(alice.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  await expect(alice.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  // Back online: the session this tab kept goes on, with no sign-in.
  await alice.context().setOffline(false);
  await expect(alice.getByRole('tab', { name: 'Chat' })).toBeVisible();
  await expect(alice.getByRole('status').filter({ hasText: 'Connected' })).toBeAttached();
  expect(backendCalls).toEqual([]);
});

test('a new version says Update available, and reloads onto it when asked', async ({ browser }) => {
  // A backend serving its own copy of the build, so that the test can deploy the next version into it.
  const webRoot = mkdtempSync(path.join(tmpdir(), 'meridian-web-'));
  cpSync(path.resolve(__dirname, '../../out/renderer'), webRoot, { recursive: true, filter: (source) => !source.includes(`${path.sep}emoji`) });
  const server = await startServer({ db: ':memory:', seed: readSeed('federation-basic.json'), port: 0, webRoot });
  const context = await browser.newContext();
  try {
    await updateOffered(await context.newPage(), server.url, webRoot);
  } finally {
    await context.close();
    await server.close();
    rmSync(webRoot, { recursive: true, force: true });
  }
});

async function updateOffered(page: Page, url: string, webRoot: string): Promise<void> {
  await page.goto(url);
  const first = await serviceWorker(page);
  await page.reload();
  expect((await serviceWorker(page)).controlled).toBe(true);
  expect(first.waiting).toBe(false);
  await expect(page.getByRole('status').filter({ hasText: 'Update available' })).toBeHidden();

  // The next deployment: the same service worker, a few bytes on. The page asks (as it does hourly and on every visit).
  appendFileSync(path.join(webRoot, 'sw.js'), '\n// the next version\n');
  await page.evaluate(async () => {
    const { navigator } = globalThis as unknown as { navigator: { serviceWorker: { getRegistration(): Promise<{ update(): Promise<void> } | undefined> } } };
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  const offer = page.getByRole('status').filter({ hasText: 'Update available' });
  await expect(offer).toBeVisible();
  expect((await serviceWorker(page)).waiting).toBe(true);

  await Promise.all([page.waitForEvent('load'), offer.getByRole('button', { name: 'Reload' }).tap()]);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(offer).toBeHidden();
  const after = await serviceWorker(page);
  expect(after.waiting).toBe(false);
  expect(after.controlled).toBe(true);
}
