/**
 * A stand-in for the `electron` module, so the main process runs under Node in Vitest: the few
 * APIs src-main uses, shaped as Electron's own (same names, arguments and events), recording
 * what main did and letting a test play the part of the OS or of a page.
 *
 *   // vitest.config.ts aliases 'electron' to this file for the `main` project, so:
 *   import { app, session } from 'electron';                          // what main imports
 *   import { fake, resetFakeElectron } from './testing/fakeElectron'; // the test's handles
 *   beforeEach(() => resetFakeElectron());                             // a fresh Electron each test
 *   fake.userData = mkdtempSync(...);                                  // app.getPath('userData')
 *
 * Only what main uses is here; anything else is missing on purpose, so a test fails loudly when
 * main starts to use an API this fake does not model.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

/** State a test reads or sets; reset by resetFakeElectron(). */
export const fake = {
  userData: '/nonexistent/userData',
  downloads: '/nonexistent/Downloads',
  isPackaged: false,
  switches: new Map<string, string>(),
  singleInstanceLock: true,
  quitCalls: 0,
  exitCodes: [] as number[],
  badgeCounts: [] as number[],
  dockBadges: [] as string[],
  sandboxEnabled: false,
  /** What safeStorage may do here: 'gnome_libsecret' and the like encrypt; 'basic_text' is plain text with a fixed key. */
  encryptionAvailable: true,
  storageBackend: 'gnome_libsecret',
  opened: [] as string[],
  errorBoxes: [] as Array<{ title: string; content: string }>,
  /** Answers of dialog.showMessageBox, in order; each call takes the first (0, the default button, when none is left). */
  messageBoxAnswers: [] as number[],
  messageBoxes: [] as Array<{ message: string; buttons: string[]; defaultId?: number; cancelId?: number }>,
  notifications: [] as FakeNotification[],
  notificationsSupported: true,
  systemIdleSeconds: 0,
  forked: [] as FakeUtilityProcess[],
  privilegedSchemes: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  ready: false,
  /** What desktopCapturer.getSources finds: the screens and windows that could be shared. */
  screenSources: [] as FakeDesktopCapturerSource[],
};

function freshState(): typeof fake {
  return {
    userData: '/nonexistent/userData',
    downloads: '/nonexistent/Downloads',
    isPackaged: false,
    switches: new Map(),
    singleInstanceLock: true,
    quitCalls: 0,
    exitCodes: [],
    badgeCounts: [],
    dockBadges: [],
    sandboxEnabled: false,
    encryptionAvailable: true,
    storageBackend: 'gnome_libsecret',
    opened: [],
    errorBoxes: [],
    messageBoxAnswers: [],
    messageBoxes: [],
    notifications: [],
    notificationsSupported: true,
    systemIdleSeconds: 0,
    forked: [],
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    ready: false,
    screenSources: [],
  };
}

/** A fresh Electron: no windows, no handlers, no listeners; state back to its defaults. */
export function resetFakeElectron(): void {
  Object.assign(fake, freshState());
  app.removeAllListeners();
  resetAppReady();
  session.defaultSession = new FakeSession();
  FakeBrowserWindow.all.length = 0;
}

// --- app ---------------------------------------------------------------------------------------

let markReady: () => void = () => undefined;
let readyPromise: Promise<void> = Promise.resolve();
function resetAppReady(): void {
  readyPromise = new Promise((resolve) => (markReady = resolve));
}

