/**
 * Microphone, camera and screen in the desktop app (issue 19 #6), under the fake Electron: only
 * the app's own page, only while a call or meeting is under way here, and a screen shared only
 * after the page's picker chose it. Last, the whole main process against a real backend: a call
 * placed through IPC opens the permission, and its end closes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, session } from 'electron';
import type { CallView } from '../src-shared/protocol/callProtocol';
import type { ServerEvent } from '../src-shared/protocol/events';
import type { MeetingView } from '../src-shared/protocol/meetingProtocol';
import { basicSeed, dataOf, startTestServer, waitFor, type TestServer } from '../src-backend/testing/testServer';
import { fake, FakeDesktopCapturerSource, FakeFrame, invoke, resetFakeElectron, type FakeBrowserWindow, type FakeSession } from './testing/fakeElectron';
import { MediaActivity, ScreenPicker } from './mediaPermissions';
import { runMainProcess } from './mainProcess';
import { applySessionSecurity } from './security';

const ownPage = 'app://meridian/index.html';
const policy = "default-src 'self'";

const callEvent = (call: Partial<CallView>): ServerEvent => ({ type: 'call:updated', payload: { call: { id: 'c1', activeHere: true, state: 'connected', voicemailAllowed: false, ...call } as CallView } });
const meetingEvent = (meeting: Partial<MeetingView>): ServerEvent => ({ type: 'meeting:updated', payload: { meeting: { id: 'm1', joined: true, state: 'ongoing', ...meeting } as MeetingView } });

describe('media permissions', () => {
  let now = 0;
  let activity: MediaActivity;
  let window: FakeBrowserWindow;
  const fakeSession = () => session.defaultSession as unknown as FakeSession;
  const ask = (permission: string, url = ownPage, mediaTypes = ['audio', 'video']) => fakeSession().requestPermission(window.webContents, permission, url, { mediaTypes });
  const check = (permission: string, url = ownPage) => fakeSession().permissionCheckHandler!(window.webContents, permission, new URL(url).origin, { requestingUrl: url });

  let picker: ScreenPicker;
  beforeEach(() => {
    resetFakeElectron();
    now = 1_000_000;
    activity = new MediaActivity(() => now);
    window = new BrowserWindow({}) as unknown as FakeBrowserWindow;
    void window.loadURL(ownPage);
    picker = new ScreenPicker(() => window as unknown as BrowserWindow);
    applySessionSecurity(policy, { activity, picker });
  });

  it('grants microphone and camera to the app’s own page only while a call it carries is under way', async () => {
    expect(await ask('media')).toBe(false);
    expect(check('media')).toBe(false);
    activity.observe(callEvent({ state: 'dialing' }));
    expect(await ask('media')).toBe(true);
    expect(check('media')).toBe(true);
    expect(await ask('speaker-selection')).toBe(true);
    // Never another page, never anything else, even now.
    expect(await ask('media', 'https://evil.example/')).toBe(false);
    expect(await ask('media', 'file:///tmp/page.html')).toBe(false);
    expect(check('media', 'https://evil.example/')).toBe(false);
    for (const permission of ['geolocation', 'clipboard-read', 'midi', 'hid', 'usb', 'serial', 'openExternal', 'pointerLock']) expect(await ask(permission), permission).toBe(false);
    activity.observe(callEvent({ state: 'ended', outcome: 'answered' }));
    expect(await ask('media')).toBe(false);
    expect(check('media')).toBe(false);
    expect(await ask('notifications')).toBe(true);
  });

  it('keeps the microphone for a voicemail while one may be left, and not for a call answered on another device', async () => {
    activity.observe(callEvent({ state: 'ended', outcome: 'no answer', voicemailAllowed: true }));
    expect(await ask('media', ownPage, ['audio'])).toBe(true);
    now += 10 * 60_000;
    expect(await ask('media', ownPage, ['audio'])).toBe(false);
    activity.observe(callEvent({ id: 'c2', state: 'connected', activeHere: false }));
    expect(await ask('media')).toBe(false);
  });

  it('grants them during a meeting joined here, and takes them away when it is left or the session ends', async () => {
    activity.observe(meetingEvent({ joined: true }));
    expect(await ask('media')).toBe(true);
    activity.observe(meetingEvent({ joined: false }));
    expect(await ask('media')).toBe(false);
    activity.observe(meetingEvent({ joined: true }));
    activity.observe({ type: 'session:ended', payload: { reason: 'signed-out' } });
    expect(await ask('media')).toBe(false);
  });

  it('shares a screen only while a call is under way, only for the app’s own frame, and only the one the page’s picker chose', async () => {
    fake.screenSources = [new FakeDesktopCapturerSource('screen:0:0', 'Entire screen'), new FakeDesktopCapturerSource('window:42:0', 'Quarterly report')];
    const frame = window.webContents.mainFrame;
    expect(await fakeSession().requestDisplayMedia({ frame })).toBeNull();
    expect(window.webContents.sent.filter((message) => message.channel === 'media:chooseScreen')).toEqual([]);

    activity.observe(callEvent({ state: 'connected' }));
    expect(await fakeSession().requestDisplayMedia({ frame: new FakeFrame('https://evil.example/') })).toBeNull();
    const granted = fakeSession().requestDisplayMedia({ frame });
    await waitFor(() => window.webContents.sent.some((message) => message.channel === 'media:chooseScreen'), 'the page to be asked');
    const request = window.webContents.sent.find((message) => message.channel === 'media:chooseScreen')!.payload as { requestId: string; sources: Array<{ id: string; name: string; kind: string }> };
    expect(request.sources.map(({ id, name, kind }) => ({ id, name, kind }))).toEqual([
      { id: 'screen:0:0', name: 'Entire screen', kind: 'screen' },
      { id: 'window:42:0', name: 'Quarterly report', kind: 'window' },
    ]);
    expect(picker.chosen(request.requestId, 'window:42:0')).toBe(true);
    expect((await granted)?.video?.id).toBe('window:42:0');
    // A source that was never offered shares nothing.
    const forged = fakeSession().requestDisplayMedia({ frame });
    await waitFor(() => window.webContents.sent.filter((message) => message.channel === 'media:chooseScreen').length === 2, 'the second question');
    const second = window.webContents.sent.filter((message) => message.channel === 'media:chooseScreen')[1]!.payload as { requestId: string };
    picker.chosen(second.requestId, 'screen:99:0');
    expect(await forged).toBeNull();
  });
});

describe('the picker’s answers', () => {
  it('resolves the request asked, once; a cancelled or unknown choice shares nothing', async () => {
    resetFakeElectron();
    const window = new BrowserWindow({}) as unknown as FakeBrowserWindow;
    const picker = new ScreenPicker(() => window as unknown as BrowserWindow);
    const asked = picker.ask([{ id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: null }]);
    const { requestId } = window.webContents.sent[0]!.payload as { requestId: string };
    expect(picker.chosen('someone-else', 'screen:0:0')).toBe(false);
    expect(picker.chosen(requestId, null)).toBe(true);
    expect(await asked).toBeNull();
    expect(picker.chosen(requestId, 'screen:0:0')).toBe(false);
    expect(await new ScreenPicker(() => null).ask([])).toBeNull();
  });
});

describe('the main process, against a real backend', () => {
  let server: TestServer;
  let userData: string;
  beforeAll(async () => {
    server = await startTestServer(basicSeed());
    userData = mkdtempSync(path.join(os.tmpdir(), 'meridian-media-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('grants the microphone from the moment a call is placed until it ends, as the session’s events say', async () => {
    resetFakeElectron();
    fake.userData = userData;
    const main = runMainProcess(['electron', '.', '--server', server.url], {});
    (app as unknown as { becomeReady(): void }).becomeReady();
    await main.started;
    const window = main.window() as unknown as FakeBrowserWindow;
    const call = (channel: string, argument?: unknown) => invoke(channel, window.webContents, window.webContents.mainFrame, argument) as Promise<{ ok: boolean; data: { id: string } }>;
    const microphone = () => (session.defaultSession as unknown as FakeSession).requestPermission(window.webContents, 'media', 'app://meridian/index.html', { mediaTypes: ['audio'] });
    try {
      expect((await call('session:signIn', { email: 'alice@northwind.example', password: 'demo' })).ok).toBe(true);
      await waitFor(() => main.host()!.session.connectionState === 'connected', 'Alice connected');
      const bella = await server.signIn('bella@contoso.example');
      expect(await microphone()).toBe(false);
      const placed = await call('call:dial', { dial: '2125550141' });
      expect(await microphone()).toBe(true);
      // Sharing a screen asks the page, and its answer comes back through the validated IPC channel.
      fake.screenSources = [new FakeDesktopCapturerSource('screen:0:0', 'Entire screen')];
      const shared = (session.defaultSession as unknown as FakeSession).requestDisplayMedia({ frame: window.webContents.mainFrame });
      await waitFor(() => window.webContents.sent.some((message) => message.channel === 'media:chooseScreen'), 'the page to be asked');
      const { requestId } = window.webContents.sent.find((message) => message.channel === 'media:chooseScreen')!.payload as { requestId: string };
      expect(await invoke('media:screenChosen', window.webContents, window.webContents.mainFrame, { requestId: 'not-a-real-one', sourceId: 'screen:0:0' })).toBe(false);
      expect(await invoke('media:screenChosen', window.webContents, window.webContents.mainFrame, { requestId, sourceId: 'screen:0:0' })).toBe(true);
      expect((await shared)?.video?.id).toBe('screen:0:0');
      await waitFor(() => bella.events.some((event) => event.type === 'call:ringing'), 'Bella rung');
      dataOf(await bella.request('call:decline', { callId: placed.data.id }));
      // Declined: a voicemail may be recorded, so the microphone stays until it is left.
      await waitFor(() => window.webContents.sent.some((message) => message.channel === 'session:event' && (message.payload as ServerEvent).type === 'call:updated' && ((message.payload as { payload: { call: CallView } }).payload.call.state === 'ended')), 'the decline');
      expect(await microphone()).toBe(true);
      expect((await call('voicemail:leave', { callId: placed.data.id, note: 'Call me back' })).ok).toBe(true);
      await waitFor(() => !main.host() || window.webContents.sent.filter((message) => message.channel === 'session:event').length > 0, 'events');
      await expect.poll(() => microphone()).toBe(false);
    } finally {
      main.host()?.session.signOut();
      app.quit();
    }
  });
});
