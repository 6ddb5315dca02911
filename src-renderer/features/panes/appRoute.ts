/**
 * Where the app is, as an address (`#/chat/ID`): what a phone's Back returns to, what a reload
 * reopens, and what a link opens (SPEC 9 `Copy link`, SPEC 11 deep links). The hash keeps it
 * away from the server (it never sees which conversation is open) and works wherever the app is
 * served, Electron's app:// included.
 *
 *   #/chat · #/calling · #/meetings                a section
 *   #/chat/CONVERSATION                            a conversation
 *   #/chat/CONVERSATION/thread/MESSAGE             a conversation with a thread open
 *   #/chat/CONVERSATION/message/MESSAGE            a conversation opened at one of its messages
 */
import type { Section } from '../../store/uiSlice';

export interface AppRoute {
  section: Section;
  conversationId: string | null;
  /** The message that started the open thread. */
  threadRootId: string | null;
  /** A message to open the conversation at (a link to it). */
  messageId: string | null;
}

const sections: readonly Section[] = ['chat', 'calling', 'meetings'];

/** Ids as the protocol takes them (1 to 200 characters); anything else in an address is not a route. */
function validId(value: string | undefined): string | null {
  if (value === undefined) return null;
  let id: string;
  try {
    id = decodeURIComponent(value);
  } catch {
    return null;
  }
  const control = [...id].some((character) => character.charCodeAt(0) < 0x20);
  return id.length >= 1 && id.length <= 200 && !control ? id : null;
}

/** The route an address names, or null when it names none (then the app opens as it would). */
export function parseRoute(hash: string): AppRoute | null {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const section = sections.find((candidate) => candidate === parts[0]);
  if (!section) return null;
  const empty: AppRoute = { section, conversationId: null, threadRootId: null, messageId: null };
  if (parts.length === 1) return empty;
  if (section !== 'chat') return null;
  const conversationId = validId(parts[1]);
  if (!conversationId) return null;
  if (parts.length === 2) return { ...empty, conversationId };
  const target = validId(parts[3]);
  if (parts.length !== 4 || !target) return null;
  if (parts[2] === 'thread') return { ...empty, conversationId, threadRootId: target };
  if (parts[2] === 'message') return { ...empty, conversationId, messageId: target };
  return null;
}

/** The address of a route: `#/chat/c-1/thread/m-2`. */
export function routeHash(route: Pick<AppRoute, 'section'> & Partial<AppRoute>): string {
  let hash = `#/${route.section}`;
  if (route.section !== 'chat' || !route.conversationId) return hash;
  hash += `/${encodeURIComponent(route.conversationId)}`;
  if (route.threadRootId) hash += `/thread/${encodeURIComponent(route.threadRootId)}`;
  else if (route.messageId) hash += `/message/${encodeURIComponent(route.messageId)}`;
  return hash;
}

/** A link anyone may open to a message (`Copy link`): the app's own address with the message's route. */
export function messageLink(appUrl: string, conversationId: string, messageId: string): string {
  const url = new URL(appUrl);
  url.hash = routeHash({ section: 'chat', conversationId, messageId });
  return url.href;
}
