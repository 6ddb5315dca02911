/**
 * The main process as a whole, under the fake Electron: the single-instance lock, the window it
 * opens, the bundled backend's life, and the remembered session against a real backend.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { app } from 'electron';
import { basicSeed, startTestServer, waitFor, type TestServer } from '../src-backend/testing/testServer';
import { fake, FakeBrowserWindow, invoke, resetFakeElectron } from './testing/fakeElectron';
import { runMainProcess, type MainProcess } from './mainProcess';
import { rememberedSessionFile, saveRememberedSession } from './rememberedSession';

const becomeReady = () => (app as unknown as { becomeReady(): void }).becomeReady();

/** A renderer call, as the app's own page makes it. */
function call(main: MainProcess, channel: string, argument?: unknown): Promise<unknown> {
  const window = main.window() as unknown as FakeBrowserWindow;
  return invoke(channel, window.webContents, window.webContents.mainFrame, argument);
}

/** Leaves the app as quitting does: the session is not signed out, its socket just goes away. */
function quit(main: MainProcess): void {
  (main.host()?.session as unknown as { socket: { disconnect(): void } | null }).socket?.disconnect();
  app.quit();
}

describe('one instance, one window', () => {
  beforeEach(() => {
    resetFakeElectron();
    fake.userData = mkdtempSync(path.join(os.tmpdir(), 'meridian-main-'));
  });
  afterEach(() => rmSync(fake.userData, { recursive: true, force: true }));

  it('quits at once when another instance holds the lock, opening nothing', async () => {
    fake.singleInstanceLock = false;
    const main = runMainProcess(['electron', '.', '--server', 'http://127.0.0.1:9'], {});
    becomeReady();
    await main.started;
    expect(fake.quitCalls).toBe(1);
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('opens one sandboxed window on app://, and a second launch brings it forward', async () => {
    const main = runMainProcess(['electron', '.', '--server', 'http://127.0.0.1:9'], {});
    expect(fake.privilegedSchemes.map(({ scheme }) => scheme)).toEqual(['app']); // before ready
    becomeReady();
    await main.started;
    const window = main.window() as unknown as FakeBrowserWindow;
    expect(FakeBrowserWindow.getAllWindows()).toEqual([window]);
    expect(window.loadedUrl).toBe('app://meridian/index.html');
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(fake.protocolHandlers.has('app')).toBe(true);
    window.minimized = true;
    app.emit('second-instance', {}, ['electron', '.'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('opens a demo window on its half of the screen, at the one-click link of its person (npm run demo)', async () => {
    const main = runMainProcess(['electron', '.', '--server', 'http://127.0.0.1:9', '--demo-sign-in=bella@contoso.example', '--demo-window=right'], {});
    becomeReady();
    await main.started;
    const window = main.window() as unknown as FakeBrowserWindow;
    expect(window.loadedUrl).toBe('app://meridian/index.html?demo=bella%40contoso.example');
    expect(window.options).toMatchObject({ x: 960, y: 25, width: 960, height: 1055 });
  });

  it('refuses to start with a plain-http remote server, saying why', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    runMainProcess(['electron', '.', '--server', 'http://chat.example.com'], {});
    expect(fake.exitCodes).toEqual([1]);
    expect(logged.mock.calls[0]![0]).toMatch(/Meridian cannot start: --server must use https:\/\//);
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
    logged.mockRestore();
  });

  it('starts the bundled backend when no server is named, with the packaged database driver, and stops it on quit', async () => {
    fake.isPackaged = true;
    // A package ships better-sqlite3 for Electron beside its asar (electron-builder.config.cjs).
    const resources = process as { resourcesPath?: string };
    resources.resourcesPath = fake.userData;
    writeFileSync(path.join(fake.userData, 'better_sqlite3.node'), 'a stand-in');
    const main = runMainProcess(['electron', '.'], {});
    becomeReady();
    await vi.waitFor(() => expect(fake.forked).toHaveLength(1));
    const backend = fake.forked[0]!;
    expect(backend.options.env?.MERIDIAN_SQLITE_BINDING).toBe(path.join(fake.userData, 'better_sqlite3.node'));
    delete resources.resourcesPath;
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    backend.print('Listening on http://127.0.0.1:43117');
    await main.started;
    expect(main.server()?.url).toBe('http://127.0.0.1:43117');
    app.quit();
    expect(backend.killed).toBe(true);
    vi.restoreAllMocks();
  });

  it('shows the unread count on the app icon and in the title', async () => {
    const main = runMainProcess(['electron', '.', '--server', 'http://127.0.0.1:9'], {});
    becomeReady();
    await main.started;
    expect(await call(main, 'app:setBadgeCount', 3)).toEqual({ ok: true, data: null });
    if (process.platform === 'linux') expect(fake.badgeCounts).toEqual([3]);
    expect((main.window() as unknown as FakeBrowserWindow).getTitle()).toBe('(3) Meridian');
  });

  it('shows a native notification whose click brings the window back and opens the conversation', async () => {
    const main = runMainProcess(['electron', '.', '--server', 'http://127.0.0.1:9'], {});
    becomeReady();
    await main.started;
    const window = main.window() as unknown as FakeBrowserWindow;
    window.minimized = true;
    expect(await call(main, 'app:notify', { title: 'Alice Nguyen', body: 'Are you free at 3?', tag: 'n7' })).toBe(true);
    expect(fake.notifications.map(({ options }) => options)).toEqual([{ title: 'Alice Nguyen', body: 'Are you free at 3?', silent: false }]);
    fake.notifications[0]!.click();
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    // The renderer opens the conversation the tag stands for (e2e/notifications.spec.ts checks that part in the browser build).
    expect(window.webContents.sent).toContainEqual({ channel: 'app:notificationClicked', payload: 'n7' });
  });
});

describe('the remembered session', () => {
  let server: TestServer;
  let userData: string;
  let main: MainProcess | null = null;

  beforeAll(async () => {
    server = await startTestServer(basicSeed());
  });
  afterAll(() => server.close());
  beforeEach(() => {
    userData = mkdtempSync(path.join(os.tmpdir(), 'meridian-session-'));
  });
  afterEach(() => {
    if (main) quit(main);
    main = null;
    rmSync(userData, { recursive: true, force: true });
  });

  /** One launch of the app on the same user data folder, as a person starting it again would. */
  async function launch(setUp: () => void = () => undefined): Promise<MainProcess> {
    if (main) quit(main);
    resetFakeElectron();
    fake.userData = userData;
    setUp();
    main = runMainProcess(['electron', '.', '--server', server.url], {});
    becomeReady();
    await main.started;
    return main;
  }
  const connectionOf = (running: MainProcess) => running.host()!.session.connectionState;

  it('keeps the person signed in across a restart, encrypted, and forgets them at sign-out', async () => {
    const first = await launch();
    expect(await call(first, 'session:current')).toBeNull();
    const signedIn = (await call(first, 'session:signIn', { email: 'alice@northwind.example', password: 'demo' })) as { ok: true; data: { token: string } };
    expect(signedIn.ok).toBe(true);
    await waitFor(() => connectionOf(first) === 'connected', 'the first run to connect');
    const kept = readFileSync(rememberedSessionFile());
    expect(kept.includes(Buffer.from(signedIn.data.token))).toBe(false);
    expect(kept.includes(Buffer.from('alice@northwind.example'))).toBe(false);

    const second = await launch();
    expect(await call(second, 'session:current')).toMatchObject({ id: 'nw-alice', displayName: 'Alice Nguyen' });
    await waitFor(() => connectionOf(second) === 'connected', 'the restarted app to reconnect with the kept session');
    expect(await call(second, 'directory:search', { query: 'bel' })).toMatchObject({ ok: true, data: { people: [expect.objectContaining({ displayName: 'Bella Martins' })] } });

    expect(await call(second, 'session:signOut')).toEqual({ ok: true, data: null });
    expect(existsSync(rememberedSessionFile())).toBe(false);
    const third = await launch();
    expect(await call(third, 'session:current')).toBeNull();
    expect(connectionOf(third)).toBe('signed-out');
  });

  it('forgets a kept session the server no longer accepts', async () => {
    await launch();
    saveRememberedSession(server.url, { token: 'revoked-or-expired', user: { id: 'nw-alice', displayName: 'Alice Nguyen' } as never });
    const next = await launch();
    await waitFor(() => connectionOf(next) === 'signed-out', 'the refused session to end');
    expect(existsSync(rememberedSessionFile())).toBe(false);
  });

  it('does not use a session kept for another server', async () => {
    await launch();
    saveRememberedSession('https://other.example.com', { token: 'for-another-server', user: { id: 'nw-alice', displayName: 'Alice Nguyen' } as never });
    const next = await launch();
    expect(await call(next, 'session:current')).toBeNull();
    expect(connectionOf(next)).toBe('signed-out');
  });

  it('stores nothing, and says so, where safeStorage cannot encrypt', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const setUp of [() => void (fake.encryptionAvailable = false), () => void (fake.storageBackend = 'basic_text')]) {
      const running = await launch(setUp);
      expect(await call(running, 'session:signIn', { email: 'alice@northwind.example', password: 'demo' })).toMatchObject({ ok: true });
      expect(existsSync(rememberedSessionFile())).toBe(false);
      await call(running, 'session:signOut');
    }
    if (process.platform === 'linux') expect(warned).toHaveBeenCalledTimes(2);
    expect(warned.mock.calls[0]![0]).toMatch(/the session is not remembered, because this computer offers no keychain/);
    const next = await launch();
    expect(await call(next, 'session:current')).toBeNull();
    warned.mockRestore();
  });
});