class FakeApp extends EventEmitter {
  readonly commandLine = {
    getSwitchValue: (name: string) => fake.switches.get(name) ?? '',
    hasSwitch: (name: string) => fake.switches.has(name),
  };
  readonly dock = {
    setBadge: (text: string) => void fake.dockBadges.push(text),
    downloadFinished: (_path: string) => undefined,
  };
  get isPackaged(): boolean {
    return fake.isPackaged;
  }
  getPath(name: string): string {
    if (name === 'userData') return fake.userData;
    if (name === 'downloads') return fake.downloads;
    throw new Error(`fakeElectron: app.getPath('${name}') is not modelled`);
  }
  setPath(name: string, value: string): void {
    if (name !== 'userData') throw new Error(`fakeElectron: app.setPath('${name}') is not modelled`);
    fake.userData = value;
  }
  requestSingleInstanceLock(): boolean {
    return fake.singleInstanceLock;
  }
  quit(): void {
    fake.quitCalls += 1;
    this.emit('will-quit', { preventDefault: () => undefined });
  }
  exit(code = 0): void {
    fake.exitCodes.push(code);
  }
  enableSandbox(): void {
    fake.sandboxEnabled = true;
  }
  setBadgeCount(count?: number): boolean {
    fake.badgeCounts.push(count ?? 0);
    return true;
  }
  isReady(): boolean {
    return fake.ready;
  }
  whenReady(): Promise<void> {
    return readyPromise;
  }
  /** Test only: the moment Electron becomes ready ('ready' event, whenReady resolves). */
  becomeReady(): void {
    fake.ready = true;
    markReady();
    this.emit('ready');
  }
}

/** Electron's `app`, with `becomeReady()` for a test to fire 'ready'. */
export const app = new FakeApp();

// --- web contents, frames, windows -------------------------------------------------------------

/** A frame of a page: what ipcMain events carry as senderFrame. */
export class FakeFrame {
  constructor(
    public url: string,
    readonly processId = 1,
    readonly routingId = 1,
  ) {}
}

