import type { StateCreator } from 'zustand';
import type { Ack } from '../../src-shared/protocol/ack';
import type { ConversationSummary, MessageView, PersonRef, PersonSummary } from '../../src-shared/protocol/model';
import { applyMissed, fetchMissed, mergeMessages, receiveMessage, type SyncedMessages } from '../../src-shared/session/catchUp';
import { collectPages } from '../../src-shared/session/pages';
import type { OutboxEntry } from '../../src-shared/session/outbox';
import { getApi } from '../bridge/api';
import { notify } from '../features/shell/notify';
import type { AppState } from './appStore';
import { refreshHistory, withLiveMessages } from './histories';
import { mentionsMe } from './reactionsSlice';

export interface ConversationHistory extends SyncedMessages {
  /** Older messages remain on the server. */
  hasMore: boolean;
  /**
   * Newer messages remain on the server: the conversation opened at its first unread message,
   * more than a page from the newest. Live messages then wait for `loadNewer` or `jumpToLatest`.
   */
  hasNewer: boolean;
}

/** Why a conversation's messages are not on screen yet. */
export type HistoryLoad = { state: 'loading' } | { state: 'failed'; message: string; offline: boolean };

/** How a list that comes from the server stands: being fetched, there, or refused. */
export type ListStatus = 'loading' | 'loaded' | 'failed';

/** How many messages before the first unread one are fetched with it, for context. */
const contextBeforeUnread = 20;
/** How many messages from the first unread one are fetched at once. */
const unreadPage = 100;

export interface ConversationsSlice {
  conversations: ConversationSummary[];
  conversationsStatus: ListStatus;
  activeConversationId: string | null;
  /** Forgets every conversation (sign-out). */
  resetConversations(): void;
  histories: Record<string, ConversationHistory>;
  /** Conversations whose messages are being fetched, or could not be. */
  historyLoads: Record<string, HistoryLoad>;
  /**
   * Where the `New messages` divider goes while a conversation is open: the sequence number the
   * viewer had read up to when they opened it (SPEC 7 "Reading position").
   */
  readMarkers: Record<string, number>;
  members: Record<string, PersonRef[]>;
  /** A short notice for the person (e.g. a chat removed because a federation changed). */
  notice: string | null;
  chatError: string | null;
  loadConversations(): Promise<void>;
  /** Opens a conversation at its first unread message (with the divider), else at the newest. */
  openConversation(conversationId: string): Promise<void>;
  /** Loads the active conversation's messages if they are not there (back online). */
  loadActiveIfMissing(): Promise<void>;
  startChat(userId: string): Promise<void>;
  /** Starts a group chat with these people (SPEC 7), or opens the one they already have; an error message, or null. */
  startGroupChat(userIds: string[]): Promise<string | null>;
  /**
   * Where a conversation opened at one message (a search result) is to show it: the log opens
   * there and marks it. `nonce` tells one such opening from the next.
   */
  focusedMessages: Record<string, { messageId: string; nonce: number }>;
  /** Opens a conversation at one of its messages (a search result); a reply opens its thread beside it. */
  openConversationAt(conversationId: string, message: { id: string; seq: number; threadId: string | null }): Promise<void>;
  /** Messages on their way (pending) or refused (failed), from the session's outbox. */
  outbox: OutboxEntry[];
  /** Written by the bridge only. */
  outboxChanged(entries: OutboxEntry[]): void;
  loadOlder(conversationId: string): Promise<void>;
  /** The next page after what is loaded, when the conversation opened far from its newest message. */
  loadNewer(conversationId: string): Promise<void>;
  /** Makes sure the newest messages are loaded (replacing a page opened at the first unread). */
  jumpToLatest(conversationId: string): Promise<void>;
  dismissNotice(): void;
  /** Each returns an error message, or null when done. */
  /** `confirmSplit`: the person confirmed that some members will not see each other (SPEC 1 rule 6). */
  createChannel(input: { name: string; topic?: string; visibility: 'public' | 'private'; memberIds: string[]; confirmSplit?: boolean }): Promise<string | null>;
  inviteToChannel(channelId: string, userIds: string[], confirmSplit?: boolean): Promise<string | null>;
  joinChannel(channelId: string): Promise<void>;
  leaveChannel(channelId: string): Promise<void>;
  /** Fetches a channel's (or group chat's) members, each as the viewer may see them. */
  loadMembers(channelId: string): Promise<void>;
  updateChannel(channelId: string, changes: { name?: string; topic?: string | null }): Promise<string | null>;
  /** Each returns an error message, or null when done. */
  editMessage(messageId: string, text: string): Promise<string | null>;
  deleteMessage(messageId: string): Promise<string | null>;
  typing: Record<string, { name: string; until: number }>;
  noteTyping(): void;
  /** The viewer sent what they typed: the next keystroke says they are typing again. */
  noteSent(): void;
  /** Written by the bridge only. */
  messageReceived(message: MessageView): void;
  messageUpdated(message: MessageView): void;
  messageDeleted(conversationId: string, messageId: string): void;
  conversationChanged(conversationId: string): Promise<void>;
  typingStarted(conversationId: string, person: PersonRef): void;
  /** Written by the bridge only: a person's presence changed; chat peers and members follow. */
  conversationPersonChanged(person: PersonSummary): void;
  /** Written by the bridge only: visibility changed, so names, chats and members may have too. */
  conversationsStale(): Promise<void>;
  /** Written by the bridge only: back online; fetch what was sent meanwhile. */
  catchUp(): Promise<void>;
}

