/**
 * The store's interfaces (SPEC 10, STYLE "Several processes"): one asynchronous repository per
 * table family, implemented once per engine — SQLite (./sqlite/, the embedded default) and
 * PostgreSQL (./postgres/, for several processes). Callers await every call and never see SQL;
 * a write that must go with another (a change and its audit entry) is one method, made atomic
 * by the engine. Times are passed in (read from the server's clock by the caller), so no
 * repository keeps its own notion of now.
 */
import type { NotifyLevel, Presence } from '../../src-shared/protocol/model';
import type { CallState } from '../../src-shared/protocol/callProtocol';
import type { Exclusively } from './exclusive';
import type { ValidSeed } from '../seed/loadSeed';
import type {
  Account,
  AppendResult,
  AuditEntry,
  CallRecord,
  ChannelRecord,
  LiveCall,
  ConversationRecord,
  FederationRecord,
  FileRecord,
  MeetingParticipantRecord,
  MeetingRecord,
  MembershipRecord,
  MentionPage,
  MessagePage,
  MessageRecord,
  MessageSearchPage,
  NewAuditEntry,
  NewMessage,
  NewUser,
  NoticeRecord,
  PhotoRecord,
  ProfileChange,
  ReactionRecord,
  ReadMark,
  SessionRecord,
  SharedConversation,
  ThreadMark,
  ThreadPage,
  ThreadReadMark,
  UnknownReference,
  UserRecord,
  VoicemailRecord,
} from './records';

/** Conversations and their members (SQL of `conversations` and `conversation_members`). */
export interface ConversationRepository {
  get(conversationId: string): Promise<ConversationRecord | undefined>;
  /**
   * Changes with every message, edit, deletion, reply and reaction of the conversation, whichever
   * process made it: what a process keeps of the conversation's pages is checked against it.
   */
  version(conversationId: string): Promise<string | undefined>;
  /** The conversation as this member has it; undefined when they are not a member (or it does not exist). */
  membership(conversationId: string, userId: string): Promise<MembershipRecord | undefined>;
  /** Several conversations as this member has them (those they are not a member of are left out). */
  memberships(conversationIds: readonly string[], userId: string): Promise<MembershipRecord[]>;
  /** The other person of each of this person's direct chats. */
  directPeers(userId: string): Promise<Array<{ conversationId: string; peerId: string }>>;
  /** Up to `limit` of a person's conversations, most recently active first, after (`at`, `id`) in that order. */
  page(userId: string, after: { at: string; id: string }, limit: number): Promise<MembershipRecord[]>;
  /** The members, in the order they joined. */
  members(conversationId: string): Promise<string[]>;
  /** The members of several conversations in one read, each list in the order of `members`. */
  membersOf(conversationIds: readonly string[]): Promise<Map<string, string[]>>;
  /** The channels and group chats a person is a member of (not their direct chats). */
  sharedConversationsOf(userId: string): Promise<string[]>;
  /** The accounts a conversation's members come from (people removed since are not counted). */
  memberAccounts(conversationId: string): Promise<string[]>;
  /** Every channel and group chat with its members: channels first, by name. */
  channelsWithMembers(): Promise<SharedConversation[]>;
  /** The two people of every direct chat. */
  directPairs(): Promise<Array<[string, string]>>;
  isMember(conversationId: string, userId: string): Promise<boolean>;
  /** Channels the viewer may discover: their account's public ones, and any they are a member of. */
  discoverableChannels(viewer: { id: string; accountId: string }): Promise<Array<ChannelRecord & { member: boolean }>>;
  /** The group chat whose members are exactly these people (`userId` among them), if there is one. */
  groupOf(userId: string, memberIds: readonly string[]): Promise<string | undefined>;
  /** Messages of others (and notices that are news) after `lastReadSeq`, counted up to `maxCountedUnread`. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number>;
  /** `unreadCount` of each of these conversations (each counted up to `maxCountedUnread`) in one query: a page of the list. */
  unreadCounts(userId: string, marks: ReadonlyArray<{ conversationId: string; lastReadSeq: number }>): Promise<Map<string, number>>;
  /** `memberAccounts` of each of these conversations in one query (absent: no members). */
  memberAccountsOf(conversationIds: readonly string[]): Promise<Map<string, string[]>>;

