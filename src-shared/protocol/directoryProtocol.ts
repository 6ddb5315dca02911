/** Directory: unified search, contact cards, presence (SPEC 1 rules 1–4). */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import { presenceSchema, type ContactCard, type PersonSummary, type SearchResults } from './model';
import { nameText } from './validate';

const id = z.string().min(1).max(200);

/** A status message clears itself at most this far ahead (`This week` from its first day, and a little). */
export const maxStatusClearMs = 8 * 24 * 60 * 60 * 1000;

/** How many people one client may watch the presence of at once. */
export const maxWatchedPeople = 500;

export const directoryCommands = {
  /** Unified search: people and channels the viewer may see. */
  'directory:search': z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(),
  /** One person's contact card. */
  'person:card': z.object({ userId: id }).strict(),
  /**
   * Sets the viewer's own presence and status message; `statusClearsAt` (an ISO time, in the next
   * eight days) is when the message clears itself (SPEC 9 `Clear after`), absent or null for never.
   */
  'presence:set': z
    .object({
      presence: presenceSchema,
      statusMessage: nameText(z.string().max(100, 'A status message is at most 100 characters.')).nullable(),
      statusClearsAt: z.string().datetime({ offset: true, message: 'Clear after must be a time.' }).nullable().optional(),
    })
    .strict(),
  /** This client's person has been idle (no input for 10 minutes), or is back; never stored. */
  'presence:idle': z.object({ idle: z.boolean() }).strict(),
  /**
   * The people whose presence this client shows now (chat peers, members on screen, search
   * results, an open card): from now on it hears `presence:changed` for them, and for no one else
   * but its own person. Replaces what it watched before; sent again after every reconnection.
   * Answers with how the people it did not watch before are now (so no change falls between).
   */
  'presence:watch': z.object({ userIds: z.array(id).max(maxWatchedPeople) }).strict(),
} as const;

export interface DirectoryResults {
  'directory:search': SearchResults;
  'person:card': ContactCard;
  'presence:set': PersonSummary;
  'presence:idle': null;
  'presence:watch': PersonSummary[];
}

export interface DirectoryEvents {
  /** The presence or status message of people this client watches (or of its own person) changed. */
  'presence:changed': { people: PersonSummary[] };
  /** Who the viewer sees changed (federation or user change): cached people may be stale. */
  'directory:changed': { reason: string };
}

type Payload<C extends keyof typeof directoryCommands> = z.input<(typeof directoryCommands)[C]>;

export interface DirectoryApi {
  searchDirectory(payload: Payload<'directory:search'>): Promise<Ack<SearchResults>>;
  getContactCard(payload: Payload<'person:card'>): Promise<Ack<ContactCard>>;
  setPresence(payload: Payload<'presence:set'>): Promise<Ack<PersonSummary>>;
  setIdle(payload: Payload<'presence:idle'>): Promise<Ack<null>>;
  watchPresence(payload: Payload<'presence:watch'>): Promise<Ack<PersonSummary[]>>;
}

export function createDirectoryApi(transport: ApiTransport): DirectoryApi {
  return {
    searchDirectory: (payload) => transport.invoke('directory:search', payload),
    getContactCard: (payload) => transport.invoke('person:card', payload),
    setPresence: (payload) => transport.invoke('presence:set', payload),
    setIdle: (payload) => transport.invoke('presence:idle', payload),
    watchPresence: (payload) => transport.invoke('presence:watch', payload),
  };
}