/** Most recent activity first; conversations without messages by title. */
const byActivity = (a: ConversationSummary, b: ConversationSummary) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '') || a.title.localeCompare(b.title);

/** The 1:1 chats a federation change took from the list, and the notice that said so. */
let chatsRemoved: string[] = [];
let removalNotice: string | null = null;
let lastTypingSent = 0;
let lastTypingConversation: string | null = null;
/** When the next typing notice may go: 3 s after the last while one types; sooner after a send. */
let nextTypingAt = 0;
let pendingTyping: ReturnType<typeof setTimeout> | null = null;
let typingSinceSend = false;
/** The server passes one typing notice per person and conversation every 2 s (limits.typingNotice); with a margin for the trip. */
const serverTypingInterval = 2_300;

const merge = mergeMessages;

/** Fetches the messages a conversation opens with: from just before the first unread one, or the newest page. */
async function fetchOpening(conversationId: string, readMarker: number | undefined): Promise<Ack<Omit<ConversationHistory, 'syncedSeq'>>> {
  const api = getApi();
  if (readMarker === undefined) {
    const newest = await api.getHistory({ conversationId });
    return newest.ok ? { ok: true, data: { messages: newest.data.messages, hasMore: newest.data.hasMore, hasNewer: false } } : newest;
  }
  const [before, after] = await Promise.all([
    api.getHistory({ conversationId, beforeSeq: readMarker + 1, limit: contextBeforeUnread }),
    api.getHistory({ conversationId, afterSeq: readMarker, limit: unreadPage }),
  ]);
  if (!before.ok) return before;
  if (!after.ok) return after;
  return { ok: true, data: { messages: merge(before.data.messages, after.data.messages), hasMore: before.data.hasMore, hasNewer: after.data.hasMore } };
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

/** What a session starts with (and returns to at sign-out); the outbox is the session host's, not reset here. */
const initialConversations = {
  conversations: [],
  conversationsStatus: 'loading' as ListStatus,
  activeConversationId: null,
  histories: {},
  historyLoads: {},
  readMarkers: {},
  members: {},
  notice: null,
  chatError: null,
  typing: {},
  focusedMessages: {},
};

export const createConversationsSlice: StateCreator<AppState, [], [], ConversationsSlice> = (set, get) => ({
  ...initialConversations,
  outbox: [],

  resetConversations() {
    chatsRemoved = [];
    removalNotice = null;
    set(initialConversations);
    get().resetReadState();
    get().resetThreads();
    get().resetMessageSearch();
  },

  async loadConversations() {
    // The server hands the list out a page at a time; the list shows all of it, newest activity first.
    const result = await collectPages((cursor) => getApi().listConversations(cursor ? { cursor } : {}));
    if (!result.ok) {
      if (get().conversationsStatus !== 'loaded') set({ conversationsStatus: 'failed' });
      return;
    }
    result.data.sort(byActivity);
    const before = get().conversations;
    const ids = new Set(result.data.map((conversation) => conversation.id));
    const removedChats = before.filter((conversation) => conversation.kind === 'direct' && !ids.has(conversation.id));
    const active = get().activeConversationId;
    // Chats that went with a federation change come back with the federation: the notice of their removal goes then.
    const stillRemoved = chatsRemoved.filter((id) => !ids.has(id));
    const allBack = chatsRemoved.length > 0 && stillRemoved.length === 0 && get().notice === removalNotice;
    chatsRemoved = [...stillRemoved, ...removedChats.map((conversation) => conversation.id)];
    const notice = removedChats.length > 0 ? `${removedChats.length === 1 ? 'A chat was' : `${removedChats.length} chats were`} removed because a federation changed.` : null;
    if (notice) removalNotice = notice;
    set({
      conversations: result.data,
      conversationsStatus: 'loaded',
      activeConversationId: active && ids.has(active) ? active : null,
      ...(notice ? { notice } : allBack ? { notice: null } : {}),
    });
  },

  async openConversation(conversationId) {
    set({ activeConversationId: conversationId, chatError: null, section: 'chat' });
    if (!get().conversations.some((conversation) => conversation.id === conversationId)) await get().loadConversations();
    const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
    if (!conversation) {
      // Offline, the list itself may not be there yet: say so rather than "not a member".
      if (get().conversationsStatus === 'loaded') set({ activeConversationId: null, chatError: 'You are not a member of that channel.' });
      return;
    }
    // SPEC 7: open at the first unread message, with a divider before it; else at the newest.
    const readMarker = conversation.unreadCount > 0 ? conversation.lastReadSeq : undefined;
    set((state) => ({
      readMarkers: readMarker === undefined ? withoutKey(state.readMarkers, conversationId) : { ...state.readMarkers, [conversationId]: readMarker },
      historyLoads: state.histories[conversationId] ? state.historyLoads : { ...state.historyLoads, [conversationId]: { state: 'loading' } },
    }));
    const [opening] = await Promise.all([fetchOpening(conversationId, readMarker), conversation.kind !== 'direct' ? get().loadMembers(conversationId) : undefined]);
    set((state) => {
      if (!opening.ok) {
        // What was loaded before stays on screen; only a conversation never loaded says why it is empty.
        if (state.histories[conversationId]) return { historyLoads: withoutKey(state.historyLoads, conversationId) };
        const failure: HistoryLoad = { state: 'failed', message: opening.error.message, offline: opening.error.code === 'offline' };
        return { historyLoads: { ...state.historyLoads, [conversationId]: failure } };
      }
      return {
        histories: { ...state.histories, [conversationId]: refreshHistory(opening.data, state.histories[conversationId]) },
        historyLoads: withoutKey(state.historyLoads, conversationId),
        focusedMessages: withoutKey(state.focusedMessages, conversationId),
      };
    });
  },

  async openConversationAt(conversationId, message) {
    set({ activeConversationId: conversationId, chatError: null, section: 'chat' });
    if (!get().conversations.some((conversation) => conversation.id === conversationId)) await get().loadConversations();
    const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
    if (!conversation) return;
    // A reply shows in its thread, beside the log opened at the message that started it.
    let target = { id: message.id, seq: message.seq };
    if (message.threadId) {
      const thread = await get().openThreadOf(conversationId, message.threadId, message.id);
      if (thread) target = { id: thread.id, seq: thread.seq };
    }
    const api = getApi();
    const [before, after] = await Promise.all([
      api.getHistory({ conversationId, beforeSeq: target.seq + 1, limit: contextBeforeUnread }),
      api.getHistory({ conversationId, afterSeq: target.seq, limit: unreadPage }),
    ]);
    if (conversation.kind !== 'direct') void get().loadMembers(conversationId);
    if (!before.ok || !after.ok) {
      const failure = !before.ok ? before : after;
      if (!failure.ok) set({ chatError: failure.error.message });
      return;
    }
    set((state) => ({
      histories: {
        ...state.histories,
        [conversationId]: withLiveMessages({ messages: withThreadSummaries(merge(before.data.messages, after.data.messages)), hasMore: before.data.hasMore, hasNewer: after.data.hasMore }, undefined),
      },
      historyLoads: withoutKey(state.historyLoads, conversationId),
      readMarkers: withoutKey(state.readMarkers, conversationId),
      focusedMessages: { ...state.focusedMessages, [conversationId]: { messageId: target.id, nonce: (state.focusedMessages[conversationId]?.nonce ?? 0) + 1 } },
    }));
  },

  async loadActiveIfMissing() {
    const active = get().activeConversationId;
    if (active && !get().histories[active]) await get().openConversation(active);
  },

  async loadMembers(channelId) {
    const members = await getApi().getChannelMembers({ channelId });
    if (members.ok) set((state) => ({ members: { ...state.members, [channelId]: members.data } }));
  },

  async startChat(userId) {
    const result = await getApi().openChat({ userId });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return;
    }
    get().closeCard();
    set((state) => ({ conversations: state.conversations.some((conversation) => conversation.id === result.data.id) ? state.conversations : [result.data, ...state.conversations] }));
    await get().openConversation(result.data.id);
  },

  async startGroupChat(userIds) {
    const result = await getApi().createGroup({ memberIds: userIds });
    if (!result.ok) return result.error.message;
    set((state) => ({ conversations: [result.data, ...state.conversations.filter((conversation) => conversation.id !== result.data.id)] }));
    await get().openConversation(result.data.id);
    return null;
  },

  outboxChanged(entries) {
    set({ outbox: entries });
  },

  async loadOlder(conversationId) {
    const history = get().histories[conversationId];
    if (!history?.hasMore) return;
    const result = await getApi().getHistory({ conversationId, beforeSeq: history.messages[0]?.seq });
    if (result.ok) {
      set((state) => {
        const current = state.histories[conversationId];
        if (!current) return state;
        return { histories: { ...state.histories, [conversationId]: { ...current, messages: merge(current.messages, result.data.messages), hasMore: result.data.hasMore } } };
      });
    }
  },

  async loadNewer(conversationId) {
    const history = get().histories[conversationId];
    if (!history?.hasNewer) return;
    const result = await getApi().getHistory({ conversationId, afterSeq: history.messages.at(-1)?.seq ?? 0, limit: unreadPage });
    if (!result.ok) return;
    set((state) => {
      const current = state.histories[conversationId];
      if (!current?.hasNewer) return state;
      const messages = withThreadSummaries(merge(current.messages, result.data.messages));
      return { histories: { ...state.histories, [conversationId]: { ...current, messages, syncedSeq: messages.at(-1)?.seq ?? current.syncedSeq, hasNewer: result.data.hasMore } } };
    });
    get().repliesArrived(result.data.messages);
  },

  async jumpToLatest(conversationId) {
    if (!get().histories[conversationId]?.hasNewer) return;
    const newest = await getApi().getHistory({ conversationId });
    if (!newest.ok) return;
    set((state) => ({
      histories: { ...state.histories, [conversationId]: withLiveMessages({ messages: newest.data.messages, hasMore: newest.data.hasMore, hasNewer: false }, undefined) },
    }));
  },

  dismissNotice() {
    set({ notice: null });
  },

  async createChannel(input) {
    const result = await getApi().createChannel(input);
    if (!result.ok) return result.error.message;
    set((state) => ({ conversations: [result.data, ...state.conversations.filter((conversation) => conversation.id !== result.data.id)] }));
    await get().openConversation(result.data.id);
    return null;
  },

  async inviteToChannel(channelId, userIds, confirmSplit) {
    const result = await getApi().inviteToChannel({ channelId, userIds, confirmSplit });
    if (!result.ok) return result.error.message;
    set((state) => ({ members: { ...state.members, [channelId]: result.data } }));
    return null;
  },

  async joinChannel(channelId) {
    const result = await getApi().joinChannel({ channelId });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return;
    }
    set((state) => ({ conversations: [result.data, ...state.conversations.filter((conversation) => conversation.id !== channelId)] }));
    await get().openConversation(channelId);
  },

  async leaveChannel(channelId) {
    const result = await getApi().leaveChannel({ channelId });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return;
    }
    set((state) => ({
      conversations: state.conversations.filter((conversation) => conversation.id !== channelId),
      activeConversationId: state.activeConversationId === channelId ? null : state.activeConversationId,
    }));
  },

  async updateChannel(channelId, changes) {
    const result = await getApi().updateChannel({ channelId, ...changes });
    if (!result.ok) return result.error.message;
    set((state) => ({ conversations: state.conversations.map((conversation) => (conversation.id === channelId ? result.data : conversation)) }));
    return null;
  },

  async editMessage(messageId, text) {
    const result = await getApi().editMessage({ messageId, text });
    if (!result.ok) return result.error.message;
    get().messageUpdated(result.data);
    return null;
  },

  async deleteMessage(messageId) {
    const conversationId = get().activeConversationId;
    const result = await getApi().deleteMessage({ messageId });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return result.error.message;
    }
    if (conversationId) get().messageDeleted(conversationId, messageId);
    return null;
  },

  noteTyping() {
    const conversationId = get().activeConversationId;
    if (!conversationId) return;
    const announce = () => {
      lastTypingSent = Date.now();
      nextTypingAt = lastTypingSent + 3_000;
      lastTypingConversation = conversationId;
      typingSinceSend = false;
      void getApi().startTyping({ conversationId });
    };
    // Throttled: others hear at most once every 3 seconds while one types.
    if (lastTypingConversation !== conversationId || Date.now() >= nextTypingAt) return announce();
    // Typing again soon after a send: said as soon as the server takes it, even if no key follows.
    if (typingSinceSend && !pendingTyping) {
      pendingTyping = setTimeout(() => {
        pendingTyping = null;
        if (get().activeConversationId === conversationId) announce();
      }, nextTypingAt - Date.now());
    }
  },

  noteSent() {
    // Others stop showing "is typing…" when the message arrives; typing again tells them anew, as
    // soon as the server passes another notice.
    if (pendingTyping) clearTimeout(pendingTyping);
    pendingTyping = null;
    nextTypingAt = lastTypingSent + serverTypingInterval;
    typingSinceSend = true;
  },

  messageUpdated(message) {
    set((state) => {
      const history = state.histories[message.conversationId];
      if (!history) return state;
      return { histories: { ...state.histories, [message.conversationId]: { ...history, messages: history.messages.map((candidate) => (candidate.id === message.id ? message : candidate)) } } };
    });
    get().threadMessageUpdated(message);
  },

  messageDeleted(conversationId, messageId) {
    set((state) => {
      const history = state.histories[conversationId];
      if (!history) return state;
      return { histories: { ...state.histories, [conversationId]: { ...history, messages: history.messages.filter((candidate) => candidate.id !== messageId) } } };
    });
    get().threadMessageDeleted(messageId);
  },

  async conversationChanged(conversationId) {
    await get().loadConversations();
    const stillThere = get().conversations.some((conversation) => conversation.id === conversationId);
    if (stillThere && conversationId === get().activeConversationId) await get().loadMembers(conversationId);
  },

  conversationPersonChanged(person) {
    set((state) => {
      const update = <T extends PersonRef>(candidate: T): T =>
        candidate.kind === 'person' && candidate.id === person.id ? ({ ...candidate, presence: person.presence, statusMessage: person.statusMessage } as T) : candidate;
      const conversations = state.conversations.some((conversation) => conversation.peer?.id === person.id)
        ? state.conversations.map((conversation) => (conversation.peer?.id === person.id ? { ...conversation, peer: update(conversation.peer) } : conversation))
        : state.conversations;
      let members = state.members;
      for (const [channelId, list] of Object.entries(state.members)) {
        if (list.some((member) => member.kind === 'person' && member.id === person.id)) members = { ...members, [channelId]: list.map(update) };
      }
      return conversations === state.conversations && members === state.members ? state : { conversations, members };
    });
  },

  typingStarted(conversationId, person) {
    set((state) => ({ typing: { ...state.typing, [conversationId]: { name: person.displayName, until: Date.now() + 5_000 } } }));
    setTimeout(() => {
      const entry = get().typing[conversationId];
      if (entry && entry.until <= Date.now()) {
        set((state) => {
          const typing = { ...state.typing };
          delete typing[conversationId];
          return { typing };
        });
      }
    }, 5_100);
  },

  messageReceived(message) {
    const known = get().conversations.some((conversation) => conversation.id === message.conversationId);
    const ownMessage = message.author.kind === 'person' && message.author.id === get().me?.id;
    // Read as it arrives when the person sees the newest messages of its conversation (SPEC 9).
    const viewing = message.conversationId === get().activeConversationId && get().windowFocused && get().logAtLatest;
    // A reply is news to its thread's people (`thread:replied` notifies them), not unread in the conversation.
    const news = isNews(message) && message.threadId === null;
    let gap = false;
    // Whoever was typing has sent what they typed: "is typing…" goes with it, as in Slack and Teams.
    if (get().typing[message.conversationId]?.name === message.author.displayName) {
      set((state) => {
        const typing = { ...state.typing };
        delete typing[message.conversationId];
        return { typing };
      });
    }
    set((state) => {
      const history = state.histories[message.conversationId];
      // A history opened far from the newest message gets newer ones by loading them, in order.
      const received = history && !history.hasNewer ? receiveMessage(history, message) : null;
      gap = received?.gap ?? false;
      return {
        histories:
          history && received
            ? { ...state.histories, [message.conversationId]: { ...history, messages: message.threadId ? withThreadSummaries(received.messages) : received.messages, syncedSeq: received.syncedSeq } }
            : state.histories,
        conversations: state.conversations
          .map((conversation) =>
            conversation.id === message.conversationId
              ? {
                  ...conversation,
                  lastSeq: Math.max(conversation.lastSeq, message.seq),
                  lastMessageAt: message.createdAt,
                  unreadCount: ownMessage || viewing || !news ? conversation.unreadCount : conversation.unreadCount + 1,
                }
              : conversation,
          )
          .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '')),
      };
    });
    if (!known) void get().loadConversations();
    if (message.threadId) get().repliesArrived([message]);
    // A message that mentions the viewer is announced by its own event (mention:received), as a mention.
    if (!ownMessage && news && !get().windowFocused && !mentionsMe(message, get().me?.id)) {
      const conversation = get().conversations.find((candidate) => candidate.id === message.conversationId);
      const where = conversation?.kind === 'channel' ? ` in #${conversation.title}` : '';
      notify(`${message.author.displayName}${where}`, notificationText(message), () => void get().openConversation(message.conversationId));
    }
    // A message that skips ahead means some were missed while the line was down.
    if (gap) void get().catchUp();
  },

  async catchUp() {
    // Where each conversation is complete up to, read before any await: live messages may land meanwhile.
    // One opened far from its newest message loads newer pages as the reader goes, not all at once here.
    const from = Object.entries(get().histories)
      .filter(([, history]) => !history.hasNewer)
      .map(([conversationId, history]) => [conversationId, history.syncedSeq] as const);
    await get().loadConversations();
    for (const [conversationId, syncedSeq] of from) {
      const missed = await fetchMissed((request) => getApi().getHistory(request), conversationId, syncedSeq);
      if (missed === null) continue;
      set((state) => {
        const current = state.histories[conversationId];
        if (!current) return state;
        const synced = applyMissed(current, missed);
        return { histories: { ...state.histories, [conversationId]: { ...current, ...synced, messages: withThreadSummaries(synced.messages) } } };
      });
      get().repliesArrived(missed);
    }
    await get().loadActiveIfMissing();
  },

  async conversationsStale() {
    await get().loadConversations();
    // Names in histories and member lists may have changed (UNKNOWN USER ↔ a name): fetch again.
    set({ histories: {}, members: {} });
    const active = get().activeConversationId;
    if (active) await get().openConversation(active);
  },
});

