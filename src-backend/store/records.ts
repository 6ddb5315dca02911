/**
 * What the store holds, as every engine gives it (SQLite and PostgreSQL alike): the records the
 * repositories of ./repositories.ts read and write. Nothing here knows SQL.
 */
import type { CallOutcome, CallState } from '../../src-shared/protocol/callProtocol';
import type { SessionClientKind } from '../../src-shared/protocol/http';
import type { ConversationKind, NotifyLevel, Presence, SharedFile, ThreadSummary } from '../../src-shared/protocol/model';

// --- accounts, people, federations ------------------------------------------------------------

/** One organization. */
export interface Account {
  id: string;
  name: string;
}

/** A federation and its member accounts, as stored. */
export interface FederationRecord {
  id: string;
  name: string;
  accountIds: string[];
  createdAt: string;
}

/** A person as stored (no password hash). */
export interface UserRecord {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  title: string | null;
  department: string | null;
  extension: string | null;
  phone: string | null;
  mobile: string | null;
  chosenPresence: Presence;
  /** Presence from the seed: stands for "signed in elsewhere" until the first sign-in. */
  seedPresence: Presence | null;
  statusMessage: string | null;
  /** When the status message clears itself (ISO time), or null: it stays (SPEC 9 `Clear after`). */
  statusExpiresAt: string | null;
  hasSignedIn: boolean;
  /** The id of the person's profile photo (a new one per upload), or null: initials show (SPEC 9 `Profile`). */
  photoId: string | null;
  /** The IANA time zone the person's client last reported (SPEC 9: local time on the card), or null. */
  timeZone: string | null;
}

/** What a person edits of themselves in `Profile` (SPEC 9). */
export interface ProfileChange {
  displayName: string;
  title: string | null;
  department: string | null;
}

/** A profile photo as stored: an image's bytes, checked when uploaded (PNG, JPEG or WebP, bounded). */
export interface PhotoRecord {
  id: string;
  userId: string;
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
  createdAt: string;
}

/** What `user add` stores about a new person. */
export interface NewUser {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  passwordHash: string;
  title: string | null;
  extension: string | null;
  phone: string | null;
  createdAt: string;
}

/** What the client gets for a person the viewer does not see, in one conversation (SPEC 1 rule 7). */
export interface UnknownReference {
  token: string;
  number: number;
}

/** One support change as the audit log keeps it. */
export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  federationId: string | null;
  /** Who made the change (the console sends the operator's name), or null. */
  operator: string | null;
  /** Why: a ticket or a request, as the operator gave it; or null. */
  reason: string | null;
  detail: Record<string, unknown>;
}

/** An audit entry to write, beside the change it records and in the same transaction. */
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

// --- conversations and messages ---------------------------------------------------------------

export interface ChannelRecord {
  id: string;
  name: string;
  topic: string | null;
  accountId: string;
  visibility: 'public' | 'private';
}

/** A conversation of several people, as support sees it: a channel (named, owned by an account) or a group chat (neither). */
export interface SharedConversation {
  id: string;
  kind: 'channel' | 'group';
  name: string | null;
  accountId: string | null;
  memberIds: string[];
}

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  name: string | null;
  topic: string | null;
  accountId: string | null;
  visibility: 'public' | 'private' | null;
  lastSeq: number;
  lastMessageAt: string | null;
}

/** A conversation as one of its members has it: with where they read up to, and (direct chats) the other person. */
export interface MembershipRecord extends ConversationRecord {
  lastReadSeq: number;
  /** The member muted it: no badge, no sound (mentions still count). */
  muted: boolean;
  /** Which of its messages notify the member. */
  notify: NotifyLevel;
  /** The other person of a direct chat; null for channels. */
  peerId: string | null;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  /** The author's own id for the message (idempotent resends); never shown to others. */
  clientId: string | null;
  text: string;
  /** The shared file it carries (files.id), if any. */
  fileId: string | null;
  /** That file, read with the message (no query per message). */
  file: SharedFile | null;
  /** Set when it is a notice rather than something someone wrote (its author is the actor). */
  notice: NoticeRecord | null;
  createdAt: string;
  editedAt: string | null;
  /** On a reply: the id of its thread's first message (the root). */
  threadId: string | null;
  /** The thread this message starts (a root with replies), or on a reply its root's; read with the message. */
  thread: ThreadSummary | null;
  /** Deleted, kept only because it starts a thread that has replies. */
  deleted: boolean;
}

/** What a notice records, people by user id; each viewer is told it in their own view (see ConversationViews). */
export type NoticeRecord =
  | { kind: 'joined' }
  | { kind: 'left' }
  | { kind: 'added'; userIds: string[] }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'named'; name: string | null }
  | { kind: 'topic'; topic: string | null }
  | { kind: 'meeting-scheduled'; meetingId: string; title: string; startsAt: string; durationMinutes: number };

/** Notices that count as unread (and notify): a meeting is news; someone joining is not. */
export const unreadNoticeKinds: ReadonlyArray<NoticeRecord['kind']> = ['meeting-scheduled'];

