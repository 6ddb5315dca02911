import type { StateCreator } from 'zustand';
import type { ConversationSummary, MessageView, PersonRef, PersonSummary } from '../../src-shared/protocol/model';
import { applyMissed, fetchMissed, mergeMessages, receiveMessage, type SyncedMessages } from '../../src-shared/session/catchUp';
import type { OutboxEntry } from '../../src-shared/session/outbox';
import { getApi } from '../bridge/api';
import { notify } from '../features/shell/notify';
import type { AppState } from './appStore';

export interface ConversationHistory extends SyncedMessages {
  hasMore: boolean;
}

export interface ConversationsSlice {
  conversations: ConversationSummary[];
  activeConversationId: string | null;
  histories: Record<string, ConversationHistory>;
  members: Record<string, PersonRef[]>;
  /** A short notice for the person (e.g. a chat removed because a federation changed). */
  notice: string | null;
  chatError: string | null;
  loadConversations(): Promise<void>;
  openConversation(conversationId: string): Promise<void>;
  startChat(userId: string): Promise<void>;
  sendMessage(text: string): Promise<boolean>;
  /** Messages on their way (pending) or refused (failed), from the session's outbox. */
  outbox: OutboxEntry[];
  /** Written by the bridge only. */
  outboxChanged(entries: OutboxEntry[]): void;
  loadOlder(conversationId: string): Promise<void>;
  dismissNotice(): void;
  /** Each returns an error message, or null when done. */
  /** `confirmSplit`: the person confirmed that some members will not see each other (SPEC 1 rule 6). */
  createChannel(input: { name: string; topic?: string; visibility: 'public' | 'private'; memberIds: string[]; confirmSplit?: boolean }): Promise<string | null>;
  inviteToChannel(channelId: string, userIds: string[], confirmSplit?: boolean): Promise<string | null>;
  joinChannel(channelId: string): Promise<void>;
  leaveChannel(channelId: string): Promise<void>;
  updateChannel(channelId: string, changes: { name?: string; topic?: string | null }): Promise<string | null>;
  editMessage(messageId: string, text: string): Promise<void>;
  deleteMessage(messageId: string): Promise<void>;
  markActiveRead(): void;
  typing: Record<string, { name: string; until: number }>;
  noteTyping(): void;
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

let lastTypingSent = 0;
let lastTypingConversation: string | null = null;

const merge = mergeMessages;

export const createConversationsSlice: StateCreator<AppState, [], [], ConversationsSlice> = (set, get) => ({
  conversations: [],
  activeConversationId: null,
  histories: {},
  members: {},
  notice: null,
  chatError: null,
  typing: {},
  outbox: [],

  async loadConversations() {
    const result = await getApi().listConversations();
    if (!result.ok) return;
    const before = get().conversations;
    const ids = new Set(result.data.map((conversation) => conversation.id));
    const removedChats = before.filter((conversation) => conversation.kind === 'direct' && !ids.has(conversation.id));
    const active = get().activeConversationId;
    set({
      conversations: result.data,
      activeConversationId: active && ids.has(active) ? active : null,
      ...(removedChats.length > 0
        ? { notice: `${removedChats.length === 1 ? 'A chat was' : `${removedChats.length} chats were`} removed because a federation changed.` }
        : {}),
    });
  },

  async openConversation(conversationId) {
    set({ activeConversationId: conversationId, chatError: null, section: 'chat' });
    if (!get().conversations.some((conversation) => conversation.id === conversationId)) await get().loadConversations();
    const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
    if (!conversation) {
      set({ activeConversationId: null, chatError: 'You are not a member of that channel.' });
      return;
    }
    const history = await getApi().getHistory({ conversationId });
    if (history.ok) {
      set((state) => {
        const current = state.histories[conversationId] ?? { messages: [], syncedSeq: 0, hasMore: false };
        // The newest page is complete up to its last message.
        const synced = applyMissed({ messages: current.messages, syncedSeq: 0 }, history.data.messages);
        return { histories: { ...state.histories, [conversationId]: { ...synced, syncedSeq: Math.max(current.syncedSeq, synced.syncedSeq), hasMore: history.data.hasMore } } };
      });
    }
    if (conversation.kind === 'channel') {
      const members = await getApi().getChannelMembers({ channelId: conversationId });
      if (members.ok) set((state) => ({ members: { ...state.members, [conversationId]: members.data } }));
    }
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

  async sendMessage(text) {
    const conversationId = get().activeConversationId;
    if (!conversationId || text.trim() === '') return false;
    // The outbox takes it at once; it shows pending until the backend acknowledges it.
    const result = await getApi().sendMessage({ conversationId, text });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return false;
    }
    return true;
  },

  outboxChanged(entries) {
    set({ outbox: entries });
  },

  async loadOlder(conversationId) {
    const history = get().histories[conversationId];
    if (!history?.hasMore) return;
    const result = await getApi().getHistory({ conversationId, beforeSeq: history.messages[0]?.seq });
    if (result.ok) {
      set((state) => ({
        histories: { ...state.histories, [conversationId]: { ...history, messages: merge(state.histories[conversationId]?.messages ?? [], result.data.messages), hasMore: result.data.hasMore } },
      }));
    }
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
    if (result.ok) get().messageUpdated(result.data);
    else set({ chatError: result.error.message });
  },

  async deleteMessage(messageId) {
    const conversationId = get().activeConversationId;
    const result = await getApi().deleteMessage({ messageId });
    if (result.ok && conversationId) get().messageDeleted(conversationId, messageId);
    else if (!result.ok) set({ chatError: result.error.message });
  },

  markActiveRead() {
    const conversation = get().conversations.find((candidate) => candidate.id === get().activeConversationId);
    if (!conversation || conversation.unreadCount === 0) return;
    set((state) => ({ conversations: state.conversations.map((candidate) => (candidate.id === conversation.id ? { ...candidate, unreadCount: 0 } : candidate)) }));
    void getApi().markRead({ conversationId: conversation.id, seq: conversation.lastSeq });
  },

  noteTyping() {
    const conversationId = get().activeConversationId;
    if (!conversationId) return;
    // Throttled: others hear at most once every 3 seconds while one types.
    const now = Date.now();
    if (now - lastTypingSent < 3_000 && lastTypingConversation === conversationId) return;
    lastTypingSent = now;
    lastTypingConversation = conversationId;
    void getApi().startTyping({ conversationId });
  },

  messageUpdated(message) {
    set((state) => {
      const history = state.histories[message.conversationId];
      if (!history) return state;
      return { histories: { ...state.histories, [message.conversationId]: { ...history, messages: history.messages.map((candidate) => (candidate.id === message.id ? message : candidate)) } } };
    });
  },

  messageDeleted(conversationId, messageId) {
    set((state) => {
      const history = state.histories[conversationId];
      if (!history) return state;
      return { histories: { ...state.histories, [conversationId]: { ...history, messages: history.messages.filter((candidate) => candidate.id !== messageId) } } };
    });
  },

  async conversationChanged(conversationId) {
    await get().loadConversations();
    const stillThere = get().conversations.some((conversation) => conversation.id === conversationId);
    if (stillThere && conversationId === get().activeConversationId) {
      const members = await getApi().getChannelMembers({ channelId: conversationId });
      if (members.ok) set((state) => ({ members: { ...state.members, [conversationId]: members.data } }));
    }
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
    const viewing = message.conversationId === get().activeConversationId && get().windowFocused;
    let gap = false;
    set((state) => {
      const history = state.histories[message.conversationId];
      const received = history ? receiveMessage(history, message) : null;
      gap = received?.gap ?? false;
      return {
        histories: history && received ? { ...state.histories, [message.conversationId]: { ...history, messages: received.messages, syncedSeq: received.syncedSeq } } : state.histories,
        conversations: state.conversations
          .map((conversation) =>
            conversation.id === message.conversationId
              ? {
                  ...conversation,
                  lastSeq: Math.max(conversation.lastSeq, message.seq),
                  lastMessageAt: message.createdAt,
                  unreadCount: ownMessage || viewing ? conversation.unreadCount : conversation.unreadCount + 1,
                }
              : conversation,
          )
          .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '')),
      };
    });
    if (!known) void get().loadConversations();
    if (!ownMessage && !get().windowFocused) {
      const conversation = get().conversations.find((candidate) => candidate.id === message.conversationId);
      const where = conversation?.kind === 'channel' ? ` in #${conversation.title}` : '';
      notify(`${message.author.displayName}${where}`, message.text || message.file?.name || '', () => void get().openConversation(message.conversationId));
    }
    // A message that skips ahead means some were missed while the line was down.
    if (gap) void get().catchUp();
  },

  async catchUp() {
    // Where each conversation is complete up to, read before any await: live messages may land meanwhile.
    const from = Object.entries(get().histories).map(([conversationId, history]) => [conversationId, history.syncedSeq] as const);
    await get().loadConversations();
    for (const [conversationId, syncedSeq] of from) {
      const missed = await fetchMissed((request) => getApi().getHistory(request), conversationId, syncedSeq);
      if (missed === null) continue;
      set((state) => {
        const current = state.histories[conversationId];
        return current ? { histories: { ...state.histories, [conversationId]: { ...current, ...applyMissed(current, missed) } } } : state;
      });
    }
  },

  async conversationsStale() {
    await get().loadConversations();
    // Names in histories and member lists may have changed (UNKNOWN USER ↔ a name): fetch again.
    set({ histories: {}, members: {} });
    const active = get().activeConversationId;
    if (active) await get().openConversation(active);
  },
});

/** Unread messages across all conversations. */
export const selectTotalUnread = (state: ConversationsSlice) => state.conversations.reduce((total, conversation) => total + conversation.unreadCount, 0);

/** The conversation on screen. */
export const selectActiveConversation = (state: ConversationsSlice) =>
  state.conversations.find((conversation) => conversation.id === state.activeConversationId) ?? null;