/**
 * Each message that starts a thread takes the summary its newest reply here carries (replies
 * bring their thread's count, live or caught up): the count is as of that reply's view.
 */
export function withThreadSummaries(messages: MessageView[]): MessageView[] {
  const latest = new Map<string, MessageView['thread']>();
  for (const message of messages) if (message.threadId && message.thread) latest.set(message.threadId, message.thread);
  if (latest.size === 0) return messages;
  return messages.map((message) => {
    const thread = latest.get(message.id);
    return thread && (message.thread?.replyCount !== thread.replyCount || message.thread.lastReplyAt !== thread.lastReplyAt) ? { ...message, thread } : message;
  });
}

/** The messages of a conversation's own log: its history without the replies it holds for catching up. */
export function logMessages(messages: MessageView[]): MessageView[] {
  return messages.some((message) => message.threadId !== null) ? messages.filter((message) => message.threadId === null) : messages;
}

/** Whether a message is news to its readers: anything someone wrote, and notices such as a scheduled meeting, not joins or renames. */
export function isNews(message: MessageView): boolean {
  return message.notice === null || message.notice.kind === 'meeting-scheduled';
}

/** What a notification says of a message. */
function notificationText(message: MessageView): string {
  if (message.notice?.kind === 'meeting-scheduled') return `Scheduled a meeting: ${message.notice.title}`;
  return message.text || message.file?.name || '';
}

/** Unread messages across all conversations. */
export const selectTotalUnread = (state: ConversationsSlice) => state.conversations.reduce((total, conversation) => total + conversation.unreadCount, 0);

/** The conversation on screen. */
export const selectActiveConversation = (state: ConversationsSlice) =>
  state.conversations.find((conversation) => conversation.id === state.activeConversationId) ?? null;
