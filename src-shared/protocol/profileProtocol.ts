/**
 * A person's own profile (SPEC 9 `Profile`): display name, title, department and photo, and the
 * time zone their client reports (the local time on their card).
 *
 * Photo upload: `POST /api/photos`, the image's raw bytes as the body (PNG, JPEG or WebP, checked
 * by their first bytes), `authorization: Bearer <session token>` → `Ack<ContactCard>` (one's own).
 * Photo: `GET /api/photos/ID` with that header: served only to people who see its owner, and only
 * while it is their photo.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import type { ContactCard, PersonSummary } from './model';
import { nameText } from './validate';

export const photoPaths = {
  /** Upload (POST). */
  photos: '/api/photos',
  /** One photo (GET). */
  photo: (photoId: string) => `/api/photos/${encodeURIComponent(photoId)}`,
} as const;

/** The image types a photo may be: others are refused whatever their name says. */
export const photoTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type PhotoType = (typeof photoTypes)[number];

/** A photo's size and sides when the backend is not told otherwise (`--max-photo-kb`, `--max-photo-side`). */
export const defaultMaxPhotoBytes = 2 * 1024 * 1024;
export const defaultMaxPhotoSide = 4096;

/** The longest display name, title and department. */
export const maxDisplayNameLength = 80;
export const maxProfileTextLength = 100;

/** Whether `name` is an IANA time zone this runtime knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Optional text: empty (after cleaning) is none. */
const optionalText = (label: string) =>
  nameText(z.string().max(maxProfileTextLength, `${label} is at most ${maxProfileTextLength} characters.`))
    .transform((text) => (text === '' ? null : text))
    .nullable();

export const profileCommands = {
  /** Changes the viewer's own display name, title and department (names are cleaned; one reading as UNKNOWN USER is refused). */
  'profile:update': z
    .object({
      displayName: nameText(z.string().min(1, 'A display name cannot be empty.').max(maxDisplayNameLength, `A display name is at most ${maxDisplayNameLength} characters.`)),
      title: optionalText('A title'),
      department: optionalText('A department'),
    })
    .strict(),
  /** Removes the viewer's own photo: initials show again. */
  'profile:removePhoto': z.object({}).strict(),
  /** The IANA time zone of this client (sent when it connects): the local time others see on the viewer's card. */
  'profile:setTimeZone': z.object({ timeZone: z.string().max(64).refine(isTimeZone, 'Not a time zone.') }).strict(),
} as const;

export interface ProfileResults {
  'profile:update': ContactCard;
  'profile:removePhoto': ContactCard;
  'profile:setTimeZone': null;
}

export interface ProfileEvents {
  /** A person the viewer sees changed their name, title, department or photo (or the viewer did): as the viewer sees them now. */
  'person:changed': { person: PersonSummary };
}

/** Renderer API channels served by the session host (they need the session token and fetch). */
export const profileLocalChannelSchemas = {
  /** Uploads a photo's bytes as the viewer's new photo. */
  'profile:uploadPhoto': z.object({ contentType: z.string().max(200), bytes: z.instanceof(ArrayBuffer) }).strict(),
  /** A photo's bytes, for a blob: URL in the renderer (its CSP allows blob: images, not the server's origin). */
  'profile:photo': z.object({ photoId: z.string().regex(/^p-[0-9a-f-]{36}$/) }).strict(),
} as const;

/** A photo's bytes as the renderer shows them. */
export interface PhotoBytes {
  contentType: PhotoType;
  bytes: ArrayBuffer;
}

export interface ProfileLocalChannelResults {
  'profile:uploadPhoto': Ack<ContactCard>;
  'profile:photo': Ack<PhotoBytes>;
}

type Payload<C extends keyof typeof profileCommands> = z.input<(typeof profileCommands)[C]>;

export interface ProfileApi {
  updateProfile(payload: Payload<'profile:update'>): Promise<Ack<ContactCard>>;
  removePhoto(): Promise<Ack<ContactCard>>;
  setTimeZone(payload: Payload<'profile:setTimeZone'>): Promise<Ack<null>>;
  uploadPhoto(upload: { contentType: string; bytes: ArrayBuffer }): Promise<Ack<ContactCard>>;
  fetchPhoto(photoId: string): Promise<Ack<PhotoBytes>>;
}

export function createProfileApi(transport: ApiTransport): ProfileApi {
  return {
    updateProfile: (payload) => transport.invoke('profile:update', payload),
    removePhoto: () => transport.invoke('profile:removePhoto', {}),
    setTimeZone: (payload) => transport.invoke('profile:setTimeZone', payload),
    uploadPhoto: (upload) => transport.invoke('profile:uploadPhoto', upload),
    fetchPhoto: (photoId) => transport.invoke('profile:photo', { photoId }),
  };
}
