/**
 * Electron main process: one window and one session. The session (sign-in, the socket,
 * reconnection, the remembered token) lives here and reaches the renderer only through the
 * typed IPC of ./ipc.ts; the renderer itself is served over app:// (./appProtocol.ts).
 *
 *   electron . [--server https://HOST[:PORT]]     (or MERIDIAN_SERVER; else the bundled backend)
 *              [--demo-sign-in=EMAIL --demo-window=left|right]   (npm run demo, see ./demoLaunch.ts)
 */
import { app, BrowserWindow, dialog, powerMonitor, screen } from 'electron';
import type { PushChannel, PushChannels } from '../src-shared/protocol/api';
import { rendererContentSecurityPolicy, serverConnectSources } from '../src-shared/protocol/contentSecurityPolicy';
import { SessionClient } from '../src-shared/session/sessionClient';
import { SessionHost } from '../src-shared/session/sessionHost';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { serverFromArguments, startBundledBackend, StartupError, type ServerConnection } from './backend';
import { demoLaunchFromArguments, demoWindowBounds, withDemoSignIn } from './demoLaunch';
import { createDownloader } from './downloads';
import { registerIpcHandlers } from './ipc';
import { showNotification, showUnreadCount } from './nativeIntegration';
import { fileOutboxStorage } from './outboxStorage';
import { MediaActivity, ScreenPicker } from './mediaPermissions';
import { loadRememberedSession, rememberSessions } from './rememberedSession';
import { preloadPath, rendererRoot, rendererUrl } from './rendererLocation';
import { applyAppSecurity, applySessionSecurity, openExternally } from './security';

/** What a running main process holds; tests read it. */
export interface MainProcess {
  /** Settles once the window is open (or the start failed, or another instance had the lock). */
  started: Promise<void>;
  window(): BrowserWindow | null;
  host(): SessionHost | null;
  server(): ServerConnection | null;
}

/** Starts the app: the single-instance lock, security, the server, the session and the window. */
export function runMainProcess(argv: readonly string[] = process.argv, environment: NodeJS.ProcessEnv = process.env): MainProcess {
  let mainWindow: BrowserWindow | null = null;
  let server: ServerConnection | null = null;
  let host: SessionHost | null = null;
  const handles: MainProcess = { started: Promise.resolve(), window: () => mainWindow, host: () => host, server: () => server };

  const failToStart = (error: unknown): void => {
    const message = error instanceof StartupError ? error.message : `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    console.error(`Meridian cannot start: ${message}`);
    // A packaged app has no terminal to read; a developer's run should exit, not wait on a dialog.
    if (app.isPackaged) dialog.showErrorBox('Meridian cannot start', message);
    server?.stop();
    app.exit(1);
  };

  const demo = demoLaunchFromArguments(argv);
  const createWindow = (): BrowserWindow => {
    const window = new BrowserWindow({
      width: 1200,
      height: 800,
      ...(demo ? demoWindowBounds(demo, screen.getPrimaryDisplay().workArea) : {}),
      minWidth: 720,
      minHeight: 480,
      title: 'Meridian',
      show: false,
      webPreferences: {
        preload: preloadPath(), // eng-disable PRELOAD_JS_CHECK: reviewed; it exposes only createMeridianApi's methods
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        // A middle click would otherwise open a link in a new window.
        disableBlinkFeatures: 'Auxclick',
      },
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    void window.loadURL(demo ? withDemoSignIn(rendererUrl(), demo) : rendererUrl());
    return window;
  };

  const push = <P extends PushChannel>(channel: P, payload: PushChannels[P]): void => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
  };

  const start = async (serverUrl: string | null): Promise<void> => {
    server = serverUrl
      ? { url: serverUrl, stop: () => undefined }
      : await startBundledBackend({
          onGiveUp: (error) => {
            console.error(`Meridian: ${error.message}`);
            dialog.showErrorBox('Meridian stopped working', `${error.message} Unsent messages are kept; start Meridian again.`);
            app.exit(1);
          },
        });
    const contentSecurityPolicy = rendererContentSecurityPolicy(serverConnectSources(server.url));
    // Microphone, camera and screen only while a call or meeting is under way here, as the session's own events say.
    const mediaActivity = new MediaActivity();
    const screenPicker = new ScreenPicker(() => mainWindow);
    applySessionSecurity(contentSecurityPolicy, { activity: mediaActivity, picker: screenPicker });
    serveRenderer(rendererRoot(), contentSecurityPolicy);
    const session = new SessionClient({ serverUrl: server.url });
    host = new SessionHost(session, {
      openExternal: openExternally,
      download: createDownloader(server.url, () => mainWindow),
      outboxStorage: fileOutboxStorage,
      notify: (content, onClick) => showNotification(content, () => mainWindow ?? (mainWindow = createWindow()), onClick),
      // Idle means no input anywhere on the computer, not only in this window.
      systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
      setBadgeCount: (count) => showUnreadCount(count, mainWindow),
      screenChosen: (requestId, sourceId) => screenPicker.chosen(requestId, sourceId),
    });
    // Before the renderer hears of a call or meeting, main knows it may use media.
    host.subscribe('session:event', (event) => mediaActivity.observe(event));
    host.subscribe('session:connection', (state) => {
      if (state === 'signed-out') mediaActivity.reset();
    });
    host.subscribe('session:connection', (state) => push('session:connection', state));
    host.subscribe('session:event', (event) => push('session:event', event));
    host.subscribe('session:outbox', (entries) => push('session:outbox', entries));
    host.subscribe('app:notificationClicked', (tag) => push('app:notificationClicked', tag));
    rememberSessions(session, server.url);
    const remembered = loadRememberedSession(server.url);
    if (remembered) host.resume(remembered);
    registerIpcHandlers(host, () => mainWindow);
    mainWindow = createWindow();
  };

  // Chromium's --user-data-dir also sets our data folder, so tests can run several clients at once.
  const userDataDirectory = app.commandLine.getSwitchValue('user-data-dir');
  if (userDataDirectory) app.setPath('userData', userDataDirectory);

  let serverUrl: string | null;
  try {
    serverUrl = serverFromArguments(argv, environment);
  } catch (error) {
    failToStart(error);
    return handles;
  }
  // One app per person's data: a second launch brings the first window forward and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handles;
  }
  registerAppScheme();
  applyAppSecurity();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (host && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => server?.stop());
  handles.started = app.whenReady().then(() => start(serverUrl)).catch(failToStart);
  return handles;
}
