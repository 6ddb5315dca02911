import { z } from 'zod';
import type { MatchedNumber } from '../domain/phone';

/** The five presences a person can have (SPEC 1 rule 4). */
export const presenceValues = ['available', 'away', 'busy', 'dnd', 'offline'] as const;
export type Presence = (typeof presenceValues)[number];
export const presenceSchema = z.enum(presenceValues);

/** Exactly what a viewer sees of a person they do not see (SPEC 1 rule 7). */
export const UNKNOWN_USER = 'UNKNOWN USER';

/**
 * A person the viewer sees, as a message or a notice names them: enough to show them (name,
 * Federated and their account) and to open their card, and nothing that changes by the minute
 * (presence) or belongs on the card (contacts). Every message carries one, so it stays small.
 */
export interface PersonLabel {
  kind: 'person';
  id: string;
  displayName: string;
  accountId: string;
  accountName: string;
  /** True when the person is in another account than the viewer's. */
  federated: boolean;
  /**
   * Their profile photo (`profile:photo`); null or left out: initials show. Only ever sent to
   * people who see them. A message's author label leaves it out when there is none (every message
   * carries one, so it stays small); a card and a person's change say null.
   */
  photoId?: string | null;
}

/** Who wrote a message, or is named in a notice: a label, or UNKNOWN USER. */
export type LabelRef = PersonLabel | UnknownPerson;

/** A person the viewer sees, as shown in lists (search results, members, chat peers). */
export interface PersonSummary extends PersonLabel {
  title: string | null;
  department: string | null;
  presence: Presence;
  statusMessage: string | null;
  email: string;
  phone: string | null;
}

/**
 * A person the viewer does not see, within one conversation: a name that says so, and a
 * reference that tells unknown people of that conversation apart without saying who they are.
 * The same person gets another reference in every other conversation, and a new one each time
 * a federation change makes them unknown again, so a reference cannot be followed elsewhere.
 */
export interface UnknownPerson {
  kind: 'unknown';
  displayName: typeof UNKNOWN_USER;
  /** Opaque and random; stable for the viewer's account within this conversation. */
  token: string;
  /** 1, 2, 3… in the order the conversation's unknown people first showed to the viewer's account: picks a distinct avatar. */
  number: number;
}

/** Any person as a client may receive it. */
export type PersonRef = PersonSummary | UnknownPerson;

/** Everything a contact card shows (SPEC 1 rule 3). */
export interface ContactCard extends PersonSummary {
  mobile: string | null;
  /** Only for people of the viewer's own account. */
  extension: string | null;
  /** The IANA time zone their client last reported, or null: the card shows their local time (SPEC 9). */
  timeZone: string | null;
}

/** A channel as listed in search. */
export interface ChannelSummary {
  kind: 'channel';
  id: string;
  name: string;
  topic: string | null;
  visibility: 'public' | 'private';
  accountId: string;
  accountName: string;
  /** Whether the viewer is a member. */
  member: boolean;
}

/** A person found by search; a search by digits says which of their numbers matched. */
export interface FoundPerson extends PersonSummary {
  matchedNumber: MatchedNumber | null;
}

/** The answer to a directory search: people and channels, each ranked. */
export interface SearchResults {
  query: string;
  people: FoundPerson[];
  channels: ChannelSummary[];
}

/** A person offered on the sign-in screen when the backend runs demo data. */
export interface DemoPerson {
  displayName: string;
  email: string;
  title: string | null;
  accountId: string;
  accountName: string;
}

/** What the sign-in screen shows of demo data: its people by company, and who is federated with whom. */
export interface DemoDirectory {
  people: DemoPerson[];
  accounts: Array<{ id: string; name: string }>;
  federations: Array<{ id: string; name: string; accountIds: string[] }>;
}

/** The signed-in person and their session. */
export interface SignedIn {
  token: string;
  user: ContactCard;
}

/** Connection state of the session, as the UI shows it. */
export type ConnectionState = 'signed-out' | 'connecting' | 'connected' | 'reconnecting';

/** A channel, a 1:1 chat, or a group chat of 3 to 10 people (SPEC 7). */
export type ConversationKind = 'channel' | 'direct' | 'group';

/** Which messages of a conversation notify a member (SPEC 9 `Notifications`): all, only those that mention them, or none. */
export const notifyLevels = ['all', 'mentions', 'nothing'] as const;
export type NotifyLevel = (typeof notifyLevels)[number];

