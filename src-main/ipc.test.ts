import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow } from 'electron';
import { SessionClient } from '../src-shared/session/sessionClient';
import { SessionHost } from '../src-shared/session/sessionHost';
import { FakeFrame, FakeWebContents, invoke, resetFakeElectron, type FakeBrowserWindow } from './testing/fakeElectron';
import { registerIpcHandlers } from './ipc';

/** The main window showing our page, a host over a session that never connects, and spies on that session. */
function setUp() {
  const window = new BrowserWindow({}) as unknown as FakeBrowserWindow;
  void window.loadURL('app://meridian/index.html');
  const session = new SessionClient({ serverUrl: 'http://127.0.0.1:9' });
  const signIn = vi.spyOn(session, 'signIn').mockResolvedValue({ ok: true, data: { token: 't', user: { id: 'u1' } as never } });
  const request = vi.spyOn(session, 'request').mockResolvedValue({ ok: true, data: { query: 'bel', people: [], channels: [] } } as never);
  registerIpcHandlers(new SessionHost(session, { openExternal: () => undefined }), () => window as unknown as Electron.BrowserWindow);
  return { window, signIn, request };
}

describe('IPC: only the app window, only valid arguments', () => {
  beforeEach(() => resetFakeElectron());

  it('passes a valid call from the main window to the session', async () => {
    const { window, signIn, request } = setUp();
    const top = window.webContents.mainFrame;
    expect(await invoke('session:signIn', window.webContents, top, { email: 'alice@northwind.example', password: 'demo' })).toMatchObject({ ok: true });
    expect(await invoke('directory:search', window.webContents, top, { query: 'bel' })).toMatchObject({ ok: true });
    expect(signIn).toHaveBeenCalledWith({ email: 'alice@northwind.example', password: 'demo' });
    expect(request).toHaveBeenCalledWith('directory:search', { query: 'bel' });
  });

  it('refuses a call from another page, a subframe or a foreign URL, and the session never hears of it', async () => {
    const { window, signIn, request } = setUp();
    const argument = { email: 'alice@northwind.example', password: 'demo' };
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    // Another web contents (a second window, a devtools page) with a frame of its own.
    const stranger = new FakeWebContents('app://meridian/index.html');
    expect(await invoke('session:signIn', stranger, stranger.mainFrame, argument)).toMatchObject(forbidden);
    // A subframe of the main window (an iframe a message could smuggle in).
    expect(await invoke('session:signIn', window.webContents, new FakeFrame('app://meridian/index.html', 1, 2), argument)).toMatchObject(forbidden);
    // The main window's top frame after it navigated somewhere else.
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await invoke('directory:search', window.webContents, window.webContents.mainFrame, { query: 'bel' })).toMatchObject(forbidden);
    window.webContents.mainFrame.url = 'file:///home/alice/index.html';
    expect(await invoke('directory:search', window.webContents, window.webContents.mainFrame, { query: 'bel' })).toMatchObject(forbidden);
    // No frame at all (it went away while the call was in flight).
    window.webContents.mainFrame.url = 'app://meridian/index.html';
    expect(await invoke('session:signIn', window.webContents, null, argument)).toMatchObject(forbidden);
    expect(signIn).not.toHaveBeenCalled();
    expect(request).not.toHaveBeenCalled();
  });

  it('refuses a closed window', async () => {
    const { window, request } = setUp();
    window.close();
    expect(await invoke('directory:search', window.webContents, window.webContents.mainFrame, { query: 'bel' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(request).not.toHaveBeenCalled();
  });

  it('refuses a malformed payload with bad_request, and the session never hears of it', async () => {
    const { window, signIn, request } = setUp();
    const top = window.webContents.mainFrame;
    const badRequest = { ok: false, error: { code: 'bad_request' } };
    expect(await invoke('session:signIn', window.webContents, top, { email: 'alice@northwind.example' })).toMatchObject(badRequest);
    expect(await invoke('session:signIn', window.webContents, top, { email: 'a@b.example', password: 'x', admin: true })).toMatchObject(badRequest);
    expect(await invoke('directory:search', window.webContents, top, { query: 42 })).toMatchObject(badRequest);
    expect(await invoke('directory:search', window.webContents, top, '__proto__')).toMatchObject(badRequest);
    expect(await invoke('app:setBadgeCount', window.webContents, top, -1)).toMatchObject(badRequest);
    expect(await invoke('app:openExternal', window.webContents, top, 'x'.repeat(5_000))).toMatchObject(badRequest);
    expect(signIn).not.toHaveBeenCalled();
    expect(request).not.toHaveBeenCalled();
  });

  it('registers a handler for every channel of the shared API and nothing else', async () => {
    setUp();
    const { fake } = await import('./testing/fakeElectron');
    const { invokeChannelSchemas } = await import('../src-shared/protocol/api');
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.keys(invokeChannelSchemas).sort());
  });
});
