/** Conversations: direct chats, channels, messages (SPEC 1 rules 5–7). */
import { z } from 'zod';
import type { Ack } from './ack';
import { nameText } from './validate';
import type { ApiTransport } from './api';
import { notifyLevels, pageRequestShape, type ConversationSummary, type HistoryPage, type MessageView, type NotifyLevel, type Page, type PersonRef, type ReadState } from './model';

/**
 * One invitee who will not see some members, nor they them (SPEC 1 rule 6), as the inviter may
 * be told: members the inviter sees are counted by account; members the inviter does not see
 * only by number, since their accounts are not the inviter's to know.
 */
export interface InvitationWarning {
  personId: string;
  displayName: string;
  accountName: string;
  /** Members the inviter sees, of accounts the invitee does not see, by account. */
  hiddenFrom: Array<{ accountName: string; count: number }>;
  /** Members the inviter does not see; `certain` when the invitee is sure not to see them either. */
  unknownMembers: { count: number; certain: boolean };
  /** The sentence to show, e.g. "Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 2 members from Northwind Health." */
  text: string;
}

/** What an invitation would do to who sees whom; confirming is needed when `warnings` is not empty. */
export interface InvitationPreview {
  warnings: InvitationWarning[];
}

const id = z.string().min(1).max(200);
const seq = z.number().int().min(0);

/** How many messages a conversation keeps pinned at most (SPEC 9 `Pin`): the list stays one a person reads. */
export const maxPinnedMessages = 50;

/** The backend passes one typing notice per person and conversation this often, however often a client asks (its default limit). */
export const typingNoticeIntervalMs = 2_000;

export const conversationCommands = {
  /** The viewer's chats and channels, a page at a time, most recently active first. */
  'conversation:list': z.object(pageRequestShape).strict(),
  /** A page of history: older than `beforeSeq`, or newer than `afterSeq` (catching up), or the newest. */
  'conversation:history': z.object({ conversationId: id, beforeSeq: seq.optional(), afterSeq: seq.optional(), limit: z.number().int().min(1).max(200).optional() }).strict(),
  /** Marks a conversation read up to a sequence number (never backwards; every client of the person hears `conversation:readChanged`). */
  'conversation:read': z.object({ conversationId: id, seq }).strict(),
  /** `Mark unread` (SPEC 9): the viewer's conversation becomes unread from this message on, on every client of theirs. */
  'conversation:markUnread': z.object({ messageId: id }).strict(),
  /**
   * The viewer's own settings of a conversation they are a member of (SPEC 9 `Conversation
   * settings`): `muted` (no badge, no sound; mentions still count) and which messages notify them.
   * Every client of the viewer hears `conversation:settingsChanged`.
   */
  'conversation:settings': z
    .object({ conversationId: id, muted: z.boolean().optional(), notify: z.enum(notifyLevels).optional() })
    .strict()
    .refine((settings) => settings.muted !== undefined || settings.notify !== undefined, { message: 'Say what to change: muted or notify.' }),
  /** Opens (or finds) the direct chat with one person. */
  'chat:open': z.object({ userId: id }).strict(),
  /**
   * Sends a message; `clientId` makes a resend harmless. `fileId` shares a file uploaded first (the
   * text may then be empty). `threadId` makes it a reply in the thread of that message (./threadProtocol.ts).
   */
  'message:send': z
    .object({ conversationId: id, clientId: z.string().min(8).max(64), text: z.string().trim().max(10_000), fileId: id.optional(), threadId: id.optional() })
    .strict()
    .refine((message) => message.text !== '' || message.fileId !== undefined, { message: 'A message cannot be empty.', path: ['text'] }),
  /** Edits one's own message. */
  'message:edit': z.object({ messageId: id, text: z.string().trim().min(1, 'A message cannot be empty.').max(10_000) }).strict(),
  /** Deletes one's own message. */
  'message:delete': z.object({ messageId: id }).strict(),
  /** Pins a message of a conversation the viewer is a member of for every member (`pinned` false: unpins it). */
  'message:pin': z.object({ messageId: id, pinned: z.boolean() }).strict(),
  /** A conversation's `Pinned messages`, the latest pinned first. */
  'conversation:pinned': z.object({ conversationId: id }).strict(),
  /** Tells the other members the viewer is typing. */
  'typing:start': z.object({ conversationId: id }).strict(),
  /** The members of a channel or group chat, each as the viewer may see them. */
  'channel:members': z.object({ channelId: id }).strict(),
  /**
   * Creates a channel owned by the viewer's account. When some members would not see each other,
   * it is refused unless `confirmSplit` says the creator saw the warning (`channel:previewInvite`).
   */
  'channel:create': z
    .object({
      name: nameText(z.string().trim().min(1, 'A channel needs a name.').max(80)),
      topic: nameText(z.string().trim().max(250)).optional(),
      visibility: z.enum(['public', 'private']),
      memberIds: z.array(id).max(200),
      confirmSplit: z.boolean().optional(),
    })
    .strict(),
  /**
   * Invites people the viewer sees into a channel (or adds them to a group chat, up to its 10
   * people) the viewer is a member of. When an invitee and some members would not see each
   * other, it is refused unless `confirmSplit` (SPEC 1 rule 6).
   */
  'channel:invite': z.object({ channelId: id, userIds: z.array(id).min(1).max(200), confirmSplit: z.boolean().optional() }).strict(),
  /**
   * Who an invitation would leave unseen, told before it is made: into a channel or group chat
   * (`channelId`), or into a new channel (`channelId` absent) with these people.
   */
  'channel:previewInvite': z.object({ channelId: id.optional(), userIds: z.array(id).min(1).max(200) }).strict(),
  /** Joins a public channel of the viewer's own account. */
  'channel:join': z.object({ channelId: id }).strict(),
  /** Leaves a channel or group chat. */
  'channel:leave': z.object({ channelId: id }).strict(),
  /** Renames a channel or changes its topic (members of the owner account). */
  'channel:update': z
    .object({ channelId: id, name: nameText(z.string().trim().min(1, 'A channel needs a name.').max(80)).optional(), topic: nameText(z.string().trim().max(250)).nullable().optional() })
    .strict(),
} as const;

