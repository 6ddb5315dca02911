/**
 * `POST /api/files?conversationId=ID&name=NAME` (raw bytes, `authorization: Bearer TOKEN`) and
 * `GET /api/files/ID` (that header, or the signed query of `file:downloadUrl`). Both check
 * membership against the session on every request; knowing a URL is never enough.
 * `POST /api/files?callId=ID` is a voicemail's recording, from the caller of that call while
 * they may leave one: Opus audio, within its own size limit and the caller's quota.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ok } from '../../src-shared/protocol/ack';
import { maxVoicemailBytes, voicemailAudioTypes, type VoicemailAudioType } from '../../src-shared/protocol/callProtocol';
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

  /** What a recording starts with: WebM's EBML header, or Ogg's capture pattern. */
  const voicemailMagic: Record<VoicemailAudioType, Buffer> = { 'audio/webm': Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), 'audio/ogg': Buffer.from('OggS', 'ascii') };

  const uploadVoicemail = async (request: IncomingMessage, response: ServerResponse, viewer: UserRecord, callId: string) => {
    const call = await context.calls.service.get(callId);
    if (!call || call.callerId !== viewer.id || call.calleeId === null) throw new HttpError(404, 'This call is not yours.');
    if (!context.calls.service.voicemailAllowed(call)) throw new HttpError(409, 'A voicemail can be left only once, after a call that was declined or not answered.');
    const contentType = declaredContentType(request.headers['content-type']) as VoicemailAudioType;
    if (!voicemailAudioTypes.includes(contentType)) throw new HttpError(415, 'A voicemail is recorded audio: send Opus as audio/webm or audio/ogg.');
    const refusal = await context.limits.upload(viewer.id);
    if (refusal) {
      response.setHeader('connection', 'close');
      return sendTooMany(response, refusal);
    }
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    const tooLong = `A voicemail may take at most ${describeSize(maxVoicemailBytes)}.`;
    if (declared > maxVoicemailBytes) {
      response.setHeader('connection', 'close');
      throw new HttpError(413, tooLong);
    }
    let file;
    try {
      file = await context.files.save(request, { conversationId: null, uploaderId: viewer.id, name: contentType === 'audio/ogg' ? 'voicemail.ogg' : 'voicemail.webm', contentType }, Number.isFinite(declared) ? declared : 0, maxVoicemailBytes);
    } catch (error) {
      if (error instanceof FileTooLargeError || error instanceof QuotaExceededError) {
        response.setHeader('connection', 'close');
        throw new HttpError(413, error instanceof QuotaExceededError ? 'This voicemail would take you past your storage for shared files: delete messages with files you no longer need.' : tooLong);
      }
      if (request.destroyed || request.readableAborted) return void response.destroy();
      throw error;
    }
    // The bytes must be what they claim: anything else is not kept.
    const magic = voicemailMagic[contentType];
    if (!(await context.files.head(file.id, magic.length)).equals(magic)) {
      await context.files.remove(file.id);
      throw new HttpError(415, 'This is not an Opus recording (WebM or Ogg).');
    }
    sendJson(response, 201, ok(await context.files.view(file.id)));
  };

  const upload = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const viewer = await sessionUser(request);
    if (!viewer) throw new HttpError(401, 'Sign in first: send the session token as "Authorization: Bearer TOKEN".');
    const callId = url.searchParams.get('callId');
    if (callId !== null) {
      if (!/^[\w-]{1,200}$/.test(callId)) throw new HttpError(404, 'This call is not yours.');
      return uploadVoicemail(request, response, viewer, callId);
    }
    const conversationId = url.searchParams.get('conversationId') ?? '';
    const rawName = url.searchParams.get('name') ?? '';
    if (!conversationId || !rawName || rawName.length > 1000) throw new HttpError(400, 'Name the conversation and the file: ?conversationId=ID&name=NAME.');
    if (!(await context.access.canWrite(viewer, conversationId))) throw new HttpError(404, 'This conversation is not available to you.');
    const refusal = await context.limits.upload(viewer.id);
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
