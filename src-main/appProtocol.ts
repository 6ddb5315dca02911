/**
 * The app:// protocol: the renderer is served from `app://meridian/`, not file://, so the page
 * has an origin of its own (file:// pages share one with every local file), its files come only
 * from the built renderer folder, and every response carries the Content Security Policy that
 * names the configured server.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { newCspNonce, withCspNonce, withStyleNonce } from '../src-shared/protocol/contentSecurityPolicy';

export const appScheme = 'app';
export const appHost = 'meridian';
/** The renderer's origin: what a request the page makes would carry as its Origin header. */
export const appOrigin = `${appScheme}://${appHost}`;

/**
 * Call before the app is ready. Standard (relative URLs and an origin), secure (like https:
 * for the page's APIs), and nothing more: no CORS bypass, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Call once the app is ready: serves `rendererRoot` at app://meridian/ with `contentSecurityPolicy`. */
export function serveRenderer(rendererRoot: string, contentSecurityPolicy: string): void {
  protocol.handle(appScheme, (request) => appResponse(rendererRoot, request, contentSecurityPolicy));
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** The answer to one app:// request: a file of `rendererRoot`, or a refusal that names nothing outside it. */
export async function appResponse(rendererRoot: string, request: Request, contentSecurityPolicy: string): Promise<Response> {
  const headers = { 'content-security-policy': contentSecurityPolicy, 'x-content-type-options': 'nosniff' };
  const refuse = (status: number, text: string) => new Response(text, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
  const url = new URL(request.url);
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return refuse(404, 'Not found');
  const file = fileOf(rendererRoot, url.pathname);
  if (!file) return refuse(403, 'Forbidden');
  try {
    if (!(await stat(file)).isFile()) return refuse(404, 'Not found');
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (path.extname(file).toLowerCase() === '.html') {
      // A page carries a fresh style nonce, in itself and in its policy (see contentSecurityPolicy.ts).
      const nonce = newCspNonce();
      const page = withCspNonce(await readFile(file, 'utf8'), nonce);
      const policy = withStyleNonce(contentSecurityPolicy, nonce);
      return new Response(request.method === 'HEAD' ? null : page, { status: 200, headers: { ...headers, 'content-security-policy': policy, 'content-type': type, 'cache-control': 'no-store' } });
    }
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: { ...headers, 'content-type': type } });
  } catch {
    return refuse(404, 'Not found');
  }
}

/** The file a URL path names inside `root`, or null when it would lead outside it (`..`, encoded or not). */
export function fileOf(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows and a NUL byte ends a path early: neither belongs in a URL of ours.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  const inside = path.relative(base, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}
