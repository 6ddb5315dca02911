/**
 * `POST /api/files?conversationId=ID&name=NAME` (raw bytes, `authorization: Bearer TOKEN`) and
 * `GET /api/files/ID` (that header, or the signed query of `file:downloadUrl`). Both check
 * membership against the session on every request; knowing a URL is never enough.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ok } from '../../src-shared/protocol/ack';
import { describeSize, filePaths, fileTooLargeMessage } from '../../src-shared/protocol/fileProtocol';
import type { ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';
import { contentDisposition, declaredContentType, sanitizeFileName, servedContentType } from '../domain/fileNames';
import { fileFor } from '../handlers/fileHandlers';
import { FileTooLargeError, QuotaExceededError } from '../store/fileStore';
import { bearerToken, HttpError, sendJson, sendTooMany } from './httpUtil';
import type { Handler } from './routes';

/** Whether a request path is one of the file routes. */
export function isFilePath(pathname: string): boolean {
  return pathname === filePaths.files || pathname.startsWith(`${filePaths.files}/`);
}

export function createFileRoute(context: ServerContext): Handler {
  const sessionUser = async (request: IncomingMessage): Promise<UserRecord | null> => {
    const token = bearerToken(request);
    const userId = token ? await context.sessions.userIdOf(token) : null;
    return (userId && context.directory.user(userId)) || null;
  };

  const upload = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const viewer = await sessionUser(request);
    if (!viewer) throw new HttpError(401, 'Sign in first: send the session token as "Authorization: Bearer TOKEN".');
    const conversationId = url.searchParams.get('conversationId') ?? '';
    const rawName = url.searchParams.get('name') ?? '';
    if (!conversationId || !rawName || rawName.length > 1000) throw new HttpError(400, 'Name the conversation and the file: ?conversationId=ID&name=NAME.');
    if (!(await context.access.canWrite(viewer, conversationId))) throw new HttpError(404, 'This conversation is not available to you.');
    const refusal = context.limits.upload(viewer.id);
    if (refusal) {
      // Refused before reading: the connection closes rather than carry the body.
      response.setHeader('connection', 'close');
      return sendTooMany(response, refusal);
    }
    const limit = context.files.maxUploadBytes;
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    const quotaMessage = `This file would take you past your ${describeSize(context.files.settings.quotaBytes)} of storage for shared files: delete messages with files you no longer need.`;
    if (declared > limit) {
      // Refused before reading: the connection closes rather than carry the rest of the body.
      response.setHeader('connection', 'close');
      throw new HttpError(413, fileTooLargeMessage(limit));
    }
    try {
      const file = await context.files.save(
        request,
        { conversationId, uploaderId: viewer.id, name: sanitizeFileName(rawName), contentType: declaredContentType(request.headers['content-type']) },
        Number.isFinite(declared) ? declared : 0,
      );
      sendJson(response, 201, ok(await context.files.view(file.id)));
    } catch (error) {
      if (error instanceof FileTooLargeError || error instanceof QuotaExceededError) {
        response.setHeader('connection', 'close');
        throw new HttpError(413, error instanceof QuotaExceededError ? quotaMessage : fileTooLargeMessage(limit));
      }
      // The client went away mid-upload: nothing was kept, and there is no one left to answer.
      if (request.destroyed || request.readableAborted) return void response.destroy();
      throw error;
    }
  };

  const download = async (request: IncomingMessage, response: ServerResponse, url: URL, fileId: string) => {
    let viewer = await sessionUser(request);
    if (!viewer) {
      if (!url.searchParams.has('signature')) throw new HttpError(401, 'Sign in first, or use a download link from the conversation.');
      const check = context.downloads.verify(fileId, url.searchParams);
      if (!check.ok) {
        throw new HttpError(403, check.reason === 'expired' ? 'This download link has expired: open the file from the conversation again.' : 'This download link is not valid.');
      }
      viewer = context.directory.user(check.userId) ?? null;
      if (!viewer) throw new HttpError(403, 'This download link is not valid.');
    }
    const file = await fileFor(context, viewer, fileId);
    if (!file) throw new HttpError(404, 'This file is not available to you.');
    const stream = context.files.open(file);
    // Open before answering, so a file missing on disk is a clean error rather than a cut-off download.
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject)).catch((error: unknown) => {
      console.error(`[meridian] file ${file.id} cannot be read:`, error);
      throw new HttpError(404, 'This file is no longer stored on the server.');
    });
    response.writeHead(200, {
      'content-type': servedContentType(file.contentType),
      'content-length': file.size,
      'content-disposition': contentDisposition(file.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    if (request.method === 'HEAD') {
      stream.destroy();
      response.end();
      return;
    }
    await pipeline(stream, response).catch(() => response.destroy());
  };

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === filePaths.files) {
      if (request.method !== 'POST') throw new HttpError(405, 'Use POST to upload a file.');
      return upload(request, response, url);
    }
    const fileId = url.pathname.slice(filePaths.files.length + 1);
    if (!/^[\w-]{1,200}$/.test(fileId)) throw new HttpError(404, 'This file is not available to you.');
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET to download a file.');
    return download(request, response, url, fileId);
  };
}
