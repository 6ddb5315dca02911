/** Plain HTTP: health, sign-in, the demo people list, and the browser build at `/`. */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { fail, ok } from '../../src-shared/protocol/ack';
import { newCspNonce, withCspNonce, withStyleNonce } from '../../src-shared/protocol/contentSecurityPolicy';
import { demoSignInRequestSchema, httpPaths, signInRequestSchema } from '../../src-shared/protocol/http';
import type { DemoDirectory, DemoPerson } from '../../src-shared/protocol/model';
import { describeZodError } from '../../src-shared/protocol/validate';
import { verifyPassword } from '../auth/passwords';
import type { ServerContext } from '../context';
import { adminPath } from '../support/adminProtocol';
import { isFilePath } from './fileRoute';
import { HttpError, pageSecurityHeaders, readJson, sendJson } from './httpUtil';

export interface HttpOptions {
  /** The browser build (out/renderer), or null when it is not built. */
  webRoot: string | null;
  /** List demo people on the sign-in screen. */
  demo: boolean;
  /** Serves the support console's requests. */
  admin: Handler;
  /** File upload and download (./fileRoute.ts). */
  files: Handler;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

export function createHttpHandler(context: ServerContext, options: HttpOptions): Handler {
  const serveWeb = options.webRoot
    ? sirv(options.webRoot, {
        dev: false,
        etag: true,
        setHeaders: (response) => {
          for (const [name, value] of Object.entries(pageSecurityHeaders)) response.setHeader(name, value);
        },
      })
    : null;
  const page = options.webRoot ? createPage(options.webRoot) : null;

  const signIn: Handler = async (request, response) => {
    const parsed = signInRequestSchema.safeParse(await readJson(request));
    if (!parsed.success) return sendJson(response, 400, fail('bad_request', describeZodError(parsed.error)));
    const row = context.db
      .prepare('SELECT id, password_hash AS passwordHash FROM users WHERE email = ? COLLATE NOCASE')
      .get(parsed.data.email) as { id: string; passwordHash: string } | undefined;
    // Checking a hash even for an unknown email keeps both refusals equally slow.
    const valid = await verifyPassword(parsed.data.password, row?.passwordHash ?? dummyHash);
    const user = row && valid ? context.directory.user(row.id) : undefined;
    if (!user) return sendJson(response, 401, fail('unauthorized', 'That email and password do not match an account.'));
    const token = context.sessions.create(user.id);
    sendJson(response, 200, ok({ token, user: context.directory.card(user, user) }));
  };

  const demoPeople: Handler = (_request, response) => {
    if (!options.demo) return sendJson(response, 200, ok<DemoDirectory>({ people: [], accounts: [], federations: [] }));
    const listed = new Set((context.db.prepare('SELECT email FROM demo_people').all() as Array<{ email: string }>).map((row) => row.email.toLowerCase()));
    const people: DemoPerson[] = [...context.directory.users.values()]
      .filter((user) => listed.has(user.email.toLowerCase()))
      .map((user) => ({ displayName: user.displayName, email: user.email, title: user.title, accountId: user.accountId, accountName: context.directory.accountName(user.accountId) }))
      .sort((a, b) => a.accountName.localeCompare(b.accountName) || a.displayName.localeCompare(b.displayName));
    // The sign-in screen shows who is federated with whom: the story a demo tells.
    const accountIds = new Set(people.map((person) => person.accountId));
    const accounts = [...context.directory.accounts.values()].filter((account) => accountIds.has(account.id)).sort((a, b) => a.name.localeCompare(b.name));
    const federations = [...context.directory.federations.values()].map(({ id, name, accountIds: members }) => ({ id, name, accountIds: [...members] }));
    sendJson(response, 200, ok<DemoDirectory>({ people, accounts, federations }));
  };

  // Demo data only, and only for the people it lists: one click signs in without a password.
  const demoSignIn: Handler = async (request, response) => {
    const parsed = demoSignInRequestSchema.safeParse(await readJson(request));
    if (!parsed.success) return sendJson(response, 400, fail('bad_request', describeZodError(parsed.error)));
    const listed = options.demo && context.db.prepare('SELECT 1 FROM demo_people WHERE email = ?').get(parsed.data.email) !== undefined;
    const row = listed ? (context.db.prepare('SELECT id FROM users WHERE email = ? COLLATE NOCASE').get(parsed.data.email) as { id: string } | undefined) : undefined;
    const user = row ? context.directory.user(row.id) : undefined;
    if (!user) return sendJson(response, 403, fail('forbidden', 'One-click sign-in is only for the people of demo data.'));
    sendJson(response, 200, ok({ token: context.sessions.create(user.id), user: context.directory.card(user, user) }));
  };

  // Sign out: the token stops working at once.
  const signOut: Handler = (request, response) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token) context.sessions.revoke(token);
    sendJson(response, 200, ok(null));
  };

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === httpPaths.health && request.method === 'GET') return sendJson(response, 200, { ok: true, status: 'up' });
      if (url.pathname === httpPaths.signIn) {
        if (request.method === 'DELETE') return signOut(request, response);
        if (request.method !== 'POST') throw new HttpError(405, 'Use POST.');
        return await signIn(request, response);
      }
      if (url.pathname === httpPaths.demoSignIn) {
        if (request.method !== 'POST') throw new HttpError(405, 'Use POST.');
        return await demoSignIn(request, response);
      }
      if (url.pathname === httpPaths.demoPeople && request.method === 'GET') return demoPeople(request, response);
      if (url.pathname === adminPath) return await options.admin(request, response);
      if (isFilePath(url.pathname)) return await options.files(request, response);
      if (url.pathname.startsWith('/api/')) throw new HttpError(404, 'No such endpoint.');
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET.');
      if (!serveWeb) {
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('The browser build is missing: run `npm run build`.');
        return;
      }
      // The page itself (at /, or any path of the app) is made per response: it carries a fresh nonce.
      if (page && (url.pathname === '/' || url.pathname === '/index.html')) return page(request, response);
      serveWeb(request, response, () => {
        if (page && path.extname(url.pathname) === '') return page(request, response);
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Not found');
      });
    } catch (error) {
      if (error instanceof HttpError) {
        const code = error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : error.status === 413 ? 'too_large' : 'bad_request';
        return sendJson(response, error.status, fail(code, error.message));
      }
      console.error('[meridian] HTTP request failed:', error);
      if (!response.headersSent) sendJson(response, 500, fail('internal', 'Something went wrong on the server.'));
      else response.destroy();
    }
  };
}

/** Serves the browser build's index.html, with a fresh style nonce in the page and in its policy. */
function createPage(webRoot: string): Handler {
  const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  return (request, response) => {
    const nonce = newCspNonce();
    const body = withCspNonce(html, nonce);
    response.writeHead(200, {
      ...pageSecurityHeaders,
      'content-security-policy': withStyleNonce(pageSecurityHeaders['content-security-policy']!, nonce),
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

const dummyHash = 'scrypt$4096$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
