/**
 * Profile photos (SPEC 9 `Profile`): `POST /api/photos` (an image's raw bytes, `authorization:
 * Bearer TOKEN`) makes it the person's photo; `GET /api/photos/ID` (that header) serves it to
 * people who see its owner, while it is their photo. The type comes from the bytes (PNG, JPEG,
 * WebP), never from a name or a header, and the photo is only ever served as that image type,
 * with `nosniff` and a sandbox: a file that only looks like an image cannot run as a page.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { imageSize } from 'image-size';
import { ok } from '../../src-shared/protocol/ack';
import { describeSize } from '../../src-shared/protocol/fileProtocol';
import { photoPaths, type PhotoType } from '../../src-shared/protocol/profileProtocol';
import type { ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';
import { isoNow } from '../domain/clock';
import { announcePersonChanged } from '../handlers/profileHandlers';
import { bearerToken, HttpError, sendJson, sendTooMany } from './httpUtil';
import type { Handler } from './routes';

/** How large a photo may be: bytes, and pixels on its longer side. */
export interface PhotoSettings {
  maxBytes: number;
  maxSide: number;
}

/** Whether a request path is one of the photo routes. */
export function isPhotoPath(pathname: string): boolean {
  return pathname === photoPaths.photos || pathname.startsWith(`${photoPaths.photos}/`);
}

/** What an image's first bytes say it is: PNG, JPEG or WebP, or null for anything else. */
export function photoTypeOf(bytes: Buffer): PhotoType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** What image-size calls each type. */
const sizeTypes: Record<PhotoType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** An image's type and sides, or why it cannot be a photo. */
export function checkPhoto(bytes: Buffer, settings: PhotoSettings): { contentType: PhotoType; width: number; height: number } {
  const contentType = photoTypeOf(bytes);
  if (!contentType) throw new HttpError(415, 'A photo must be a PNG, JPEG or WebP image.');
  // Shorter than its header (PNG: signature and IHDR; WebP: RIFF header and first chunk): cut off, whatever it says.
  if ((contentType === 'image/png' && bytes.length < 33) || (contentType === 'image/webp' && bytes.length < 30)) throw new HttpError(415, 'This image cannot be read: it may be damaged.');
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(bytes);
  } catch {
    throw new HttpError(415, 'This image cannot be read: it may be damaged.');
  }
  const { width = 0, height = 0 } = size;
  if (size.type !== sizeTypes[contentType] || width < 1 || height < 1) throw new HttpError(415, 'This image cannot be read: it may be damaged.');
  if (width > settings.maxSide || height > settings.maxSide) throw new HttpError(413, `A photo may be at most ${settings.maxSide} × ${settings.maxSide} pixels.`);
  return { contentType, width, height };
}

export function createPhotoRoute(context: ServerContext, settings: PhotoSettings): Handler {
  const sessionUser = async (request: IncomingMessage): Promise<UserRecord | null> => {
    const token = bearerToken(request);
    const userId = token ? await context.sessions.userIdOf(token) : null;
    return (userId && context.directory.user(userId)) || null;
  };
  const tooLarge = () => `A photo may be at most ${describeSize(settings.maxBytes)}.`;

  /** The body, refused as soon as it passes the limit (the connection then closes). */
  const readBody = async (request: IncomingMessage, response: ServerResponse): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > settings.maxBytes) {
        response.setHeader('connection', 'close');
        throw new HttpError(413, tooLarge());
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  };

  const upload = async (request: IncomingMessage, response: ServerResponse) => {
    const viewer = await sessionUser(request);
    if (!viewer) throw new HttpError(401, 'Sign in first: send the session token as "Authorization: Bearer TOKEN".');
    const refusal = await context.limits.upload(viewer.id);
    if (refusal) {
      response.setHeader('connection', 'close');
      return sendTooMany(response, refusal);
    }
    if (Number(request.headers['content-length'] ?? 0) > settings.maxBytes) {
      response.setHeader('connection', 'close');
      throw new HttpError(413, tooLarge());
    }
    const bytes = await readBody(request, response);
    const { contentType, width, height } = checkPhoto(bytes, settings);
    const updated = await context.directory.setPhoto(viewer.id, { id: `p-${randomUUID()}`, userId: viewer.id, contentType, bytes, width, height, createdAt: isoNow(context.clock) });
    if (!updated) throw new HttpError(404, 'You are no longer in the directory.');
    announcePersonChanged(context, updated);
    sendJson(response, 201, ok(context.directory.card(viewer, updated)));
  };

  const serve = async (request: IncomingMessage, response: ServerResponse, photoId: string) => {
    const viewer = await sessionUser(request);
    if (!viewer) throw new HttpError(401, 'Sign in first: send the session token as "Authorization: Bearer TOKEN".');
    const photo = await context.store.directory.photo(photoId);
    const owner = photo && context.directory.user(photo.userId);
    // The same answer for "no such photo", "not theirs any more" and "not someone you see".
    if (!photo || !owner || owner.photoId !== photo.id || !context.directory.sees(viewer, owner)) throw new HttpError(404, 'This photo is not available to you.');
    response.writeHead(200, {
      'content-type': photo.contentType,
      'content-length': photo.bytes.length,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    response.end(request.method === 'HEAD' ? undefined : photo.bytes);
  };

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === photoPaths.photos) {
      if (request.method !== 'POST') throw new HttpError(405, 'Use POST to upload a photo.');
      return upload(request, response);
    }
    const photoId = url.pathname.slice(photoPaths.photos.length + 1);
    if (!/^p-[0-9a-f-]{36}$/.test(photoId)) throw new HttpError(404, 'This photo is not available to you.');
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET to fetch a photo.');
    return serve(request, response, photoId);
  };
}
