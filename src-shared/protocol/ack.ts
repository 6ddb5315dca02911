/** Error codes every command acknowledgement may carry. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'refused'
  | 'too_large'
  | 'offline'
  | 'timeout'
  | 'rate_limited'
  | 'internal';

/** What went wrong, for a person and for a program. */
export interface AckError {
  code: ErrorCode;
  message: string;
  /** With `rate_limited`: how long to wait before asking again. */
  retryAfterMs?: number;
}

/** The one shape of every acknowledgement: data on success, an error otherwise. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ErrorCode, message: string): Ack<T> {
  return { ok: false, error: { code, message } };
}

/** A refusal because the person asked too often (SPEC 8): says when to ask again. */
export function rateLimited<T = never>(retryAfterMs: number, message: string): Ack<T> {
  const waitMs = Math.max(0, Math.ceil(retryAfterMs));
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return { ok: false, error: { code: 'rate_limited', message: `${message} Try again in ${seconds} s.`, retryAfterMs: waitMs } };
}