  /** Creates the direct conversation of two people unless it exists. */
  ensureDirect(conversationId: string, first: string, second: string, at: string): Promise<void>;
  createChannel(channel: ChannelRecord & { createdBy: string }, memberIds: readonly string[], at: string): Promise<void>;
  createGroup(conversationId: string, createdBy: string, memberIds: readonly string[], at: string): Promise<void>;
  /** Adds people (those already members are left as they are), with the audit entry of a support change when given; each reads from the conversation's latest message on. */
  addMembers(conversationId: string, userIds: readonly string[], at: string, audit?: NewAuditEntry): Promise<void>;
  /** Removes a member, with the audit entry of a support change when given; false when they were not one. */
  removeMember(conversationId: string, userId: string, audit?: NewAuditEntry): Promise<boolean>;
  /** A channel's name or topic, or a group chat's name (null: a group chat without one). */
  updateChannel(conversationId: string, changes: { name?: string | null; topic?: string | null }): Promise<void>;
  /** A member's own settings of a conversation (SPEC 9 `Mute`, `Notifications`); undefined when they are not a member. */
  setMemberSettings(conversationId: string, userId: string, settings: { muted?: boolean; notify?: NotifyLevel }): Promise<{ muted: boolean; notify: NotifyLevel } | undefined>;
}

