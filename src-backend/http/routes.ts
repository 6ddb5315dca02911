/**
 * Plain HTTP: health, sign-in (and resuming and ending a session), the demo people list, and the
 * browser build at `/`. Every request passes the request guard first (Host and Origin, SPEC 8);
 * nothing one request throws reaches the process: it is answered as an error and logged.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { fail, ok } from '../../src-shared/protocol/ack';
import { newCspNonce, withCspNonce, withStyleNonce } from '../../src-shared/protocol/contentSecurityPolicy';
import { demoSignInRequestSchema, httpPaths, signInRequestSchema } from '../../src-shared/protocol/http';
import type { DemoDirectory, DemoPerson } from '../../src-shared/protocol/model';
import { describeZodError } from '../../src-shared/protocol/validate';
import { hashPassword, needsRehash, unknownPersonHash, verifyPassword } from '../auth/passwords';
import type { ServerContext } from '../context';
import { adminPath } from '../support/adminProtocol';
import { isFilePath } from './fileRoute';
import { isPhotoPath } from './photoRoute';
import { bearerToken, HttpError, pageSecurityHeaders, readJson, sendJson, sendTooMany } from './httpUtil';
import type { RequestGuard } from './requestGuard';

export interface HttpOptions {
  /** The browser build (out/renderer), or null when it is not built. */
  webRoot: string | null;
  /** List demo people on the sign-in screen. */
  demo: boolean;
  /** Refuses requests for a foreign Host or from a foreign Origin. */
  guard: RequestGuard;
  /** Serves the support console's requests. */
  admin: Handler;
  /** File upload and download (./fileRoute.ts). */
  files: Handler;
  /** Profile photos (./photoRoute.ts). */
  photos: Handler;
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

  const signedIn = (userId: string, token: string) => ok({ token, user: context.directory.card(context.directory.user(userId)!, context.directory.user(userId)!) });

  const signIn: Handler = async (request, response) => {
    const parsed = signInRequestSchema.safeParse(await readJson(request));
    if (!parsed.success) return sendJson(response, 400, fail('bad_request', describeZodError(parsed.error)));
    const { email, password, client } = parsed.data;
    const address = context.addressOf(request);
    // Refused before any hashing: a guesser costs the server nothing past the limit. The attempt
    // counts as a failure from here on (given back if the password is right), so a burst sent at once cannot outrun the count.
    const refusal = await context.limits.signInAttempt(address, email);
    if (refusal) return sendTooMany(response, refusal);
    const credentials = await context.users.credentials(email);
    // Checking a hash even for an unknown email keeps both refusals equally slow.
    const valid = await verifyPassword(password, credentials?.passwordHash ?? unknownPersonHash);
    const user = credentials && valid ? context.directory.user(credentials.id) : undefined;
    if (!credentials || !user) {
      return sendJson(response, 401, fail('unauthorized', 'That email and password do not match an account.'));
    }
    await context.limits.signInSucceeded(address, email);
    if (needsRehash(credentials.passwordHash)) renewHash(context, user.id, password);
    sendJson(response, 200, signedIn(user.id, await context.sessions.create(user.id, client)));
  };

  // A page reloaded (or an app restarted) with a token it kept: the session goes on if it has not ended.
  const resume: Handler = async (request, response) => {
    const token = bearerToken(request);
    const check = token ? await context.sessions.check(token) : ({ ok: false, reason: 'unknown' } as const);
    if (!token || !check.ok || !context.directory.user(check.session.userId)) {
      const expired = !check.ok && check.reason === 'expired';
      return sendJson(response, 401, fail('unauthorized', expired ? 'Your session expired. Sign in again.' : 'Sign in first.'));
    }
    sendJson(response, 200, signedIn(check.session.userId, token));
  };

  const demoPeople: Handler = async (_request, response) => {
    if (!options.demo) return sendJson(response, 200, ok<DemoDirectory>({ people: [], accounts: [], federations: [] }));
    const listed = new Set((await context.users.demoEmails()).map((email) => email.toLowerCase()));
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
    const refusal = await context.limits.signInAllowed(context.addressOf(request), parsed.data.email);
    if (refusal) return sendTooMany(response, refusal);
    const listed = options.demo && (await context.users.isDemoPerson(parsed.data.email));
    const credentials = listed ? await context.users.credentials(parsed.data.email) : undefined;
    const user = credentials ? context.directory.user(credentials.id) : undefined;
    if (!user) return sendJson(response, 403, fail('forbidden', 'One-click sign-in is only for the people of demo data.'));
    sendJson(response, 200, signedIn(user.id, await context.sessions.create(user.id, parsed.data.client)));
  };

  // Sign out: the token stops working at once, and every client using it is told and disconnected (SessionService.revoke).
  const signOut: Handler = async (request, response) => {
    const token = bearerToken(request);
    if (token) await context.sessions.revoke(token);
    sendJson(response, 200, ok(null));
  };

  const route = async (request: IncomingMessage, response: ServerResponse) => {
    const refused = options.guard(request);
    if (refused) throw new HttpError(403, refused);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === httpPaths.health && request.method === 'GET') return sendJson(response, 200, { ok: true, status: 'up' });
    if (url.pathname === httpPaths.signIn) {
      if (request.method === 'DELETE') return await signOut(request, response);
      if (request.method === 'GET') return await resume(request, response);
      if (request.method !== 'POST') throw new HttpError(405, 'Use POST to sign in, GET to resume a session, DELETE to sign out.');
      return await signIn(request, response);
    }
    if (url.pathname === httpPaths.demoSignIn) {
      if (request.method !== 'POST') throw new HttpError(405, 'Use POST.');
      return await demoSignIn(request, response);
    }
    if (url.pathname === httpPaths.demoPeople && request.method === 'GET') return await demoPeople(request, response);
    if (url.pathname === adminPath) return await options.admin(request, response);
    if (isFilePath(url.pathname)) return await options.files(request, response);
    if (isPhotoPath(url.pathname)) return await options.photos(request, response);
    if (url.pathname.startsWith('/api/')) throw new HttpError(404, 'No such endpoint.');
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET.');
    if (!serveWeb) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The browser build is missing: run `npm run build`.');
      return;
    }
    // The page itself (at /, or any path of the app) is made per response: it carries a fresh nonce.
    if (page && (url.pathname === '/' || url.pathname === '/index.html')) return page(request, response);
    if (options.webRoot && url.pathname === serviceWorkerPath) return await serveServiceWorker(options.webRoot, request, response);
    serveWeb(request, response, () => {
      if (page && path.extname(url.pathname) === '') return page(request, response);
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Not found');
    });
  };

  return async (request, response) => {
    try {
      await route(request, response);
    } catch (error) {
      answerError(request, response, error);
    }
  };
}

