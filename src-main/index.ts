/**
 * Electron main process: one window and one session. The session (sign-in, the socket,
 * reconnection) lives here and reaches the renderer only through the typed IPC of ./ipc.ts.
 *
 *   electron . [--server http://HOST:PORT]     (or MERIDIAN_SERVER; else the bundled backend)
 *              [--demo-sign-in=EMAIL --demo-window=left|right]   (npm run demo, see ./demoLaunch.ts)
 */
import { app, BrowserWindow, dialog, Notification, powerMonitor, screen } from 'electron';
import type { PushChannel, PushChannels } from '../src-shared/protocol/api';
import { SessionClient } from '../src-shared/session/sessionClient';
import { SessionHost } from '../src-shared/session/sessionHost';
import { serverFromArguments, startBundledBackend, StartupError, type ServerConnection } from './backend';
import { demoLaunchFromArguments, demoWindowBounds, withDemoSignIn } from './demoLaunch';
import { createDownloader } from './downloads';
import { registerIpcHandlers } from './ipc';
import { fileOutboxStorage } from './outboxStorage';
import { preloadPath, rendererUrl } from './rendererLocation';
import { applyAppSecurity, applySessionSecurity, openExternally } from './security';

let mainWindow: BrowserWindow | null = null;
let server: ServerConnection | null = null;

function createWindow(): BrowserWindow {
  const demo = demoLaunchFromArguments(process.argv);
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
}

function push<P extends PushChannel>(channel: P, payload: PushChannels[P]): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

async function start(serverUrl: string | null): Promise<void> {
  applySessionSecurity();
  server = serverUrl ? { url: serverUrl, stop: () => undefined } : await startBundledBackend();
  const session = new SessionClient({ serverUrl: server.url });
  const host = new SessionHost(session, {
    openExternal: openExternally,
    download: createDownloader(server.url, () => mainWindow),
    outboxStorage: fileOutboxStorage,
    notify: ({ title, body }, onClick) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent: false });
      notification.on('click', () => {
        if (mainWindow?.isMinimized()) mainWindow.restore();
        mainWindow?.focus();
        onClick();
      });
      notification.show();
    },
    // Idle means no input anywhere on the computer, not only in this window.
    systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
    // The dock/launcher badge (macOS, Linux Unity); Windows shows it in the title instead.
    setBadgeCount: (count) => {
      app.setBadgeCount(count);
      mainWindow?.setTitle(count > 0 ? `(${count}) Meridian` : 'Meridian');
    },
  });
  host.subscribe('session:connection', (state) => push('session:connection', state));
  host.subscribe('session:event', (event) => push('session:event', event));
  host.subscribe('session:outbox', (entries) => push('session:outbox', entries));
  host.subscribe('app:notificationClicked', (tag) => push('app:notificationClicked', tag));
  registerIpcHandlers(host, () => mainWindow);
  mainWindow = createWindow();
}

function failToStart(error: unknown): void {
  const message = error instanceof StartupError ? error.message : `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  console.error(`Meridian cannot start: ${message}`);
  // A packaged app has no terminal to read; a developer's run should exit, not wait on a dialog.
  if (app.isPackaged) dialog.showErrorBox('Meridian cannot start', message);
  server?.stop();
  app.exit(1);
}

function main(): void {
  // Chromium's --user-data-dir also sets our data folder, so tests can run several clients at once.
  const userDataDirectory = app.commandLine.getSwitchValue('user-data-dir');
  if (userDataDirectory) app.setPath('userData', userDataDirectory);

  let serverUrl: string | null;
  try {
    serverUrl = serverFromArguments(process.argv, process.env);
  } catch (error) {
    failToStart(error);
    return;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  applyAppSecurity();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (server && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => server?.stop());
  app.whenReady().then(() => start(serverUrl)).catch(failToStart);
}

main();
