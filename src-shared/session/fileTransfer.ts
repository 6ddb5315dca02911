/**
 * File upload and download over HTTP with the session's token. The session host runs these
 * where the session lives: Electron's main process (the renderer hands over the bytes over IPC)
 * or the page itself in the browser build.
 */
import { fail, ok, type Ack } from '../protocol/ack';
import { maxVoicemailBytes, voicemailAudioTypes, type VoicemailAudioType } from '../protocol/callProtocol';
import { filePaths, maxPreviewBytes, previewableImageTypes, type FilePreview, type FileUpload } from '../protocol/fileProtocol';
import type { ContactCard, SharedFile } from '../protocol/model';
import { photoPaths, photoTypes, type PhotoBytes, type PhotoType } from '../protocol/profileProtocol';
import type { SessionClient } from './sessionClient';

/** A MIME type as sent in a header; anything else goes as plain bytes. */
const mimeType = /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/i;

export async function uploadFile(session: SessionClient, upload: FileUpload, fetchImpl: typeof fetch = globalThis.fetch): Promise<Ack<SharedFile>> {
  const token = session.sessionToken;
  if (!token) return fail('unauthorized', 'Sign in first.');
  const url = new URL(filePaths.files, session.serverUrl);
  url.searchParams.set('conversationId', upload.conversationId);
  url.searchParams.set('name', upload.name);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': mimeType.test(upload.contentType) ? upload.contentType : 'application/octet-stream' },
      body: upload.bytes,
    });
  } catch {
    return fail('offline', 'The file could not be sent: the Meridian server cannot be reached.');
  }
  try {
    return (await response.json()) as Ack<SharedFile>;
  } catch {
    return fail('internal', `The file could not be sent (the server answered ${response.status}).`);
  }
}

/** Asks for a fresh signed URL for the file and hands it to the platform's downloader. */
export async function downloadFile(session: SessionClient, fileId: string, download: (url: string) => Promise<void> | void): Promise<Ack<null>> {
  const answer = await session.request('file:downloadUrl', { fileId });
  if (!answer.ok) return answer;
  await download(new URL(answer.data.path, session.serverUrl).href);
  return ok(null);
}

/** An image's bytes fetched with the session's token (membership is checked by the server), for a preview. */
export async function previewFile(session: SessionClient, fileId: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<Ack<FilePreview>> {
  const token = session.sessionToken;
  if (!token) return fail('unauthorized', 'Sign in first.');
  let response: Response;
  try {
    response = await fetchImpl(new URL(filePaths.download(fileId), session.serverUrl), { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return fail('offline', 'The Meridian server cannot be reached.');
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const size = Number(response.headers.get('content-length') ?? '0');
  if (!response.ok) return fail(response.status === 404 ? 'not_found' : 'forbidden', 'This file is not available to you.');
  if (!previewableImageTypes.includes(contentType) || size > maxPreviewBytes) {
    await response.body?.cancel();
    return fail('bad_request', 'This file has no preview.');
  }
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength > maxPreviewBytes) return fail('bad_request', 'This file has no preview.');
  return ok({ contentType, bytes });
}

/** Uploads a recorded voicemail for a call this person placed (`POST /api/files?callId=…`); the voicemail is left after. */
export async function uploadVoicemailAudio(
  session: SessionClient,
  upload: { callId: string; contentType: VoicemailAudioType; bytes: ArrayBuffer },
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<Ack<{ fileId: string }>> {
  const token = session.sessionToken;
  if (!token) return fail('unauthorized', 'Sign in first.');
  const url = new URL(filePaths.files, session.serverUrl);
  url.searchParams.set('callId', upload.callId);
  url.searchParams.set('name', upload.contentType === 'audio/ogg' ? 'voicemail.ogg' : 'voicemail.webm');
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': upload.contentType }, body: upload.bytes });
  } catch {
    return fail('offline', 'The voicemail could not be sent: the Meridian server cannot be reached.');
  }
  try {
    const answer = (await response.json()) as Ack<SharedFile>;
    return answer.ok ? ok({ fileId: answer.data.id }) : answer;
  } catch {
    return fail('internal', `The voicemail could not be sent (the server answered ${response.status}).`);
  }
}

/** A voicemail's recording, fetched with the session's token (the server checks it is the viewer's), for playing. */
export async function fetchVoicemailAudio(session: SessionClient, fileId: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<Ack<{ contentType: VoicemailAudioType; bytes: ArrayBuffer }>> {
  const token = session.sessionToken;
  if (!token) return fail('unauthorized', 'Sign in first.');
  let response: Response;
  try {
    response = await fetchImpl(new URL(filePaths.download(fileId), session.serverUrl), { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return fail('offline', 'The Meridian server cannot be reached.');
  }
  if (!response.ok) return fail(response.status === 404 ? 'not_found' : 'forbidden', 'This voicemail is not available to you.');
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim() as VoicemailAudioType;
  if (!voicemailAudioTypes.includes(contentType) || Number(response.headers.get('content-length') ?? '0') > maxVoicemailBytes) {
    await response.body?.cancel();
    return fail('bad_request', 'This is not a voicemail recording.');
  }
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength > maxVoicemailBytes) return fail('bad_request', 'This is not a voicemail recording.');
  return ok({ contentType, bytes });
}

/** Uploads a photo as the signed-in person's own (`POST /api/photos`); the server checks what it is. */
export async function uploadPhoto(session: SessionClient, upload: { contentType: string; bytes: ArrayBuffer }, fetchImpl: typeof fetch = globalThis.fetch): Promise<Ack<ContactCard>> {
  const token = session.sessionToken;
  if (!token) return fail('unauthorized', 'Sign in first.');
  let response: Response;
  try {
    response = await fetchImpl(new URL(photoPaths.photos, session.serverUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': mimeType.test(upload.contentType) ? upload.contentType : 'application/octet-stream' },
      body: upload.bytes,
    });
  } catch {
    return fail('offline', 'The photo could not be sent: the Meridian server cannot be reached.');
  }
  try {
    return (await response.json()) as Ack<ContactCard>;
  } catch {
    return fail('internal', `The photo could not be sent (the server answered ${response.status}).`);
  }
}

/** A photo's bytes, fetched with the session's token (the server checks the viewer sees its owner). */
export async function fetchPhoto(session: SessionClient, photoId: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<Ack<PhotoBytes>> {
  const token = session.sessionToken;
  if (!token) return fail('unauthorized', 'Sign in first.');
  let response: Response;
  try {
    response = await fetchImpl(new URL(photoPaths.photo(photoId), session.serverUrl), { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return fail('offline', 'The Meridian server cannot be reached.');
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail(response.status === 404 ? 'not_found' : 'forbidden', 'This photo is not available to you.');
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim() as PhotoType;
  if (!photoTypes.includes(contentType)) {
    await response.body?.cancel();
    return fail('bad_request', 'This is not a photo.');
  }
  return ok({ contentType, bytes: await response.arrayBuffer() });
}
