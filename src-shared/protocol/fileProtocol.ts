/**
 * Files shared in conversations (SPEC 1 rule 11): the HTTP endpoints that carry the bytes, the
 * socket commands around them, and the renderer API's local channels that upload and download.
 *
 * Upload: `POST /api/files?conversationId=ID&name=NAME`, the raw bytes as the body, the file's
 * type as `content-type`, `authorization: Bearer <session token>` → `Ack<SharedFile>`.
 * Download: `GET /api/files/ID` with that header, or with the signed query `file:downloadUrl`
 * gives (bound to the user, valid for minutes, checked against membership on every request).
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import type { SharedFile } from './model';

export const filePaths = {
  /** Upload (POST) and, with `/ID`, download (GET). */
  files: '/api/files',
  download: (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`,
} as const;

/** The upload limit when the backend is not told otherwise (SPEC 1 rule 11). */
export const defaultMaxUploadBytes = 25 * 1024 * 1024;

/** How long a signed download URL stays valid. */
export const downloadUrlLifetimeMs = 5 * 60 * 1000;

/** `25 MB`, `1.5 MB`, `12 KB`: sizes as people read them. */
export function describeSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${Math.round(value * 10) / 10} ${units[unit]}`;
}

/** What a refused over-limit upload says, wherever it is refused. */
export function fileTooLargeMessage(maxUploadBytes: number): string {
  return `File too large: the limit is ${describeSize(maxUploadBytes)}.`;
}

const id = z.string().min(1).max(200);

/** What a client may upload: the largest file, and how many files may go in one burst (the backend's rate limit). */
export interface FileLimits {
  maxUploadBytes: number;
  maxFilesAtOnce: number;
}

export const fileCommands = {
  /** A download URL for one file, bound to the viewer and valid for a few minutes. */
  'file:downloadUrl': z.object({ fileId: id }).strict(),
  /** The backend's upload limits, so a client can refuse an over-limit file, or too many at once, before sending them. */
  'file:limits': z.object({}).strict(),
} as const;

export interface FileResults {
  /** `path` is relative to the server's address. */
  'file:downloadUrl': { path: string; expiresAt: string };
  'file:limits': FileLimits;
}

/** Renderer API channels served by the session host (they need the session token and fetch). */
export const fileLocalChannelSchemas = {
  /** Uploads a file's bytes into a conversation; the message that carries it is sent after. */
  'file:upload': z
    .object({
      conversationId: id,
      name: z.string().min(1).max(1000),
      contentType: z.string().max(200),
      bytes: z.instanceof(ArrayBuffer),
    })
    .strict(),
  /** Downloads a file: a fresh signed URL, handed to the platform's downloader. */
  'file:download': z.object({ fileId: id }).strict(),
  /** An image's bytes for a preview in the log (images up to 5 MB). */
  'file:preview': z.object({ fileId: id }).strict(),
} as const;

/** Images that preview in the log; everything else shows only as its link. */
export const previewableImageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const maxPreviewBytes = 5 * 1024 * 1024;

/** A preview's bytes, for a blob: URL in the renderer (its CSP allows blob: images, not the server's origin). */
export interface FilePreview {
  contentType: string;
  bytes: ArrayBuffer;
}

export interface FileLocalChannelResults {
  'file:upload': Ack<SharedFile>;
  'file:download': Ack<null>;
  'file:preview': Ack<FilePreview>;
}

export type FileUpload = z.input<(typeof fileLocalChannelSchemas)['file:upload']>;

export interface FileApi {
  uploadFile(upload: FileUpload): Promise<Ack<SharedFile>>;
  downloadFile(fileId: string): Promise<Ack<null>>;
  previewFile(fileId: string): Promise<Ack<FilePreview>>;
  getFileLimits(): Promise<Ack<FileResults['file:limits']>>;
}

export function createFileApi(transport: ApiTransport): FileApi {
  return {
    uploadFile: (upload) => transport.invoke('file:upload', upload),
    downloadFile: (fileId) => transport.invoke('file:download', { fileId }),
    previewFile: (fileId) => transport.invoke('file:preview', { fileId }),
    getFileLimits: () => transport.invoke('file:limits', {}),
  };
}