/** What `append` did: stored it (or found it stored), or refused the file it carries or the thread it answers. */
export type AppendResult = { message: MessageRecord; created: boolean } | { refused: 'file' | 'thread' };

/** What a new message holds besides its conversation and author. */
export type NewMessage = Pick<MessageRecord, 'clientId' | 'text' | 'fileId' | 'threadId'>;

/** A page of messages, oldest first, and whether there is more beyond it. */
export interface MessagePage {
  messages: readonly MessageRecord[];
  hasMore: boolean;
}

/** Unread counts stop here: past it the number says "at least this many", and counting stays cheap. */
export const maxCountedUnread = 999;

/** One page of message search hits, newest first, and where the next page starts. */
export interface MessageSearchPage {
  messages: MessageRecord[];
  nextCursor: string | null;
}

/** One person's read mark in one conversation. */
export interface ReadMark {
  conversationId: string;
  userId: string;
  seq: number;
}

/** A person's read mark in one thread. */
export interface ThreadReadMark {
  rootId: string;
  userId: string;
  seq: number;
}

/** Where a person has read a thread up to, with its replies (by others, not deleted) they have not read. */
export interface ThreadMark {
  rootId: string;
  conversationId: string;
  lastReadSeq: number;
  unreadReplies: number;
}

/** One thread a person is in, as their list of threads shows it. */
export interface ThreadMembership {
  root: MessageRecord;
  lastReadSeq: number;
  unreadReplies: number;
}

/** A page of a person's threads, newest reply first, and where the next page starts. */
export interface ThreadPage {
  threads: ThreadMembership[];
  nextCursor: string | null;
}

/** A page of the messages that mention a person, newest first, and where the next page starts. */
export interface MentionPage {
  messages: MessageRecord[];
  nextCursor: string | null;
}

/** One emoji on a message and who reacted with it (user ids, oldest first). */
export interface ReactionRecord {
  emoji: string;
  userIds: string[];
}

// --- files, sessions, calls, meetings ------------------------------------------------------------

export interface FileRecord extends SharedFile {
  /** Null for a voicemail's audio, which belongs to no conversation. */
  conversationId: string | null;
  uploaderId: string;
  createdAt: string;
}

/** One stored session. */
export interface SessionRecord {
  hash: string;
  userId: string;
  client: SessionClientKind;
  createdAt: string;
  lastUsedAt: string;
}

export interface CallRecord {
  id: string;
  callId: string | null;
  userId: string;
  direction: 'in' | 'out';
  /** The other party's number (E.164, an extension, or empty). */
  number: string;
  /** The other party, when they were a Meridian user. */
  peerUserId: string | null;
  at: string;
  outcome: CallOutcome;
  durationSec: number;
}

export interface VoicemailRecord {
  id: string;
  userId: string;
  fromNumber: string;
  fromUserId: string | null;
  at: string;
  durationSec: number;
  transcript: string;
  /** The caller's typed note ('' when none). */
  note: string;
  /** The recording (a file of the caller's), or null. */
  audioFileId: string | null;
  listened: boolean;
}

/** How many voicemails `voicemail:list` returns at most. */
export const maxListedVoicemails = 500;

export interface MeetingRecord {
  id: string;
  conversationId: string;
  kind: 'instant' | 'scheduled';
  title: string;
  createdBy: string;
  startsAt: string;
  durationMinutes: number;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

/** One client of a person in a meeting, as the store keeps it (SPEC 10: it decides who takes part, whichever process asks). */
export interface MeetingParticipantRecord {
  meetingId: string;
  userId: string;
  clientId: string;
  joinedAt: string;
  muted: boolean;
  camera: boolean;
  screen: boolean;
  /** When its connection went away (epoch ms), while it has the grace to come back; null while connected. */
  lostAt: number | null;
}

/** The longest meeting (minutes): a scheduled meeting that started longer ago than this is over. */
export const maxMeetingMinutes = 480;

/** A call under way (or ended a little while ago, for its voicemail): what the call machine keeps in the store at every step. */
export interface LiveCall {
  id: string;
  callerId: string;
  /** The one client that placed the call: it carries the call (its id lasts across reconnections). */
  callerClientId: string;
  /** What the callee sees as the caller's number. */
  callerNumber: string;
  /** Null for an outside number, or the number of someone the caller does not see: nobody to connect to. */
  calleeId: string | null;
  /** What the caller reached: an E.164 number or an extension. */
  calleeNumber: string;
  state: CallState;
  /** The caller's outcome, once ended. */
  outcome: CallOutcome | null;
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  /** The callee's client that answered. */
  answeredClientId: string | null;
  mutedBy: string[];
  /** Who put the call on hold (only they resume it), or null. */
  heldBy: string | null;
  voicemailLeft: boolean;
  /** When the ringing ends (no answer), or the simulated outside party answers. */
  deadline: number | null;
}