/** A page: a top frame, sent messages, and the handlers main sets on it. */
export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly downloadedUrls: string[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  private destroyed = false;

  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  downloadURL(url: string): void {
    this.downloadedUrls.push(url);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Test only: a navigation the page starts; true when main let it go ahead. */
  navigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
    return !prevented;
  }
  /** Test only: the page asking for a new window (window.open, target=_blank). */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }) : { action: 'allow' };
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((window) => !window.isDestroyed());
  }

  readonly webContents: FakeWebContents;
  title: string;
  loadedUrl: string | null = null;
  visible = false;
  minimized = false;
  focused = false;
  progress: number[] = [];
  overlays: Array<{ image: FakeNativeImage | null; description: string }> = [];
  private destroyed = false;

  constructor(readonly options: { title?: string; show?: boolean; webPreferences?: Record<string, unknown> } & Record<string, unknown> = {}) {
    super();
    this.title = options.title ?? '';
    this.webContents = new FakeWebContents();
    FakeBrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  getTitle(): string {
    return this.title;
  }
  setProgressBar(progress: number): void {
    this.progress.push(progress);
  }
  setOverlayIcon(image: FakeNativeImage | null, description: string): void {
    this.overlays.push({ image, description });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}
export { FakeBrowserWindow as BrowserWindow };

// --- session: permissions, headers, downloads ---------------------------------------------------

/** A download as will-download hands it to main. */
export class FakeDownloadItem extends EventEmitter {
  savePath = '';
  saveDialogOptions: { title?: string; defaultPath?: string; buttonLabel?: string; filters?: Array<{ name: string; extensions: string[] }> } | null = null;
  paused = false;
  cancelled = false;
  resumed = false;

  constructor(
    readonly urlChain: string[],
    readonly filename: string,
    readonly totalBytes = 100,
  ) {
    super();
  }
  getURL(): string {
    return this.urlChain[this.urlChain.length - 1] ?? '';
  }
  getURLChain(): string[] {
    return this.urlChain;
  }
  getFilename(): string {
    return this.filename;
  }
  getTotalBytes(): number {
    return this.totalBytes;
  }
  getReceivedBytes(): number {
    return 0;
  }
  setSavePath(savePath: string): void {
    this.savePath = savePath;
  }
  getSavePath(): string {
    return this.savePath;
  }
  setSaveDialogOptions(options: FakeDownloadItem['saveDialogOptions']): void {
    this.saveDialogOptions = options;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.resumed = true;
  }
  cancel(): void {
    this.cancelled = true;
  }
}

type PermissionRequestHandler = (contents: FakeWebContents, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string; mediaTypes?: string[] }) => void;
/** What getDisplayMedia hands main (Electron's DisplayMediaRequestHandlerHandlerRequest). */
export interface FakeDisplayMediaRequest {
  frame: FakeFrame | null;
  securityOrigin: string;
  videoRequested: boolean;
  audioRequested: boolean;
  userGesture: boolean;
}
type DisplayMediaRequestHandler = (request: FakeDisplayMediaRequest, callback: (streams: { video?: FakeDesktopCapturerSource } | null) => void) => void;
type PermissionCheckHandler = (contents: FakeWebContents | null, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean;
type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;

export class FakeSession extends EventEmitter {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  displayMediaRequestHandler: DisplayMediaRequestHandler | null = null;
  headersListener: { filter: { urls: string[] }; listener: HeadersListener } | null = null;
  readonly webRequest = {
    onHeadersReceived: (filter: { urls: string[] }, listener: HeadersListener) => {
      this.headersListener = { filter, listener };
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: DisplayMediaRequestHandler | null): void {
    this.displayMediaRequestHandler = handler;
  }
  /** Test only: a page asking for a permission; resolves with what main answered. */
  requestPermission(contents: FakeWebContents, permission: string, requestingUrl: string, extra: { mediaTypes?: string[] } = {}): Promise<boolean> {
    if (!this.permissionRequestHandler) return Promise.resolve(true); // Electron's default grants
    return new Promise((resolve) => this.permissionRequestHandler!(contents, permission, resolve, { requestingUrl, ...extra }));
  }
  /** Test only: a page calling getDisplayMedia; resolves with the streams main granted (null: refused). Without a handler Electron refuses. */
  requestDisplayMedia(request: Partial<FakeDisplayMediaRequest> & { frame: FakeFrame | null }): Promise<{ video?: FakeDesktopCapturerSource } | null> {
    if (!this.displayMediaRequestHandler) return Promise.resolve(null);
    const full: FakeDisplayMediaRequest = { securityOrigin: '', videoRequested: true, audioRequested: false, userGesture: true, ...request };
    return new Promise((resolve) => this.displayMediaRequestHandler!(full, resolve));
  }
  /** Test only: a download starting; whether main let it go on. */
  startDownload(item: FakeDownloadItem, contents = new FakeWebContents()): boolean {
    let prevented = false;
    this.emit('will-download', { preventDefault: () => (prevented = true) }, item, contents);
    return !prevented;
  }
}

export const session = { defaultSession: new FakeSession() };

// --- ipcMain ----------------------------------------------------------------------------------

export const ipcMain = {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    fake.ipcHandlers.delete(channel);
  },
};

/** Test only: what ipcRenderer.invoke from `sender`'s `frame` would get back. */
export async function invoke(channel: string, sender: FakeWebContents, frame: FakeFrame | null, argument: unknown): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel);
  if (!handler) throw new Error(`No handler registered for '${channel}'`);
  return handler({ sender, senderFrame: frame, processId: frame?.processId ?? 0, frameId: frame?.routingId ?? 0 }, argument);
}

// --- shell, dialog, Notification, powerMonitor, nativeImage, safeStorage --------------------------

export const shell = {
  openExternal(url: string): Promise<void> {
    fake.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  showErrorBox(title: string, content: string): void {
    fake.errorBoxes.push({ title, content });
  },
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as { message: string; buttons: string[]; defaultId?: number; cancelId?: number };
    fake.messageBoxes.push(options);
    return Promise.resolve({ response: fake.messageBoxAnswers.shift() ?? options.defaultId ?? 0, checkboxChecked: false });
  },
};

export class FakeNotification extends EventEmitter {
  static isSupported(): boolean {
    return fake.notificationsSupported;
  }
  shown = false;
  constructor(readonly options: { title: string; body?: string; silent?: boolean }) {
    super();
  }
  show(): void {
    this.shown = true;
    fake.notifications.push(this);
  }
  /** Test only: the person clicks it. */
  click(): void {
    this.emit('click', {});
  }
}
export { FakeNotification as Notification };