/** A member's own settings of a conversation (SPEC 9 `Notifications`, `Mute`). */
export interface ConversationSettings {
  conversationId: string;
  muted: boolean;
  notify: NotifyLevel;
}

export interface ConversationResults {
  'conversation:list': Page<ConversationSummary>;
  'conversation:history': HistoryPage;
  'conversation:read': null;
  'conversation:markUnread': ReadState;
  'conversation:settings': ConversationSettings;
  'chat:open': ConversationSummary;
  'message:send': MessageView;
  'message:edit': MessageView;
  'message:delete': { messageId: string };
  'message:pin': { messageId: string; pinned: boolean };
  'conversation:pinned': MessageView[];
  'typing:start': null;
  'channel:members': PersonRef[];
  'channel:create': ConversationSummary;
  'channel:invite': PersonRef[];
  'channel:previewInvite': InvitationPreview;
  'channel:join': ConversationSummary;
  'channel:leave': null;
  'channel:update': ConversationSummary;
}

export interface ConversationEvents {
  /** A message was written in one of the viewer's conversations. */
  'message:created': { message: MessageView };
  /** A message was edited. */
  'message:updated': { message: MessageView };
  /** A message was deleted. */
  'message:deleted': { conversationId: string; messageId: string };
  /** A conversation's name, topic or members changed, or the viewer joined or left it. */
  'conversation:changed': { conversationId: string };
  /** A conversation's pinned messages changed (someone pinned or unpinned one): ask for them again. */
  'conversation:pinsChanged': { conversationId: string };
  /** The viewer changed their own settings of a conversation (on this or another of their clients). */
  'conversation:settingsChanged': ConversationSettings;
  /** Where the viewer has read a conversation up to changed (on this or another of their clients). */
  'conversation:readChanged': ReadState;
  /** Someone is typing in a conversation. */
  'typing:started': { conversationId: string; person: PersonRef };
}

type Payload<C extends keyof typeof conversationCommands> = z.input<(typeof conversationCommands)[C]>;
type Result<C extends keyof ConversationResults> = Promise<Ack<ConversationResults[C]>>;

export interface ConversationApi {
  listConversations(payload?: Payload<'conversation:list'>): Result<'conversation:list'>;
  getHistory(payload: Payload<'conversation:history'>): Result<'conversation:history'>;
  markRead(payload: Payload<'conversation:read'>): Result<'conversation:read'>;
  markUnread(payload: Payload<'conversation:markUnread'>): Result<'conversation:markUnread'>;
  changeConversationSettings(payload: Payload<'conversation:settings'>): Result<'conversation:settings'>;
  openChat(payload: Payload<'chat:open'>): Result<'chat:open'>;
  editMessage(payload: Payload<'message:edit'>): Result<'message:edit'>;
  deleteMessage(payload: Payload<'message:delete'>): Result<'message:delete'>;
  startTyping(payload: Payload<'typing:start'>): Result<'typing:start'>;
  pinMessage(payload: Payload<'message:pin'>): Result<'message:pin'>;
  getPinned(payload: Payload<'conversation:pinned'>): Result<'conversation:pinned'>;
  getChannelMembers(payload: Payload<'channel:members'>): Result<'channel:members'>;
  createChannel(payload: Payload<'channel:create'>): Result<'channel:create'>;
  inviteToChannel(payload: Payload<'channel:invite'>): Result<'channel:invite'>;
  previewInvitation(payload: Payload<'channel:previewInvite'>): Result<'channel:previewInvite'>;
  joinChannel(payload: Payload<'channel:join'>): Result<'channel:join'>;
  leaveChannel(payload: Payload<'channel:leave'>): Result<'channel:leave'>;
  updateChannel(payload: Payload<'channel:update'>): Result<'channel:update'>;
}

export function createConversationApi(transport: ApiTransport): ConversationApi {
  return {
    listConversations: (payload = {}) => transport.invoke('conversation:list', payload),
    getHistory: (payload) => transport.invoke('conversation:history', payload),
    markRead: (payload) => transport.invoke('conversation:read', payload),
    markUnread: (payload) => transport.invoke('conversation:markUnread', payload),
    changeConversationSettings: (payload) => transport.invoke('conversation:settings', payload),
    openChat: (payload) => transport.invoke('chat:open', payload),
    editMessage: (payload) => transport.invoke('message:edit', payload),
    deleteMessage: (payload) => transport.invoke('message:delete', payload),
    startTyping: (payload) => transport.invoke('typing:start', payload),
    pinMessage: (payload) => transport.invoke('message:pin', payload),
    getPinned: (payload) => transport.invoke('conversation:pinned', payload),
    getChannelMembers: (payload) => transport.invoke('channel:members', payload),
    createChannel: (payload) => transport.invoke('channel:create', payload),
    inviteToChannel: (payload) => transport.invoke('channel:invite', payload),
    previewInvitation: (payload) => transport.invoke('channel:previewInvite', payload),
    joinChannel: (payload) => transport.invoke('channel:join', payload),
    leaveChannel: (payload) => transport.invoke('channel:leave', payload),
    updateChannel: (payload) => transport.invoke('channel:update', payload),
  };
}