/** Messages, replies and notices (SQL of `messages`). */
export interface MessageRepository {
  /** Messages newer than `afterSeq`, oldest first, replies included (what a client missed while away). */
  after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage>;
  /** The newest `limit` messages of the log (no replies) older than `beforeSeq`, oldest first. */
  before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage>;
  /** A message that is not deleted. */
  message(messageId: string): Promise<MessageRecord | undefined>;
  /** A message as its conversation shows it: not deleted, or deleted but still starting a thread with replies. */
  shownMessage(messageId: string): Promise<MessageRecord | undefined>;
  /** The newest `limit` replies of a thread older than `beforeSeq`, oldest first. */
  replies(rootId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage>;
  /** Who wrote in a thread (its replies, not deleted). */
  threadAuthors(rootId: string): Promise<string[]>;
  /**
   * Stores a message once, with its conversation's next sequence number (safe under concurrent
   * writers): a resend with the same client id returns the stored message. A file rides on one
   * message only, and only one its author uploaded into this conversation; a reply answers a
   * shown message of the same conversation that is not itself a reply.
   */
  append(conversationId: string, authorId: string, message: NewMessage, at: string): Promise<AppendResult>;
  /** Records a notice in the conversation's sequence; `actorId` is who did it. */
  appendNotice(conversationId: string, actorId: string, notice: NoticeRecord, at: string): Promise<MessageRecord>;
  edit(messageId: string, text: string, at: string): Promise<void>;
  /** Deletes a message's text and its link to a file; a reply leaves its thread's count. */
  delete(messageId: string): Promise<void>;
  /** Pins a message of its conversation (`pin`), or unpins it (null); false when nothing changed. */
  setPinned(message: { id: string; conversationId: string }, pin: { userId: string; at: string } | null): Promise<boolean>;
  /** A conversation's pinned messages that are not deleted, the latest pinned first, up to `limit`. */
  pinned(conversationId: string, limit: number): Promise<MessageRecord[]>;
}

/** Accounts, people and federations (SQL of `accounts`, `users`, `federations`, `demo_people`). */
export interface DirectoryRepository {
  accounts(): Promise<Account[]>;
  users(): Promise<UserRecord[]>;
  user(userId: string): Promise<UserRecord | undefined>;
  federations(): Promise<FederationRecord[]>;
  /** The stored password hash of the person signing in with this email. */
  credentials(email: string): Promise<{ id: string; passwordHash: string } | undefined>;
  emailTaken(email: string): Promise<boolean>;
  /** The person whose work phone or mobile this E.164 number is. */
  ownerOfNumber(number: string): Promise<string | undefined>;
  /** The person of an account with this extension. */
  ownerOfExtension(accountId: string, extension: string): Promise<string | undefined>;
  isDemoPerson(email: string): Promise<boolean>;
  /** How many sessions a person holds (signed in on that many clients, not all connected now). */
  sessionCount(userId: string): Promise<number>;
  demoEmails(): Promise<string[]>;

  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** `statusExpiresAt`: when the status message clears itself (the server's sweep clears it), null for never. */
  setPresence(userId: string, presence: Presence, statusMessage: string | null, statusExpiresAt?: string | null): Promise<void>;
  /** Records a person's first sign-in; false when it was recorded before. */
  markSignedIn(userId: string): Promise<boolean>;
  /** A person's own name, title and department (SPEC 9 `Profile`). */
  setProfile(userId: string, profile: ProfileChange): Promise<void>;
  /** The time zone a person's client reported (an IANA name, checked before). */
  setTimeZone(userId: string, timeZone: string | null): Promise<void>;
  /** Replaces a person's photo (the old one's bytes go), or removes it (null); one transaction. */
  setPhoto(userId: string, photo: PhotoRecord | null): Promise<void>;
  /** A photo by its id, whoever's it is (callers check who may see it). */
  photo(photoId: string): Promise<PhotoRecord | undefined>;
  insertAccount(account: Account, audit: NewAuditEntry): Promise<void>;
  insertUser(user: NewUser, audit: NewAuditEntry): Promise<void>;
  /** Removes a person and every session of theirs. */
  removeUser(userId: string, audit: NewAuditEntry): Promise<void>;
}

/** Federation changes, each with its audit entry in one transaction (SQL of `federations`, `federation_accounts`). */
export interface FederationRepository {
  create(federation: { id: string; name: string; createdAt: string }, accountIds: readonly string[], audit: NewAuditEntry): Promise<void>;
  addAccounts(federationId: string, accountIds: readonly string[], audit: NewAuditEntry): Promise<void>;
  removeAccounts(federationId: string, accountIds: readonly string[], audit: NewAuditEntry): Promise<void>;
  delete(federationId: string, audit: NewAuditEntry): Promise<void>;
  rename(federationId: string, name: string, audit: NewAuditEntry): Promise<void>;
}

/** The audit log of support changes (written by the repositories that make them). */
export interface AuditRepository {
  /** Every entry, or those of one federation, oldest first. */
  list(federationId?: string): Promise<AuditEntry[]>;
}

/** References to people a viewer does not see, one per conversation and viewing account (SPEC 1 rule 7). */
export interface UnknownPeopleRepository {
  /**
   * The current reference of `userId` for people of `viewerAccountId` in one conversation, made
   * on first use: a random token and the next number of that conversation and account (safe
   * under concurrent writers: two processes asking at once get the same reference).
   */
  reference(conversationId: string, viewerAccountId: string, userId: string): Promise<UnknownReference>;
  /** People of `viewerAccountId` see the people of `targetAccountId` again: their references end. */
  retire(viewerAccountId: string, targetAccountId: string, at: string): Promise<void>;
}

/**
 * Where each person has read each conversation up to. A mark only moves forward (never past the
 * conversation's newest message); `set` moves it back too (`Mark unread`).
 */
export interface ReadStateRepository {
  /** Moves several marks forward in one transaction; returns those that moved, as stored. */
  advance(marks: readonly ReadMark[]): Promise<ReadMark[]>;
  /** Puts a mark exactly here, backwards too; returns it as stored, or null when nothing changed. */
  set(mark: ReadMark): Promise<ReadMark | null>;
}

export interface ReactionRepository {
  /** Adds one person's reaction; false when it was there already. */
  add(messageId: string, emoji: string, userId: string, at: string): Promise<boolean>;
  /** Takes one person's reaction back; false when there was none. */
  remove(messageId: string, emoji: string, userId: string): Promise<boolean>;
  removeAll(messageId: string): Promise<void>;
  /** Whether anyone reacted to the message with this emoji. */
  has(messageId: string, emoji: string): Promise<boolean>;
  /** How many different emoji the message carries. */
  distinctCount(messageId: string): Promise<number>;
  /** The reactions of many messages in one query; messages without any are absent. */
  forMessages(messageIds: readonly string[]): Promise<Map<string, ReactionRecord[]>>;
}

export interface MentionRepository {
  /** Records whom a message mentions now (after an edit too); returns the people newly mentioned. */
  replace(message: { id: string; conversationId: string; seq: number; authorId: string }, userIds: readonly string[]): Promise<string[]>;
  removeAll(messageId: string): Promise<void>;
  /** Unread mentions of the person in each of these conversations (absent: none), in one query. */
  unreadCounts(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>>;
  /** Messages after `lastReadSeq` that mention the person, counted up to `maxCountedUnread`. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number>;
  /**
   * The messages (not deleted) that mention a person, newest first, a page at a time after the
   * cursor (the Mentions view); null for a cursor that is not ours. Whether the person may read
   * each one now is the caller's to decide.
   */
  page(userId: string, cursor: string | undefined, limit: number): Promise<MentionPage | null>;
}

/**
 * The people of each thread (whose message started it, who replied in it) and where each has read
 * it up to (SPEC 9). A reply makes its author and the root's author people of the thread, the
 * reply read by its author, in the same write that stores it. A mark only moves forward, never
 * past the thread's newest reply.
 */
export interface ThreadRepository {
  /** The threads (with replies) a person is in, newest reply first, after the cursor; null for a cursor that is not ours. */
  page(userId: string, cursor: string | undefined, limit: number): Promise<ThreadPage | null>;
  /** Where a person has read a thread up to; undefined when they are not in it. */
  mark(rootId: string, userId: string): Promise<ThreadMark | undefined>;
  /** Moves several marks forward in one transaction; returns those that moved, as stored. */
  advance(marks: readonly ThreadReadMark[]): Promise<ThreadReadMark[]>;
}

/** What message search asks the index: whole words (../domain/messageSearch.ts), with optional filters. */
export interface MessageSearchRequest {
  terms: readonly string[];
  conversationId?: string;
  authorId?: string;
  viewerId: string;
  /** Conversations the viewer is a member of but may not open now. */
  hidden: readonly string[];
  cursor: string | undefined;
  limit: number;
}

export interface MessageSearchRepository {
  /** Messages with every term, in the viewer's conversations but `hidden`, newest first; null for a cursor that is not ours. */
  search(request: MessageSearchRequest): Promise<MessageSearchPage | null>;
}

/** File rows (the bytes live in the file store's folder). */
export interface FileRepository {
  get(fileId: string): Promise<FileRecord | undefined>;
  many(fileIds: readonly string[]): Promise<FileRecord[]>;
  /** Whether a message that is not deleted carries the file. */
  isShared(fileId: string): Promise<boolean>;
  /** Whether something (a message, a voicemail) took the file. */
  isAttached(fileId: string): Promise<boolean>;
  /** A voicemail's audio (no conversation's), uploaded by this person and not taken yet, is taken now; false otherwise. */
  attachVoicemailAudio(fileId: string, uploaderId: string): Promise<boolean>;
  /** Bytes a person's stored files take. */
  usedBytes(userId: string): Promise<number>;
  insert(file: FileRecord): Promise<void>;
  /** Deletes the row; false when there was none. */
  delete(fileId: string): Promise<boolean>;
  /** Up to `limit` files no message took, uploaded before `cutoff`, oldest first. */
  unattached(cutoff: string, limit: number): Promise<string[]>;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  find(hash: string): Promise<SessionRecord | undefined>;
  touch(hash: string, at: string): Promise<void>;
  /** False when there was no such session. */
  delete(hash: string): Promise<boolean>;
  /** Up to `limit` sessions made before `createdBefore`, or browser sessions last used before `usedBefore`. */
  expiredCandidates(createdBefore: string, usedBefore: string, limit: number): Promise<SessionRecord[]>;
  /**
   * Deletes a session only if, as stored now, it is still made before `createdBefore` or a browser
   * session last used before `usedBefore` (a use recorded since the sweep read it keeps it); whether it went.
   */
  deleteIfExpired(hash: string, createdBefore: string, usedBefore: string): Promise<boolean>;
}

export interface CallRepository {
  addRecord(record: Omit<CallRecord, 'id'>): Promise<CallRecord>;
  history(userId: string, limit: number): Promise<CallRecord[]>;
  addVoicemail(voicemail: Omit<VoicemailRecord, 'id' | 'listened'>): Promise<VoicemailRecord>;
  /** A person's newest voicemails, at most `limit`. */
  voicemails(userId: string, limit?: number): Promise<VoicemailRecord[]>;
  /** One voicemail of this user (nobody else's). */
  voicemail(userId: string, voicemailId: string): Promise<VoicemailRecord | undefined>;
  /** Whether a person has a voicemail whose recording is this file (and so may play it). */
  ownsVoicemailAudio(userId: string, fileId: string): Promise<boolean>;
  setListened(voicemailId: string, listened: boolean): Promise<void>;
  deleteVoicemail(voicemailId: string): Promise<void>;
}

/** Calls under way (and ended a little while ago), kept at every step of the call machine: a call goes on through a restart, and any process may serve it. */
export interface LiveCallRepository {
  get(callId: string): Promise<LiveCall | undefined>;
  save(call: LiveCall): Promise<void>;
  /**
   * Writes a call's next step only if it still stands in one of `from` (a compare-and-set): false
   * when another process (or timer) moved it first. Every step after a call's creation goes
   * through here, so two processes' timers, or a timeout and an answer, cannot both win (SPEC 10).
   */
  transition(call: LiveCall, from: readonly CallState[]): Promise<boolean>;
  /** Calls still ringing whose deadline is at or before `now` (epoch ms), oldest first, at most `limit`. */
  due(now: number, limit: number): Promise<LiveCall[]>;
  /** Marks the call's one voicemail as left, atomically: false when it already was (or there is no such call). */
  claimVoicemail(callId: string): Promise<boolean>;
  /** The call a person is in (dialing, ringing or connected), if any, other than `except`. */
  liveCallOf(userId: string, except?: string): Promise<LiveCall | undefined>;
  /** Every call not ended yet. */
  liveCalls(): Promise<LiveCall[]>;
  /** The latest call this client placed or answered (ended ones included, while kept). */
  carriedBy(userId: string, clientId: string): Promise<LiveCall | undefined>;
  /** Calls ringing for a person now. */
  ringingFor(userId: string): Promise<LiveCall[]>;
  /** Forgets calls that ended before `before` (epoch milliseconds). */
  forgetEndedBefore(before: number): Promise<void>;
}

export interface MeetingRepository {
  create(meeting: Omit<MeetingRecord, 'id' | 'startedAt' | 'endedAt'>): Promise<MeetingRecord>;
  get(meetingId: string): Promise<MeetingRecord | undefined>;
  /** Meetings of one conversation that have not ended and started after `notBefore`, soonest first. */
  openIn(conversationId: string, notBefore: string): Promise<MeetingRecord[]>;
  /** Up to `limit` open meetings of a person's conversations (or of one), started after `notBefore`, after the (startsAt, createdAt, id) given. */
  page(userId: string, options: { conversationId: string | null; notBefore: string; after: [string, string, string]; limit: number }): Promise<MeetingRecord[]>;
  markStarted(meetingId: string, at: string): Promise<void>;
  markEnded(meetingId: string, at: string): Promise<void>;
  /** Ends every instant meeting still open that nobody is in. */
  endInstantMeetings(at: string): Promise<void>;