/** Turns what a request threw into its answer; never throws itself. */
function answerError(request: IncomingMessage, response: ServerResponse, error: unknown): void {
  try {
    if (response.headersSent || response.writableEnded) {
      // Too late to answer: cut the connection rather than send a second reply.
      if (!(error instanceof HttpError)) console.error(`[meridian] HTTP ${request.method} ${request.url?.slice(0, 200)} failed after answering:`, error);
      response.destroy();
      return;
    }
    if (error instanceof HttpError) {
      const code = error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : error.status === 413 ? 'too_large' : 'bad_request';
      return sendJson(response, error.status, fail(code, error.message));
    }
    console.error(`[meridian] HTTP ${request.method} ${request.url?.slice(0, 200)} failed:`, error);
    sendJson(response, 500, fail('internal', 'Something went wrong on the server.'));
  } catch (secondError) {
    console.error('[meridian] answering a failed HTTP request failed too:', secondError);
    response.destroy();
  }
}

/** Replaces a weaker stored hash (a seed's, an older server's) with one at today's cost, after the answer has gone. */
function renewHash(context: ServerContext, userId: string, password: string): void {
  hashPassword(password)
    .then((hash) => (context.store.isOpen() ? context.users.setPasswordHash(userId, hash) : undefined))
    .catch((error: unknown) => console.error('[meridian] renewing a password hash failed:', error));
}

/** The browser build's service worker (src-renderer/serviceWorker/sw.ts), at the root so it may serve the whole app. */
const serviceWorkerPath = '/sw.js';

/**
 * The service worker as it is on disk now, never from a cache on the way: browsers compare it
 * byte for byte on every visit, and a new deployment's must reach them at once (`Update available`).
 */
async function serveServiceWorker(webRoot: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let script: Buffer;
  try {
    script = await readFile(path.join(webRoot, serviceWorkerPath));
  } catch {
    throw new HttpError(404, 'No service worker in this build.');
  }
  response.writeHead(200, {
    ...pageSecurityHeaders,
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': script.length,
    'cache-control': 'no-cache',
  });
  response.end(request.method === 'HEAD' ? undefined : script);
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