export const powerMonitor = {
  getSystemIdleTime: () => fake.systemIdleSeconds,
};

/** One 1920×1080 display with a 25-pixel menu bar (the demo places its windows in its work area). */
export const screen = {
  getPrimaryDisplay: () => ({ workArea: { x: 0, y: 25, width: 1920, height: 1055 } }),
};

/** A native image made from raw pixels; the test can read them back. */
export class FakeNativeImage {
  constructor(
    readonly bitmap: Buffer,
    readonly size: { width: number; height: number },
    readonly scaleFactor = 1,
  ) {}
  isEmpty(): boolean {
    return this.bitmap.length === 0;
  }
  getSize(): { width: number; height: number } {
    return this.size;
  }
  toBitmap(): Buffer {
    return this.bitmap;
  }
}

/** A screen or window desktopCapturer finds. */
export class FakeDesktopCapturerSource {
  readonly thumbnail: FakeNativeImage & { toDataURL(): string };
  constructor(
    readonly id: string,
    readonly name: string,
  ) {
    this.thumbnail = Object.assign(new FakeNativeImage(Buffer.alloc(4), { width: 1, height: 1 }), { toDataURL: () => 'data:image/png;base64,AAAA' });
  }
}

export const desktopCapturer = {
  getSources(_options: { types: string[]; thumbnailSize?: { width: number; height: number } }): Promise<FakeDesktopCapturerSource[]> {
    return Promise.resolve([...fake.screenSources]);
  },
};

export const nativeImage = {
  createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): FakeNativeImage {
    if (buffer.length !== options.width * options.height * 4) throw new Error('Bitmap size does not match');
    return new FakeNativeImage(buffer, { width: options.width, height: options.height }, options.scaleFactor ?? 1);
  },
  createEmpty(): FakeNativeImage {
    return new FakeNativeImage(Buffer.alloc(0), { width: 0, height: 0 });
  },
};

// Not encryption: a reversible marker, so a test can tell an encrypted file from plain text.
const sealed = Buffer.from('FAKE-SAFE-STORAGE:');
export const safeStorage = {
  isEncryptionAvailable: () => fake.ready && fake.encryptionAvailable,
  getSelectedStorageBackend: () => fake.storageBackend,
  encryptString(text: string): Buffer {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return Buffer.concat([sealed, Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]);
  },
  decryptString(encrypted: Buffer): string {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    if (!encrypted.subarray(0, sealed.length).equals(sealed)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(sealed.length).map((byte) => byte ^ 0x5a)).toString('utf8');
  },
};

// --- protocol ----------------------------------------------------------------------------------

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void {
    if (fake.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    fake.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!fake.ready) throw new Error('protocol.handle may be called only once the app is ready');
    fake.protocolHandlers.set(scheme, handler);
  },
};

/** Test only: what a page's request for `url` gets from the registered protocol handler. */
export async function fetchFromProtocol(url: string): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = fake.protocolHandlers.get(scheme);
  if (!handler) throw new Error(`No handler for ${scheme}:`);
  return handler(new Request(url));
}

// --- utilityProcess ----------------------------------------------------------------------------

/** A forked utility process: the test writes its output and decides when it exits. */
export class FakeUtilityProcess extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed = false;
  pid: number | undefined = 4242;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: { env?: Record<string, string | undefined>; stdio?: unknown; serviceName?: string },
  ) {
    super();
  }
  kill(): boolean {
    if (this.killed) return false;
    this.killed = true;
    this.pid = undefined;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
  /** Test only: the process prints a line. */
  print(line: string): void {
    this.stdout.write(`${line}\n`);
  }
  /** Test only: the process dies on its own (a crash). */
  crash(code = 1): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: FakeUtilityProcess['options'] = {}): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args, options);
    fake.forked.push(child);
    return child;
  },
};
