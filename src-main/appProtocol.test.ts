import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { app } from 'electron';
import { rendererContentSecurityPolicy, serverConnectSources } from '../src-shared/protocol/contentSecurityPolicy';
import { fake, fetchFromProtocol, resetFakeElectron } from './testing/fakeElectron';
import { fileOf, registerAppScheme, serveRenderer } from './appProtocol';

describe('app:// serves the renderer, and nothing outside it', () => {
  let root: string;
  const policy = rendererContentSecurityPolicy(serverConnectSources('https://chat.example.com:8443'));

  beforeAll(() => {
    const top = mkdtempSync(path.join(os.tmpdir(), 'meridian-app-'));
    root = path.join(top, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Meridian</title><meta property="csp-nonce" nonce="MERIDIAN_CSP_NONCE">');
    writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
    writeFileSync(path.join(top, 'secret.txt'), 'outside the renderer');
  });
  afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));
  beforeEach(() => {
    resetFakeElectron();
    registerAppScheme();
    (app as unknown as { becomeReady(): void }).becomeReady();
    serveRenderer(root, policy);
  });

  it('registers app: as a standard, secure scheme before the app is ready', () => {
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    // Electron allows it only before ready; the fake holds main to the same rule.
    expect(() => registerAppScheme()).toThrow(/before app is ready/);
  });

  it('serves the page and its assets with their types and the content security policy', async () => {
    const page = await fetchFromProtocol('app://meridian/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Meridian</title>');
    const script = await fetchFromProtocol('app://meridian/assets/index-abc.js');
    expect(script.headers.get('content-security-policy')).toBe(policy);
    expect((await fetchFromProtocol('app://meridian/')).status).toBe(200);
    expect((await fetchFromProtocol('app://meridian/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetchFromProtocol('app://meridian/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it("gives each page a fresh style nonce, the same in the page and in its policy, which is otherwise the configured one", async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => {
        const page = await fetchFromProtocol('app://meridian/index.html');
        const nonce = /nonce="([^"]+)"/.exec(await page.text())![1]!;
        expect(nonce).not.toBe('MERIDIAN_CSP_NONCE');
        expect(page.headers.get('content-security-policy')).toBe(policy.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`));
        expect(page.headers.get('cache-control')).toBe('no-store');
        return nonce;
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('refuses paths that lead outside the renderer folder, however they are written', async () => {
    for (const url of ['app://meridian/%2e%2e/secret.txt', 'app://meridian/..%2fsecret.txt', 'app://meridian/%2E%2E%2Fsecret.txt', 'app://meridian/assets/..%5c..%5csecret.txt', 'app://meridian/index.html%00.js']) {
      const response = await fetchFromProtocol(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('outside the renderer');
    }
    // A URL's own dot segments are resolved by the URL parser, inside the folder.
    expect((await fetchFromProtocol('app://meridian/../../secret.txt')).status).toBe(404);
  });

  it('answers 404 for a missing file, a folder, another host, and 405 for anything but GET', async () => {
    expect((await fetchFromProtocol('app://meridian/missing.js')).status).toBe(404);
    expect((await fetchFromProtocol('app://meridian/assets')).status).toBe(404);
    expect((await fetchFromProtocol('app://elsewhere/index.html')).status).toBe(404);
    const handler = fake.protocolHandlers.get('app')!;
    expect((await handler(new Request('app://meridian/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('maps paths inside the folder only', () => {
    expect(fileOf('/r', '/index.html')).toBe(path.resolve('/r/index.html'));
    expect(fileOf('/r', '/')).toBe(path.resolve('/r/index.html'));
    expect(fileOf('/r', '/%2e%2e/x')).toBeNull();
    expect(fileOf('/r', '/a/%2e%2e/%2e%2e/x')).toBeNull();
    expect(fileOf('/r', '/%E0%A4%A')).toBeNull();
  });
});

describe('the content security policy', () => {
  it('names the configured server exactly, in its http and ws forms, and allows no inline style or script', () => {
    const policy = rendererContentSecurityPolicy(serverConnectSources('http://127.0.0.1:4100'));
    expect(policy).toContain('connect-src http://127.0.0.1:4100 ws://127.0.0.1:4100;');
    expect(rendererContentSecurityPolicy(serverConnectSources('https://chat.example.com'))).toContain('connect-src https://chat.example.com wss://chat.example.com;');
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\bws:(?!\/\/)|\bwss:(?!\/\/)|\*/);
  });
});
