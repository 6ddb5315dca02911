/**
 * What a shared file is called and how it is served. The name a client sends is only ever a
 * label (the bytes live on disk under the file's id), but it ends up in a download's
 * Content-Disposition and on someone's disk, so it is cleaned of paths and unsafe characters.
 */

const maxNameLength = 200;
/** Windows' reserved device names, which no saved file may take. */
const reservedNames = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** `../../etc/passwd` → `passwd`; control and reserved characters become `_`; never empty. */
export function sanitizeFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (reservedNames.test(name)) name = `_${name}`;
  if (name.length > maxNameLength) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, maxNameLength - extension.length) + extension;
  }
  return name || 'file';
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Types served as themselves; everything else (HTML, SVG, scripts…) goes out as plain bytes. */
const servedAsIs = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/json',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  // Voicemail recordings (Opus in WebM).
  'audio/webm',
  'video/mp4',
  'video/webm',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

/** The uploader's declared type, normalized; `application/octet-stream` when it is not a plain MIME type. */
export function declaredContentType(header: string | undefined): string {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(type) && type.length <= 100 ? type : 'application/octet-stream';
}

/** The Content-Type a download is served with: the declared one only when it is harmless. */
export function servedContentType(declared: string): string {
  if (!servedAsIs.has(declared)) return 'application/octet-stream';
  return declared.startsWith('text/') ? `${declared}; charset=utf-8` : declared;
}
