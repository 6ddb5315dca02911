/**
 * Profile photos as the renderer shows them: fetched once per photo id (a new photo is a new id,
 * so bytes never go stale) through the session host, which sends the session token — the server
 * serves a photo only to people who see its owner — and shown from a blob: URL (the renderer's CSP
 * allows blob: images, not the server's origin). A cache of the server's photos: `forgetPhotos`
 * empties it when the person signs out.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { getApi } from '../../bridge/api';

/** Photo id → its blob: URL, or null while it loads or when it could not be had. */
const urls = new Map<string, string | null>();
const listeners = new Set<() => void>();
const changed = () => {
  for (const listener of listeners) listener();
};

async function load(photoId: string): Promise<void> {
  urls.set(photoId, null);
  const answer = await getApi().fetchPhoto(photoId);
  // Forgotten meanwhile (signed out): nothing is kept.
  if (!urls.has(photoId)) return;
  if (answer.ok) urls.set(photoId, URL.createObjectURL(new Blob([answer.data.bytes], { type: answer.data.contentType })));
  changed();
}

/** The blob: URL of a photo, once fetched; null before, and for no photo. */
export function usePhotoUrl(photoId: string | null | undefined): string | null {
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  const url = useSyncExternalStore(subscribe, () => (photoId ? (urls.get(photoId) ?? null) : null));
  useEffect(() => {
    if (photoId && !urls.has(photoId)) void load(photoId);
  }, [photoId]);
  return url;
}

/** Lets go of every photo (signing out: nothing of the people one saw stays). */
export function forgetPhotos(): void {
  for (const url of urls.values()) if (url) URL.revokeObjectURL(url);
  urls.clear();
  changed();
}