/** A chat or channel as the conversation list shows it. */
export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  /** The channel's name; the other person's name; a group chat's members (but the viewer) as the viewer sees them. */
  title: string;
  topic: string | null;
  visibility: 'public' | 'private' | null;
  /** The owner account (channels; group chats have none). */
  accountId: string | null;
  accountName: string | null;
  /** The other person of a direct chat. */
  peer: PersonSummary | null;
  lastSeq: number;
  lastMessageAt: string | null;
  /** Messages of others the viewer has not read, counted up to 999 (999 means "999 or more"). */
  unreadCount: number;
  /** The viewer has read up to this sequence number: a conversation opens just after it (SPEC 7). */
  lastReadSeq: number;
  /** Whether the viewer may rename it and change its topic (members of the owner account). */
  canEdit: boolean;
  /**
   * A channel's (or group chat's) members come from these other accounts, which the viewer sees
   * (SPEC 6 "shared channel"), sorted by name; empty for one account's conversations and for direct chats.
   */
  sharedWith: string[];
  /** Some members are people the viewer does not see (they show as UNKNOWN USER). */
  hasUnknownMembers: boolean;
  /** Unread messages that mention the viewer, counted up to 999 (SPEC 7 "Mentions"). */
  unreadMentions: number;
  /** The viewer muted it (SPEC 9): no badge, no sound; mentions still count. */
  muted: boolean;
  /** Which of its messages notify the viewer. */
  notify: NotifyLevel;
  /** A group chat its members named (SPEC 9): `title` is that name, and `Clear name` is offered. */
  named: boolean;
}

/** Where a person has read a conversation up to, as all their clients show it (SPEC 9 "Read state"). */
export interface ReadState {
  conversationId: string;
  lastReadSeq: number;
  /** As in ConversationSummary. */
  unreadCount: number;
  unreadMentions: number;
}

/** One message as a viewer receives it; the author per SPEC 1 rule 7. */
export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  author: LabelRef;
  /** The id the author's client gave it; only ever sent to the author. */
  clientId: string | null;
  text: string;
  /** The file the message shares, if any (SPEC 1 rule 11). */
  file: SharedFile | null;
  /** Set when the entry is a notice (a join, a rename…) rather than something someone wrote; its actor is `author`. */
  notice: ConversationNotice | null;
  createdAt: string;
  editedAt: string | null;
  /** On a reply: the id of the message that started its thread (SPEC 7 "Threads"); null in the conversation's own log. */
  threadId: string | null;
  /**
   * On a message that started a thread: its replies so far. On a reply: the same for its thread
   * (so a client that receives a reply, live or catching up, knows the thread's count). Null when
   * there are no replies. As of when this view was built.
   */
  thread: ThreadSummary | null;
  /** A deleted message that started a thread stays, without its text or file, so its replies can still be read. */
  deleted: boolean;
  /** Emoji reactions, in the order each emoji was first used (SPEC 7 "Reactions"). */
  reactions: ReactionView[];
  /** The people `text` mentions, each once, as the viewer sees them; in the text as `@` and their displayName. */
  mentions: LabelRef[];
}

/** What the fields of a message that may be left out on the wire hold when they hold nothing (see `compactMessage`). */
const messageNothing = { clientId: null, file: null, notice: null, editedAt: null, threadId: null, thread: null, deleted: false } as const;
type LeftOutWhenEmpty = keyof typeof messageNothing | 'reactions' | 'mentions';

/** A message as the busiest paths send it: without the fields that hold nothing (`expandMessage` puts them back). */
export type CompactMessageView = Omit<MessageView, LeftOutWhenEmpty> & Partial<Pick<MessageView, LeftOutWhenEmpty>>;

/**
 * A message without its fields that hold nothing — no file, no thread, no reactions… — which
 * most messages have: a third of a new message's bytes, on its way to every member, and of
 * every catch-up page.
 */
export function compactMessage(view: MessageView): CompactMessageView {
  // Written out field by field: this runs for every new message and every message of a catch-up page.
  const { clientId, file, notice, editedAt, threadId, thread, deleted, reactions, mentions, ...always } = view;
  const compact: CompactMessageView = always;
  if (clientId !== null) compact.clientId = clientId;
  if (file !== null) compact.file = file;
  if (notice !== null) compact.notice = notice;
  if (editedAt !== null) compact.editedAt = editedAt;
  if (threadId !== null) compact.threadId = threadId;
  if (thread !== null) compact.thread = thread;
  if (deleted) compact.deleted = deleted;
  if (reactions.length > 0) compact.reactions = reactions;
  if (mentions.length > 0) compact.mentions = mentions;
  return compact;
}

