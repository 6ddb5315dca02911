import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, session } from 'electron';
import { fake, resetFakeElectron, type FakeBrowserWindow, type FakeSession } from './testing/fakeElectron';
import { applyAppSecurity, applySessionSecurity, openExternally } from './security';

const ownPage = 'app://meridian/index.html';
const policy = "default-src 'self'; connect-src http://127.0.0.1:4100 ws://127.0.0.1:4100";

function appWindow(): FakeBrowserWindow {
  const window = new BrowserWindow({}) as unknown as FakeBrowserWindow;
  void window.loadURL(ownPage);
  return window;
}

describe('permissions: everything denied except notifications for the app’s own page', () => {
  beforeEach(() => {
    resetFakeElectron();
    applySessionSecurity(policy);
  });

  it('grants notifications to the app page and nothing else to anyone', async () => {
    const defaultSession = session.defaultSession as unknown as FakeSession;
    const contents = appWindow().webContents;
    expect(await defaultSession.requestPermission(contents, 'notifications', ownPage)).toBe(true);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'openExternal', 'pointerLock', 'midi', 'midiSysex', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'storage-access', 'keyboardLock', 'fileSystem', 'speaker-selection']) {
      expect(await defaultSession.requestPermission(contents, permission, ownPage), permission).toBe(false);
    }
    expect(await defaultSession.requestPermission(contents, 'notifications', 'https://evil.example/')).toBe(false);
    expect(await defaultSession.requestPermission(contents, 'notifications', 'file:///tmp/page.html')).toBe(false);
  });

  it('answers permission checks the same way', () => {
    const check = (session.defaultSession as unknown as FakeSession).permissionCheckHandler!;
    const contents = appWindow().webContents;
    expect(check(contents, 'notifications', 'app://meridian', { requestingUrl: ownPage })).toBe(true);
    expect(check(contents, 'media', 'app://meridian', { requestingUrl: ownPage })).toBe(false);
    expect(check(contents, 'notifications', 'https://evil.example', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(check(null, 'notifications', '', {})).toBe(false);
  });

  it('sets the content security policy on pages served over http(s) (the dev server)', () => {
    const headers = (session.defaultSession as unknown as FakeSession).headersListener!;
    expect(headers.filter.urls).toEqual(['http://*/*', 'https://*/*']);
    let answer: { responseHeaders?: Record<string, string[]> } = {};
    headers.listener({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (answer = response));
    expect(answer.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [policy] });
  });
});

describe('navigation and new windows', () => {
  beforeEach(() => {
    resetFakeElectron();
    applyAppSecurity();
  });

  it('turns the sandbox on for every renderer', () => {
    expect(fake.sandboxEnabled).toBe(true);
  });

  it('denies navigation away from the app page, in every web contents', () => {
    const window = appWindow();
    expect(window.webContents.navigate('app://meridian/index.html#conversation')).toBe(true);
    expect(window.webContents.navigate('https://evil.example/')).toBe(false);
    expect(window.webContents.navigate('file:///etc/passwd')).toBe(false);
    expect(window.webContents.navigate('app://elsewhere/index.html')).toBe(false);
    expect(window.webContents.navigate('javascript:alert(1)')).toBe(false);
  });

  it('denies every new window; web, mail and phone links open outside the app instead, anything else nowhere', async () => {
    const window = appWindow();
    expect(window.webContents.openWindow('https://example.com/report')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('mailto:bella@contoso.example')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('app://meridian/index.html')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.opened).toEqual(['https://example.com/report', 'mailto:bella@contoso.example']);
  });

  it('refuses to attach a webview', () => {
    const window = appWindow();
    let prevented = false;
    window.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });
});

describe('openExternal', () => {
  beforeEach(() => resetFakeElectron());

  it('opens only http, https, mailto and tel links', async () => {
    const tried = [
      'https://example.com/a',
      'http://example.com/b',
      'mailto:alice@northwind.example',
      'tel:+12065550100',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox',
      'data:text/html,<script>alert(1)</script>',
      'app://meridian/index.html',
      'not a url',
    ];
    for (const url of tried) await openExternally(url);
    expect(fake.opened).toEqual(['https://example.com/a', 'http://example.com/b', 'mailto:alice@northwind.example', 'tel:+12065550100']);
  });
});