  // Who is in a meeting (table meeting_participants): a participant is a person with at least one client in it.
  /**
   * Puts one client of a person in a meeting, connected, in one transaction: out of any other
   * meeting it was in (that meeting's id is returned), its media state kept when it was in this one.
   */
  addParticipant(entry: { meetingId: string; userId: string; clientId: string; at: string }): Promise<{ leftMeetingId: string | null }>;
  /** Takes one client of a person (or all of theirs) out of a meeting; returns the clients taken out. */
  removeParticipant(meetingId: string, userId: string, clientId?: string): Promise<string[]>;
  /** The clients in a meeting, in the order they joined. */
  participants(meetingId: string): Promise<MeetingParticipantRecord[]>;
  /** The clients in each of several meetings, in one read (meetings nobody is in are absent). */
  participantsOf(meetingIds: readonly string[]): Promise<Map<string, MeetingParticipantRecord[]>>;
  /** The meeting one client of a person is in, if any. */
  participantOf(userId: string, clientId: string): Promise<MeetingParticipantRecord | undefined>;
  /** Every client of a person in a meeting (their process died: each gets the grace to come back). */
  participantsOfUser(userId: string): Promise<MeetingParticipantRecord[]>;
  /** What one client sends now; false when it is not in that meeting. */
  setParticipantMedia(meetingId: string, userId: string, clientId: string, media: { muted: boolean; camera: boolean; screen: boolean }): Promise<boolean>;
  /** Marks a client's connection lost at `at` (epoch ms), or found again (null); false when it is in no meeting. */
  markParticipantLost(userId: string, clientId: string, at: number | null): Promise<boolean>;
  /** Marks every client not already lost as lost at `at` (a backend starting: nobody is connected to it yet). */
  markAllParticipantsLost(at: number): Promise<void>;
  /** Clients whose connection was lost before `before` (epoch ms), at most `limit`. */
  participantsLostBefore(before: number, limit: number): Promise<MeetingParticipantRecord[]>;
  /** Every meeting someone is in now (a change of who sees whom looks at each). */
  ongoing(): Promise<MeetingRecord[]>;