/** A message as `compactMessage` sent it, whole again. */
export function expandMessage(compact: CompactMessageView): MessageView {
  return { ...messageNothing, reactions: [], mentions: [], ...compact };
}

/**
 * One emoji on a message and the people who reacted with it, each as the viewer sees them
 * (UNKNOWN USER included), oldest first. Whether the viewer is among them is theirs to see: they
 * see themselves by id.
 */
export interface ReactionView {
  emoji: string;
  count: number;
  people: LabelRef[];
}

/** What a message shows of the thread it started: `1 reply` / `N replies` and the last reply's time. */
export interface ThreadSummary {
  replyCount: number;
  lastReplyAt: string;
}

/** A thread: its first message (the root) and a page of its replies, oldest first. */
export interface ThreadPage {
  root: MessageView;
  replies: MessageView[];
  /** Whether older replies remain. */
  hasMore: boolean;
}

/** One message found by message search (SPEC 7), as the viewer may see it. */
export interface MessageSearchHit {
  message: MessageView;
  /** The conversation it is in, titled as the viewer sees it. */
  conversation: { id: string; kind: ConversationKind; title: string };
  /** A piece of its text (or its file's name) around the first match; nothing the message itself does not show. */
  excerpt: string;
  /** Where the query's words are in `excerpt`: [start, end) offsets in UTF-16 code units. */
  highlights: Array<[number, number]>;
}

/**
 * What a notice says happened in a conversation (SPEC 7), its actor being the message's author.
 * People in it are as the viewer sees them: a person, or UNKNOWN USER.
 */
export type ConversationNotice =
  | { kind: 'joined' }
  | { kind: 'left' }
  | { kind: 'added'; people: LabelRef[] }
  | { kind: 'renamed'; from: string; to: string }
  /** A member named a group chat (`name` null: cleared its name). */
  | { kind: 'named'; name: string | null }
  | { kind: 'topic'; topic: string | null }
  | { kind: 'meeting-scheduled'; title: string; startsAt: string; durationMinutes: number };

/** The kinds of notice, for code that must handle each. */
export type ConversationNoticeKind = ConversationNotice['kind'];

/** A file shared in a conversation, as its messages show it. */
export interface SharedFile {
  id: string;
  /** The sanitized file name: what the link shows and the download is saved as. */
  name: string;
  size: number;
  contentType: string;
}

/** One page of a list the server hands out in pieces; `nextCursor` asks for the next (null: that was all). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Asks for a page of a list: where the previous one ended, and how many at most. */
export const pageRequestShape = {
  cursor: z.string().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(200).optional(),
};

/** A page of history, newest last. */
export interface HistoryPage {
  conversationId: string;
  messages: MessageView[];
  /** Whether older messages remain. */
  hasMore: boolean;
}

/**
 * A page of messages after a sequence number, as the server sends it: its messages as UTF-8
 * JSON bytes (a binary attachment), encoded once per page and viewing account and sent as they
 * are to every client of that account who asks — after a network blip every member asks for
 * the same pages. The bytes carry no client id; those of the asker's own messages come beside
 * them. The session client turns it back into a HistoryPage (`decodeHistoryPage`): nothing past
 * it sees this form.
 */
export interface EncodedHistoryPage {
  conversationId: string;
  /** The page's messages as JSON (CompactMessageView[]), no client id among them. */
  encodedMessages: Uint8Array | ArrayBuffer;
  /** The asker's own messages of the page: message id → the client id their client gave it. */
  ownClientIds: Record<string, string>;
  hasMore: boolean;
}

/** A history page as the session client hands it on, from either form the server sends. */
export function decodeHistoryPage(page: HistoryPage | EncodedHistoryPage): HistoryPage {
  if (!('encodedMessages' in page)) return page;
  const messages = (JSON.parse(new TextDecoder().decode(page.encodedMessages)) as CompactMessageView[]).map(expandMessage);
  for (const message of messages) message.clientId = Object.hasOwn(page.ownClientIds, message.id) ? page.ownClientIds[message.id]! : null;
  return { conversationId: page.conversationId, messages, hasMore: page.hasMore };
}
