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
  | 'internal';

/** What went wrong, for a person and for a program. */
export interface AckError {
  code: ErrorCode;
  message: string;
}

/** The one shape of every acknowledgement: data on success, an error otherwise. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ErrorCode, message: string): Ack<T> {
  return { ok: false, error: { code, message } };
}