  // Meetings' media on one media server shared by every process (SPEC 10, ../meetings/meetingMedia.ts).
  /**
   * The media-server room of a meeting (opaque to the store: JSON of its number, pin and secret):
   * `proposed` becomes it unless one is set already, in one statement, so two processes that
   * create it at once agree on one. Null when there is no such meeting.
   */
  claimMediaRoom(meetingId: string, proposed: string): Promise<string | null>;
  /** The feed one client publishes on the media server, and what its tracks carry (JSON), or none. */
  setParticipantFeed(meetingId: string, userId: string, clientId: string, feed: { feed: number; tracks: string } | null): Promise<void>;
  /** The feeds published in a meeting, by whose client they are. */
  feeds(meetingId: string): Promise<Array<{ userId: string; clientId: string; feed: number; tracks: string }>>;
}

/** A seed's data with what the loader worked out (password hashes, in the order of `seed.users`). */
export interface SeedData {
  seed: ValidSeed;
  passwordHashes: readonly string[];
  demo: boolean;
  at: string;
}

/** Every repository of one database, and the database itself. */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly directory: DirectoryRepository;
  readonly federations: FederationRepository;
  readonly audit: AuditRepository;
  readonly unknownPeople: UnknownPeopleRepository;
  readonly reactions: ReactionRepository;
  readonly readState: ReadStateRepository;
  readonly mentions: MentionRepository;
  readonly threads: ThreadRepository;
  readonly messageSearch: MessageSearchRepository;
  readonly files: FileRepository;
  readonly sessions: SessionRepository;
  readonly calls: CallRepository;
  readonly liveCalls: LiveCallRepository;
  readonly meetings: MeetingRepository;
  /** Whether the database holds no data yet (no account). */
  isEmpty(): Promise<boolean>;
  readMeta(key: string): Promise<string | null>;
  writeMeta(key: string, value: string): Promise<void>;
  /** Writes a validated seed into an empty database, in one transaction. */
  writeSeed(data: SeedData): Promise<void>;
  /**
   * Runs `work` only when no other holder (this process or, on PostgreSQL, any process on the
   * same database) runs work under the same name now; false when it was skipped (./exclusive.ts).
   */
  exclusively: Exclusively;
  /** Whether it still takes requests (work finishing after the server closed leaves it be). */
  isOpen(): boolean;
  close(): Promise<void>;
}
