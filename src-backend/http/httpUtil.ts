import type { IncomingMessage, ServerResponse } from 'node:http';
import { rateLimited } from '../../src-shared/protocol/ack';
import { rendererContentSecurityPolicy } from '../../src-shared/protocol/contentSecurityPolicy';
import type { Refusal } from '../limits/limits';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON body of at most `limit` bytes. */
export async function readJson(request: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'Send JSON (content-type: application/json).');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(text);
}

/** Headers for every page of the browser build. */
export const pageSecurityHeaders: Record<string, string> = {
  // The browser build talks only to the backend that served it ('self' covers its ws: form too).
  'content-security-policy': rendererContentSecurityPolicy(["'self'"]),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The bearer token of a request, if any. */
export function bearerToken(request: IncomingMessage): string | null {
  return /^Bearer\s+(\S{16,200})$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;
}

/** Answers 429 with when to retry, in the header and in the body. */
export function sendTooMany(response: ServerResponse, refusal: Refusal): void {
  response.setHeader('retry-after', String(Math.ceil(refusal.retryAfterMs / 1000)));
  sendJson(response, 429, rateLimited(refusal.retryAfterMs, refusal.message));
}
